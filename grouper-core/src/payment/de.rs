//! Lenient serde readers for claim and provider JSON: decimals as strings or numbers (exactly,
//! never through a float that changes the digits), codes as strings or integers, "" as absent.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

use super::decimal_text::DecimalText;

/// Decimal from a JSON string or number. A JSON number arrives as f64; its shortest
/// round-trip text is the digits the user wrote (for up to 15 significant digits), which is
/// what we parse, so `24865.03` is exactly 24865.03.
fn decimal_from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    Decimal::from_str(&format!("{v}")).ok()
}

/// The key under which serde_json's `arbitrary_precision` passes a number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

struct OptDecimalVisitor;

impl<'de> Visitor<'de> for OptDecimalVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a decimal number or a string holding one")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptDecimalVisitor)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        decimal_from_f64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("{v} is not a usable decimal")))
    }
    /// serde_json (`arbitrary_precision`, so that ids echo exactly) hands a number that is not
    /// a 64-bit integer over as a one-entry map holding its text: parsed exactly.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_entry::<String, String>()? {
            Some((key, text)) if key == NUMBER_TOKEN => Decimal::from_str(&text)
                .or_else(|_| Decimal::from_scientific(&text))
                .map(Some)
                .map_err(|_| de::Error::custom(format!("{text} is not a usable decimal"))),
            _ => Err(de::Error::custom(
                "expected a decimal number, got an object",
            )),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        decimal_in_string(v).ok_or_else(|| E::custom(format!("{v:?} is not a decimal number")))
    }
}

/// The decimal a JSON string holds (`Some(None)` for blank), `None` when it holds none.
pub(crate) fn decimal_in_string(v: &str) -> Option<Option<Decimal>> {
    let t = v.trim();
    if t.is_empty() {
        return Some(None);
    }
    let ok = t
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    if !ok {
        return None;
    }
    Decimal::from_str(t).ok().map(Some)
}

/// `Option<Decimal>`: absent, null or "" → None.
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(OptDecimalVisitor)
}

/// Required `Decimal`.
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    opt_decimal(d)?.ok_or_else(|| de::Error::custom("a decimal number is required"))
}

struct OptCodeVisitor;

impl<'de> Visitor<'de> for OptCodeVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a code as a string or an integer")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(OptCodeVisitor)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(code_in_string(v))
    }
}

/// The code a JSON string holds, trimmed; `None` for blank.
pub(crate) fn code_in_string(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Code or indicator: string or integer; absent, null or "" → None.
pub fn opt_code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptCodeVisitor)
}

/// Date written as YYYY-MM-DD or YYYYMMDD (string or integer); "" → None.
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<crate::date::Date>, D::Error> {
    match opt_code(d)? {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(de::Error::custom),
    }
}

/// A list of codes, each a string or an integer.
pub fn code_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Code(#[serde(deserialize_with = "opt_code")] Option<String>);
    let v: Option<Vec<Code>> = serde::Deserialize::deserialize(d)?;
    Ok(v.unwrap_or_default()
        .into_iter()
        .filter_map(|c| c.0)
        .collect())
}

/// Integer given as a JSON number or a string of digits (with optional sign).
pub fn opt_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match opt_decimal(d)? {
        None => Ok(None),
        Some(v) if v.fract().is_zero() => i64::try_from(v)
            .map(Some)
            .map_err(|_| de::Error::custom(format!("{v} is out of range"))),
        Some(v) => Err(de::Error::custom(format!("{v} is not a whole number"))),
    }
}

/// Serialize money with exactly two decimal places, as a string ("24865.03").
pub fn money<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(DecimalText::money(*v).as_str())
}

/// Serialize a factor as a decimal string at its own scale ("1.6914").
pub fn factor<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(DecimalText::new(*v).as_str())
}

/// Optional factor as a string or null.
pub fn opt_factor<S: serde::Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => factor(d, s),
        None => s.serialize_none(),
    }
}

/// Required integer (JSON number or digit string).
pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    opt_integer(d)?.ok_or_else(|| de::Error::custom("a whole number is required"))
}
