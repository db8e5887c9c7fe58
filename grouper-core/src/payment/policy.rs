//! Rules that differ by fiscal year, in one place: each field is one CMS policy, selected by
//! the discharge's fiscal year (the year of the tables that price it).
//!
//! Years with a CMS pricer reference (FY2021: the COBOL pricer release 2021.5) are confirmed by
//! it; a boundary year without one is marked as such on its rule.

/// The fiscal-year-dependent rules of one pricing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Policy {
    /// Capital DSH eligibility counts a hospital as urban when its actual geographic CBSA is
    /// urban, even if its standardized-amount area is rural (the Java pricer's
    /// `CalculateCapitalDisproportionateShareHospital2024`, so FY2024 on; the FY2021 COBOL
    /// pricer reads only the wage-index area size: PPCAL215 3000). FY2022-FY2023 keep the
    /// COBOL test (the FY2023 rule list was not readable: `shared/cms/ipps/fy2023/README.md`).
    pub capital_dsh_geographic_urban: bool,
    /// A capital-only outlier shows 0.01 of operating outlier (and in the total): PAYMENT.md
    /// §10's quirk of the Java pricer (FY2022 on, boundary unconfirmed). The FY2021 COBOL
    /// pricer adds the cent before computing PPS-OPER-OUTLIER-PART, which overwrites it
    /// (PPCAL215 3800), so FY2021 shows none.
    pub capital_only_outlier_shows_operating_cent: bool,
    /// Puerto Rico hospitals are paid from their own rate tables (`ratex` tab9/tab10,
    /// PAYMENT.md §4.2, the Java pricer; FY2022 on, boundary unconfirmed). The FY2021 COBOL
    /// pricer picks a Puerto Rico hospital's table like any other's (PPCAL215 2050-RATES-TB),
    /// and its hospital-specific update by the quality and EHR flags like any other's (3450).
    pub puerto_rico_rate_tables: bool,
    /// The special-pay transfer share `0.5 × perDiemDays / GMLOS` is truncated to 5 dp before
    /// it scales the weight (PAYMENT.md §7, the Java pricer; FY2022 on, boundary unconfirmed).
    /// The FY2021 COBOL pricer keeps the quotient to 9 digits (PPCAL215 3000).
    pub special_pay_share_truncated: bool,
    /// DRG 018's no-cost-product diagnosis (Z006) counts only in positions 2-25, not as the
    /// principal diagnosis (PPCAL215 2800, FY2021; later years not confirmed, so they keep
    /// every position as PAYMENT.md §4.4 reads).
    pub no_cost_diagnosis_secondary_only: bool,
    /// A supplemental (prior-year) wage index is required of every hospital: indicator `1`
    /// with a positive value, else RTC 52 (the FY2020-FY2021 transitional 5 % cap in PPDRV215;
    /// from FY2023 the permanent cap applies only where the indicator is given).
    pub supplemental_wage_index_required: bool,
    /// An Indian Health Service hospital (type 08) is paid the Indian wage index (rows 98/99)
    /// even when its PSF gives a special wage index (PPDRV215, FY2021). PAYMENT.md §3 reads the
    /// Java pricer as skipping the IHS step for a special wage index; later years keep that.
    pub indian_health_service_over_special_wage_index: bool,
    /// The rural floor applies only to hospitals whose wage-index area is urban (FY2020-FY2021
    /// variant, PPDRV215 2300-2015-FWD-FLOOR-CBSA; PAYMENT.md §3 6b). Other years apply it to
    /// every location (the FY2019 base rule; the FY2023 rule body was not readable).
    pub rural_floor_urban_only: bool,
    /// The 5 % cap compares the change ratio rounded to 4 dp (the Java pricer's `divide`,
    /// FY2022 on, boundary unconfirmed); FY2021's COBOL compares it unrounded.
    pub wage_index_cap_ratio_rounded: bool,
    /// The new COVID-19 treatments add-on (NCTAP) with its FY2021 procedure windows (PPCAL215
    /// 3650, confirmed). Later years' NCTAP (NDC-based, through the end of the public health
    /// emergency) could not be read, so it is not paid there: a documented gap, not a zero
    /// claimed to be right.
    pub nctap_fy2021_windows: bool,
}

impl Policy {
    /// The rules in force for discharges of federal fiscal year `fiscal_year`.
    pub(super) fn for_fiscal_year(fiscal_year: u16) -> Policy {
        Policy {
            capital_dsh_geographic_urban: fiscal_year >= 2024,
            capital_only_outlier_shows_operating_cent: fiscal_year >= 2022,
            puerto_rico_rate_tables: fiscal_year >= 2022,
            special_pay_share_truncated: fiscal_year >= 2022,
            no_cost_diagnosis_secondary_only: fiscal_year <= 2021,
            supplemental_wage_index_required: fiscal_year <= 2021,
            indian_health_service_over_special_wage_index: fiscal_year <= 2021,
            rural_floor_urban_only: (2020..=2021).contains(&fiscal_year),
            wage_index_cap_ratio_rounded: fiscal_year >= 2022,
            nctap_fy2021_windows: fiscal_year == 2021,
        }
    }
}
