//! `drg compare A B`: two result files of the same discharges (a coder's and a CDI working
//! DRG, or one batch grouped under two versions) side by side: the claims whose DRG moved, with
//! the weight and payment change, totals by DRG shift and the case-mix change.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead};

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// What one result line says: its key (id, else line), DRG, weight and payment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    drg: Option<u64>,
    weight: Option<Decimal>,
    payment: Option<Decimal>,
}

fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn outcome(v: &Value) -> Outcome {
    let weight = ["relative_weight", "drg_relative_weight"]
        .iter()
        .find_map(|k| v.get(*k).and_then(decimal));
    Outcome {
        drg: v["final_drg"].as_u64().or_else(|| v["drg"].as_u64()),
        weight,
        payment: v.get("total_payment").and_then(decimal),
    }
}

fn key(v: &Value, line: usize) -> String {
    match v.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(id) if !id.is_null() => id.to_string(),
        _ => format!("line {line}"),
    }
}

/// One claim whose DRG differs between the two files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shift {
    /// The claim's id (or `line N` when it has none).
    pub id: String,
    /// DRG in A.
    pub drg_a: Option<u64>,
    /// DRG in B.
    pub drg_b: Option<u64>,
    /// Relative weight in A.
    pub weight_a: Option<Decimal>,
    /// Relative weight in B.
    pub weight_b: Option<Decimal>,
    /// B minus A.
    pub weight_change: Option<Decimal>,
    /// Payment B minus A, when both files are priced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_change: Option<Decimal>,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// Result lines in A.
    pub claims_a: usize,
    /// Result lines in B.
    pub claims_b: usize,
    /// Claims in both.
    pub matched: usize,
    /// Ids only in A, then only in B (at most 20 of each).
    pub unmatched: Vec<String>,
    /// Claims whose DRG moved, in A's order.
    pub shifts: Vec<Shift>,
    /// Moved claims by `A->B` DRG pair.
    pub by_shift: BTreeMap<String, usize>,
    /// Case-mix index of the matched claims in A (mean relative weight, 4 places).
    pub case_mix_a: Option<Decimal>,
    /// The same in B.
    pub case_mix_b: Option<Decimal>,
    /// Total payment of the matched claims in A and B, when priced.
    pub payment_a: Option<Decimal>,
    /// See `payment_a`.
    pub payment_b: Option<Decimal>,
}

fn read_all(input: impl BufRead) -> io::Result<(Vec<String>, HashMap<String, Outcome>)> {
    let (mut order, mut map) = (Vec::new(), HashMap::new());
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).map_err(|e| {
            io::Error::new(io::ErrorKind::InvalidData, format!("line {}: {e}", i + 1))
        })?;
        let k = key(&v, i + 1);
        if map.insert(k.clone(), outcome(&v)).is_none() {
            order.push(k);
        }
    }
    Ok((order, map))
}

/// Mean of the weights, to 4 places.
fn cmi(weights: &[Decimal]) -> Option<Decimal> {
    (!weights.is_empty())
        .then(|| (weights.iter().sum::<Decimal>() / Decimal::from(weights.len())).round_dp(4))
}

/// Compare two result files (JSON Lines of `drg group` or `drg price`), matching claims by id.
pub fn compare(a: impl BufRead, b: impl BufRead) -> io::Result<Comparison> {
    let (order_a, a) = read_all(a)?;
    let (order_b, b) = read_all(b)?;
    let mut shifts = Vec::new();
    let mut by_shift = BTreeMap::new();
    let (mut wa, mut wb, mut pa, mut pb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut matched = 0;
    for id in &order_a {
        let (Some(x), Some(y)) = (a.get(id), b.get(id)) else {
            continue;
        };
        matched += 1;
        if let (Some(p), Some(q)) = (x.weight, y.weight) {
            wa.push(p);
            wb.push(q);
        }
        if let (Some(p), Some(q)) = (x.payment, y.payment) {
            pa.push(p);
            pb.push(q);
        }
        if x.drg != y.drg {
            let pair = |d: Option<u64>| d.map_or("none".to_string(), |d| format!("{d:03}"));
            *by_shift
                .entry(format!("{}->{}", pair(x.drg), pair(y.drg)))
                .or_default() += 1;
            shifts.push(Shift {
                id: id.clone(),
                drg_a: x.drg,
                drg_b: y.drg,
                weight_a: x.weight,
                weight_b: y.weight,
                weight_change: x.weight.zip(y.weight).map(|(p, q)| q - p),
                payment_change: x.payment.zip(y.payment).map(|(p, q)| q - p),
            });
        }
    }
    let only = |order: &[String], other: &HashMap<String, Outcome>| -> Vec<String> {
        order
            .iter()
            .filter(|k| !other.contains_key(*k))
            .take(20)
            .cloned()
            .collect()
    };
    let mut unmatched = only(&order_a, &b);
    unmatched.extend(only(&order_b, &a));
    let total = |v: &[Decimal]| (!v.is_empty()).then(|| v.iter().sum());
    Ok(Comparison {
        claims_a: order_a.len(),
        claims_b: order_b.len(),
        matched,
        unmatched,
        shifts,
        by_shift,
        case_mix_a: cmi(&wa),
        case_mix_b: cmi(&wb),
        payment_a: total(&pa),
        payment_b: total(&pb),
    })
}

impl Comparison {
    /// The comparison as text: the totals, the shifts by pair, then each moved claim.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "claims: A {}, B {}, matched {}, DRG moved on {}",
            self.claims_a,
            self.claims_b,
            self.matched,
            self.shifts.len()
        );
        if let (Some(a), Some(b)) = (self.case_mix_a, self.case_mix_b) {
            let _ = writeln!(s, "case-mix index: A {a}, B {b}, change {}", b - a);
        }
        if let (Some(a), Some(b)) = (self.payment_a, self.payment_b) {
            let _ = writeln!(s, "total payment: A {a}, B {b}, change {}", b - a);
        }
        let mut pairs: Vec<(&String, &usize)> = self.by_shift.iter().collect();
        pairs.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        for (pair, n) in pairs {
            let _ = writeln!(s, "  {pair}: {n}");
        }
        for x in &self.shifts {
            let change = x.weight_change.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                s,
                "  {}: {:?} -> {:?}, weight change {change}",
                x.id, x.drg_a, x.drg_b
            );
        }
        if !self.unmatched.is_empty() {
            let _ = writeln!(s, "not in both files: {}", self.unmatched.join(", "));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_and_case_mix_change() {
        let a = "{\"id\":\"x\",\"final_drg\":292,\"relative_weight\":\"0.8490\"}\n\
                 {\"id\":\"y\",\"final_drg\":293,\"relative_weight\":\"0.5660\"}\n\
                 {\"id\":\"z\",\"final_drg\":293,\"relative_weight\":\"0.5660\"}\n";
        let b = "{\"id\":\"y\",\"final_drg\":291,\"relative_weight\":\"1.2838\"}\n\
                 {\"id\":\"x\",\"final_drg\":292,\"relative_weight\":\"0.8490\"}\n";
        let c = compare(a.as_bytes(), b.as_bytes()).expect("compares");
        assert_eq!(c.matched, 2);
        assert_eq!(c.shifts.len(), 1);
        assert_eq!(c.shifts[0].id, "y");
        assert_eq!(c.shifts[0].weight_change, Some(Decimal::new(7178, 4)));
        assert_eq!(c.by_shift.get("293->291"), Some(&1));
        assert_eq!(c.case_mix_a, Some(Decimal::new(7075, 4)));
        assert_eq!(c.case_mix_b, Some(Decimal::new(10664, 4)));
        assert_eq!(c.unmatched, vec!["z".to_string()]);
    }
}
