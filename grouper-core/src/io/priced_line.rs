//! The `drg price` JSON line of a priced claim, written directly into the output buffer.
//!
//! The bytes are serde_json's compact serialisation of [`PricedClaim`], byte for byte (the FY2021
//! reference test compares them on every reference claim, and
//! `grouped_fields_escapes_warnings_columns_and_edits_print_as_serde_does` on grouped claims,
//! escapes and echoed columns): the keys are constants, the decimals are printed without
//! `core::fmt`, and the review code, transfer and pricer return code are copied from their
//! serde_json text ([`super::enum_json`]). The id, the grouper's fields, the other enums,
//! warnings and echoed columns still go through serde_json, so every name and escape rule has
//! one source.

use std::io;

use rust_decimal::Decimal;
use serde::Serialize;

use super::enum_json::EnumJson;
use super::json_line::{write_end, write_str, write_value};
use super::price::PricedClaim;
use crate::payment::decimal_text::DecimalText;
use crate::payment::PaymentResult;

/// Append `claim`'s JSON line (with its newline) to `out`.
pub(crate) fn write_priced(claim: &PricedClaim, out: &mut Vec<u8>) -> io::Result<()> {
    out.push(b'{');
    if let Some(id) = &claim.id {
        out.extend_from_slice(b"\"id\":");
        write_value(id, out)?;
        out.push(b',');
    }
    out.extend_from_slice(b"\"line\":");
    write_value(&claim.line, out)?;
    for (key, value) in &claim.grouped {
        out.push(b',');
        write_value(key, out)?;
        out.push(b':');
        write_value(value, out)?;
    }
    write_payment(&claim.payment, out)?;
    out.extend_from_slice(b",\"pricer_return_text\":");
    let text = claim.pricer_return_text;
    if text == claim.payment.pricer_return_code.text() {
        // The code's own text, which needs no escape (a test checks every code's).
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        write_str(text, out)?;
    }
    write_end(
        &claim.warnings,
        claim.passthrough.as_ref(),
        claim.edits.as_ref(),
        out,
    )
}

/// Each field of `p` after a comma, under its own name (the serde name: `PaymentResult`
/// renames none), written by `$write`.
macro_rules! fields {
    ($write:ident, $p:ident, $out:ident: $($field:ident),+ $(,)?) => {
        $( $write(concat!(",\"", stringify!($field), "\":").as_bytes(), &$p.$field, $out)?; )+
    };
}

/// The payment's fields in [`PaymentResult`]'s order, each after a comma. Written in four
/// parts, each small enough for the compiler to inline every copy into it (a key is then a
/// constant: a few moves, not a call); as one function it stopped doing so.
fn write_payment(p: &PaymentResult, out: &mut Vec<u8>) -> io::Result<()> {
    drg_and_wage_index(p, out)?;
    factors(p, out)?;
    operating_payments(p, out)?;
    capital_payments_and_totals(p, out)
}

#[inline(never)]
fn drg_and_wage_index(p: &PaymentResult, out: &mut Vec<u8>) -> io::Result<()> {
    fields!(value, p, out: drg, fiscal_year);
    fields!(factor, p, out: drg_relative_weight, drg_geometric_mean_los, drg_arithmetic_mean_los);
    fields!(variant, p, out: review_code, transfer);
    fields!(value, p, out: per_diem_days);
    fields!(factor, p, out: transfer_adjustment, discharge_fraction, drg_weight_fraction);
    fields!(factor, p, out: wage_index);
    fields!(value, p, out: wage_index_cbsa, area_size, rate_table);
    fields!(money, p, out: labor_amount, non_labor_amount);
    Ok(())
}

#[inline(never)]
fn factors(p: &PaymentResult, out: &mut Vec<u8>) -> io::Result<()> {
    fields!(
        factor, p, out:
        cost_of_living_adjustment,
        operating_ime_factor,
        operating_dsh_factor,
        geographic_adjustment_factor,
        capital_federal_rate,
        capital_cola,
        capital_ime_factor,
        capital_dsh_factor,
    );
    fields!(optional_factor, p, out: hsp_update_factor);
    fields!(
        factor, p, out:
        operating_federal_part,
        capital_federal_part,
        operating_outlier_part,
        capital_outlier_part,
    );
    Ok(())
}

#[inline(never)]
fn operating_payments(p: &PaymentResult, out: &mut Vec<u8>) -> io::Result<()> {
    fields!(
        money, p, out:
        operating_federal_payment,
        operating_ime_payment,
        operating_dsh_payment,
        uncompensated_care_payment,
        hospital_specific_payment,
        new_technology_payment,
    );
    fields!(value, p, out: new_technologies);
    fields!(
        money, p, out:
        operating_outlier_payment,
        capital_federal_payment,
        capital_ime_payment,
        capital_dsh_payment,
    );
    Ok(())
}

#[inline(never)]
fn capital_payments_and_totals(p: &PaymentResult, out: &mut Vec<u8>) -> io::Result<()> {
    fields!(
        money, p, out:
        capital_outlier_payment,
        capital_total_payment,
        low_volume_payment,
        readmissions_adjustment,
        value_based_purchasing_adjustment,
        hac_reduction,
        islet_isolation_payment,
        base_drg_payment,
        operating_base_drg_payment,
        outlier_fixed_loss_threshold,
        outlier_charge_threshold,
        total_payment,
    );
    fields!(variant, p, out: pricer_return_code);
    Ok(())
}

/// A value serde_json writes (an enum, an integer, a name).
#[inline(always)]
fn value<T: Serialize + ?Sized>(key: &[u8], v: &T, out: &mut Vec<u8>) -> io::Result<()> {
    out.extend_from_slice(key);
    write_value(v, out)
}

/// An enum value, copied from its serde_json text.
#[inline(always)]
fn variant<T: EnumJson>(key: &[u8], v: &T, out: &mut Vec<u8>) -> io::Result<()> {
    out.extend_from_slice(key);
    v.write_json(out)
}

#[inline(always)]
fn optional_factor(key: &[u8], v: &Option<Decimal>, out: &mut Vec<u8>) -> io::Result<()> {
    match v {
        Some(f) => factor(key, f, out),
        None => {
            out.extend_from_slice(key);
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

// The decimal writers are inlined into `write_payment`, where each key is a constant: its
// copy is then a few moves, not a call to `memcpy` (a priced line has about 45 of them).

#[inline(always)]
fn factor(key: &[u8], v: &Decimal, out: &mut Vec<u8>) -> io::Result<()> {
    quoted(key, DecimalText::new(*v), out);
    Ok(())
}

#[inline(always)]
fn money(key: &[u8], v: &Decimal, out: &mut Vec<u8>) -> io::Result<()> {
    quoted(key, DecimalText::money(*v), out);
    Ok(())
}

/// `key`, then the decimal's text in quotes: it needs no escape (digits, '-' and '.').
#[inline(always)]
fn quoted(key: &[u8], text: DecimalText, out: &mut Vec<u8>) {
    out.extend_from_slice(key);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::enum_json::EnumJson;
    use crate::io::{group_for_pricing, price_record, InputRecord, PriceOutcome, ReadOptions};
    use crate::payment::PricerReturnCode;
    use crate::payment::{PaymentTableSet, PricingContext};

    #[test]
    fn every_return_code_text_prints_unescaped_as_serde_does() {
        for code in <PricerReturnCode as EnumJson>::VARIANTS {
            let text = code.text();
            let serde = serde_json::to_string(text).expect("serde");
            assert_eq!(format!("\"{text}\""), serde, "{code:?}");
        }
    }

    fn printed_and_serde(outcome: &PriceOutcome) -> (String, String) {
        let PriceOutcome::Priced(p) = outcome else {
            panic!("not priced: {outcome:?}");
        };
        let mut direct = Vec::new();
        write_priced(p, &mut direct).expect("direct");
        let mut serde = serde_json::to_vec(outcome).expect("serde");
        serde.push(b'\n');
        let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
        (text(direct), text(serde))
    }

    #[test]
    fn grouped_fields_escapes_warnings_columns_and_edits_print_as_serde_does() {
        let grouper = crate::Grouper::embedded().expect("tables");
        let ctx = PricingContext {
            tables: PaymentTableSet::embedded().expect("IPPS tables"),
            providers: None,
        };
        let group = |claim: &serde_json::Value| group_for_pricing(&grouper, claim);
        let examples = include_str!("../../../examples/price-claims.jsonl");
        let given = examples.lines().nth(1).expect("the claim with its DRG");
        let variants = [
            examples
                .lines()
                .next()
                .expect("the claim to group")
                .to_string(),
            given.to_string(),
            given.replace(r#""id":"price-given-drg""#, r#""id":"a\"b\\c\u0001é""#),
            given.replace(r#""id":"price-given-drg","#, ""),
            given.replace(r#""drg":291"#, r#""drg":"291","passthrough":{"k\"":"v\n"}"#),
            given.replace(r#""length_of_stay":5"#, r#""length_of_stay":1,"extra":1"#),
            given.replace(
                r#""hrrAdjustment":"0.9960""#,
                r#""hrrAdjustment":"0.99601""#,
            ),
        ];
        for (i, line) in variants.iter().enumerate() {
            let record = InputRecord::new(i + 1, line.as_str());
            let mut outcome =
                price_record(&record, &ctx, &group, ReadOptions::default()).expect("priced");
            let (direct, serde) = printed_and_serde(&outcome);
            assert_eq!(direct, serde, "{line}");
            outcome.set_edits(serde_json::json!({"edits": ["E\"1"]}));
            let (direct, serde) = printed_and_serde(&outcome);
            assert_eq!(direct, serde, "{line} with edits");
        }
    }
}
