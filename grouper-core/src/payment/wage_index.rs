//! Wage index derivation, PAYMENT.md §3: locations, special wage index, rural and imputed
//! floors, out-migration, the 5 % decrease cap, Indian Health Service rows and area size.

use rust_decimal::Decimal;

use super::error::{invalid_provider, PricingError};
use super::math;
use super::policy::Policy;
use super::provider::{Provider, ProviderType};
use super::return_code::PricerReturnCode as Rtc;
use super::steps::{self, d};
use super::tables::{OptionalTable, PaymentTables, WageIndexRow};
use crate::date::Date;

/// The wage index a claim is paid with (§3) and where it came from.
pub(super) struct WageIndex {
    pub(super) value: Decimal,
    /// PSF `cbsaActualGeographicLocation` (capital DSH urban test, §6).
    pub(super) geographic_cbsa: String,
    /// CBSA shown in the result: the location used, a state code (rural floor), "98"/"99"
    /// (IHS) or "SPEC" (special wage index).
    pub(super) cbsa: String,
    /// 'R' rural, 'O' other urban, 'L' large urban (step 8).
    pub(super) size: char,
}

/// A blank location: absent, empty or all zeros ("00000").
fn blank(v: &Option<String>) -> bool {
    v.as_deref()
        .is_none_or(|s| s.trim().is_empty() || s.trim().chars().all(|c| c == '0'))
}

/// Wage-index rows of the discharge's fiscal year, with the RTC 52 error for a missing CBSA.
struct Rows<'t> {
    t: &'t PaymentTables,
    date: Date,
}

impl<'t> Rows<'t> {
    fn find(&self, cbsa: &str) -> Option<&'t WageIndexRow> {
        self.t.wage_index_row(cbsa, self.date)
    }

    fn get(&self, cbsa: &str) -> Result<&'t WageIndexRow, PricingError> {
        self.find(cbsa).ok_or_else(|| PricingError::UnknownCbsa {
            cbsa: cbsa.to_string(),
            fiscal_year: self.t.fiscal_year,
            discharge_date: self.date.to_string(),
        })
    }
}

/// §3 wage index derivation, steps 1–8.
pub(super) fn wage_index<'p>(
    p: &'p Provider,
    provider_type: ProviderType,
    state: &str,
    date: Date,
    t: &PaymentTables,
) -> Result<WageIndex, PricingError> {
    let geo = p
        .cbsa_actual_geographic_location
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            invalid_provider(
                "cbsaActualGeographicLocation",
                "",
                "is required",
                Rtc::InvalidProviderData,
            )
        })?;
    let spi = special_payment_indicator(p);
    let rows = Rows { t, date };
    let outmigration = outmigration(p, &rows);
    // Step 2: blank locations default to the geographic location.
    let location = |given: &'p Option<String>| {
        if blank(given) {
            geo
        } else {
            given.as_deref().unwrap_or_default()
        }
    };
    let wi_loc = location(&p.cbsa_wage_index_location);
    let std_loc = location(&p.cbsa_standardized_amount_location);
    // Step 3: reclassified (Y) and dual (D) hospitals use the wage-index location.
    let cbsa = if spi == "Y" || spi == "D" {
        wi_loc
    } else {
        std_loc
    };
    let policy = Policy::for_fiscal_year(t.fiscal_year);
    let (value, cbsa) = if has_special_wage_index(p) {
        let special = (special_wage_index(p, t)?, "SPEC".to_string());
        if policy.indian_health_service_over_special_wage_index {
            indian_health_service(provider_type, state, special.0, special.1, &rows)?
        } else {
            special
        }
    } else {
        let (wi, cbsa) = table_wage_index(p, cbsa, spi, state, outmigration, &rows)?;
        indian_health_service(provider_type, state, wi, cbsa, &rows)?
    };
    Ok(WageIndex {
        value,
        geographic_cbsa: geo.to_string(),
        cbsa,
        size: area_size(std_loc, &rows)?,
    })
}

/// PSF `specialPaymentIndicator`, trimmed ("" when absent).
fn special_payment_indicator(p: &Provider) -> &str {
    p.special_payment_indicator
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
}

/// Step 4: the PSF gives a special wage index (indicator 1 or 2), which replaces the table's.
pub(super) fn has_special_wage_index(p: &Provider) -> bool {
    matches!(special_payment_indicator(p), "1" | "2")
}

/// Step 1 eligibility: a hospital neither reclassified (blank wage-index and standardized
/// locations) nor with a special WI indicator, with a county to look up.
pub(super) fn outmigration_eligible(p: &Provider) -> bool {
    let spi = special_payment_indicator(p);
    let spi_none = spi.is_empty() || spi == "0";
    blank(&p.cbsa_wage_index_location)
        && blank(&p.cbsa_standardized_amount_location)
        && spi_none
        && p.county_code
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
}

/// Step 1: the out-migration adjustment of an eligible hospital's county (0 when none).
fn outmigration(p: &Provider, rows: &Rows) -> Decimal {
    if !outmigration_eligible(p) {
        return Decimal::ZERO;
    }
    p.county_code
        .as_deref()
        .and_then(|c| rows.t.outmigration(c.trim(), rows.date))
        .map_or(Decimal::ZERO, |r| r.adjustment)
}

/// Step 4: the PSF special wage index (positive, record effective within the FY; RTC 52).
fn special_wage_index(p: &Provider, t: &PaymentTables) -> Result<Decimal, PricingError> {
    let wi = p.special_wage_index.unwrap_or(Decimal::ZERO);
    if !math::is_positive(wi) || wi > d(999999, 4) {
        return Err(invalid_provider(
            "specialWageIndex",
            wi,
            "must be positive when specialPaymentIndicator is 1 or 2",
            Rtc::InvalidProviderData,
        ));
    }
    let fy_start = Date::fiscal_year_start(t.fiscal_year);
    if p.effective_date.is_none_or(|e| e < fy_start) {
        return Err(invalid_provider(
            "effectiveDate",
            p.effective_date.map(|e| e.to_string()).unwrap_or_default(),
            &format!(
                "a special wage index needs a PSF record effective within FY{}",
                t.fiscal_year
            ),
            Rtc::InvalidProviderData,
        ));
    }
    Ok(wi)
}

/// Steps 5–6: the table row, rural floor, imputed floor, out-migration and the 5 % cap.
fn table_wage_index<'a>(
    p: &Provider,
    cbsa: &'a str,
    spi: &str,
    state: &'a str,
    outmigration: Decimal,
    rows: &Rows,
) -> Result<(Decimal, String), PricingError> {
    let row = rows.get(cbsa)?;
    let mut shown = cbsa;
    let mut wi = if spi == "Y" {
        row.reclassified_wage_index
    } else {
        row.geographic_wage_index
    };
    let fx = &rows.t.factors;
    let policy = Policy::for_fiscal_year(rows.t.fiscal_year);
    let state_row_code = if state == "00" { "03" } else { state };
    if let Some(state_row) = rows.find(state_row_code) {
        // 6b rural floor: the state's rural wage index, or the year's own floor value where
        // CMS gives one (FY2021: column 3 of its CBSA table); urban areas only where the
        // year's policy says so (see `Policy::rural_floor_urban_only`).
        let floor = fx
            .rural_floor_by_state
            .get(state_row_code)
            .copied()
            .unwrap_or(state_row.geographic_wage_index);
        let eligible = !policy.rural_floor_urban_only || cbsa.trim().len() > 2;
        if eligible && floor > wi {
            wi = floor;
            shown = state_row_code;
        }
        // 6c imputed floor.
        if math::is_positive(state_row.imputed_floor_wage_index)
            && state_row.imputed_floor_wage_index > wi
        {
            wi = state_row.imputed_floor_wage_index;
        }
    }
    // 6d out-migration.
    wi += outmigration;
    // Low-wage-index hospital policy (FY2020-FY2024): below the year's quartile limit, half the
    // difference is added (PPDRV215 0550-GET-CBSA; `wage_index_quartile_limit` in fy-factors).
    if let Some(limit) = fx.wage_index_quartile_limit {
        if wi < limit {
            wi = steps::low_wage_index_boost(wi, limit);
        }
    }
    Ok((decrease_cap(p, wi, &policy)?, shown.to_string()))
}

/// Step 6e: cap the year-over-year decrease at 5 % of the PSF supplemental (prior-year) WI.
fn decrease_cap(p: &Provider, wi: Decimal, policy: &Policy) -> Result<Decimal, PricingError> {
    let indicated = p.supplemental_wage_index_indicator.as_deref() == Some("1");
    if !indicated && policy.supplemental_wage_index_required {
        return Err(invalid_provider(
            "supplementalWageIndexIndicator",
            p.supplemental_wage_index_indicator.as_deref().unwrap_or(""),
            "must be 1 with a supplemental (prior-year) wage index in this fiscal year",
            Rtc::InvalidProviderData,
        ));
    }
    if !indicated {
        return Ok(wi);
    }
    let prev = p.supplemental_wage_index.unwrap_or(Decimal::ZERO);
    // PSF `P-NEW-SUPP-WI` is PIC 9(02)V9(04): a larger value is not a wage index (and would
    // overflow the payment arithmetic).
    if !math::is_positive(prev) || prev > d(999999, 4) {
        return Err(invalid_provider(
            "supplementalWageIndex",
            prev,
            "must be positive and at most 99.9999 when supplementalWageIndexIndicator is 1",
            Rtc::InvalidProviderData,
        ));
    }
    let ratio = if policy.wage_index_cap_ratio_rounded {
        steps::wage_index_change_ratio(wi, prev)
    } else {
        steps::wage_index_change_ratio_exact(wi, prev)
    };
    if ratio < d(-5, 2) {
        Ok(steps::wage_index_decrease_cap(prev))
    } else {
        Ok(wi)
    }
}

/// Step 7: Indian Health Service hospitals use the Indian rows (98 Alaska, 99 elsewhere).
fn indian_health_service(
    provider_type: ProviderType,
    state: &str,
    wi: Decimal,
    cbsa: String,
    rows: &Rows,
) -> Result<(Decimal, String), PricingError> {
    if !provider_type.is_indian_health_service() {
        return Ok((wi, cbsa));
    }
    let loc = if state == "02" { "98" } else { "99" };
    Ok((rows.get(loc)?.geographic_wage_index, loc.to_string()))
}

/// Step 8: size from the standardized-amount location (2 characters → rural).
///
/// A year without its wage-index table prices only hospitals with a special wage index (see
/// `needs`), and their size then comes from the location alone: 2 digits 'R', else 'O'. Only
/// the table knows 'L' (large urban), but 'L' and 'O' price alike (both urban for capital
/// DSH, §6; operating DSH tests 'R' only, §5), so the difference shows only in `area_size`.
fn area_size(std_loc: &str, rows: &Rows) -> Result<char, PricingError> {
    if std_loc.trim().len() <= 2 {
        return Ok('R');
    }
    if !rows.t.has_table(OptionalTable::WageIndex) {
        return Ok('O');
    }
    Ok(match rows.get(std_loc)?.size {
        Some('L') => 'L',
        _ => 'O',
    })
}
