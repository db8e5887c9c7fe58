//! New technology add-on payments and islet isolation, PAYMENT.md §8: which technologies
//! the claim's codes trigger, the per-technology add-on, the running sum and the cost cap.

use rust_decimal::Decimal;

use super::facts::{ClaimCodes, Facts};
use super::steps;
use super::tables::{CodeType, PaymentTables};

/// Which new technologies the claim's codes trigger (§8), with the cost row name paid.
pub(super) fn new_technologies(c: &ClaimCodes, t: &PaymentTables) -> Vec<String> {
    if c.procedures.is_empty() && c.diagnoses.is_empty() && c.conditions.is_empty() {
        return Vec::new();
    }
    let listed = listed_legs(c, t);
    if listed.is_empty() {
        // No key has a leg met: no technology can be paid.
        return Vec::new();
    }
    let met = |key: &str| key_met(t, &listed, key);
    let mut out = Vec::new();
    for (base, legs) in t.technology_bases() {
        let paid = match base.as_str() {
            "ISLET" | "NOCOSTPROD" | "COVID" => None,
            // Rules read from the pricer source (§8).
            "AVEIR" => {
                met("AVEIR1").then(|| if met("AVEIR2") { "AVEIRH" } else { "AVEIRL" }.to_string())
            }
            "ZEVTERA" => met("ZEVTERA1").then(|| {
                if met("ZEVTERA2") && met("ZEVTERA3") {
                    "ZEVTERAH"
                } else {
                    "ZEVTERAL"
                }
                .to_string()
            }),
            "XACDURO" => (met("XACDURO1")
                && ((met("XACDURO2") && met("XACDURO3")) || (met("XACDURO4") && met("XACDURO5"))))
            .then(|| "XACDURO".to_string()),
            // Other keys: every leg must be met [unverified for multi-leg keys, see README].
            _ => legs.iter().all(|k| met(k)).then(|| base.clone()),
        };
        if let Some(name) = paid {
            out.push(name);
        }
    }
    out
}

/// The (key, code type) legs one of the claim's codes meets. Claims carry no NDC codes, so
/// an NDC leg is never met.
fn listed_legs<'t>(c: &ClaimCodes, t: &'t PaymentTables) -> Vec<(&'t str, CodeType)> {
    t.listings([
        (CodeType::Procedure, &c.procedures),
        (CodeType::Diagnosis, &c.diagnoses),
        (CodeType::Condition, &c.conditions),
    ])
}

/// A key is met when the claim meets a leg of every type it lists (PROC and DIAG: both).
fn key_met(t: &PaymentTables, listed: &[(&str, CodeType)], key: &str) -> bool {
    t.code_key(key)
        .is_some_and(|types| types.keys().all(|kind| listed.contains(&(key, *kind))))
}

/// §8 NTAP: add-ons of the triggered technologies summed to the cent, then capped at cost.
pub(super) fn new_technology_payment(
    technologies: &[String],
    charges: Decimal,
    op_ccr: Decimal,
    base_drg: Decimal,
    t: &PaymentTables,
) -> Decimal {
    let mut ntap = Decimal::ZERO;
    // No technology, no add-on: the cap gives back a zero add-on as it is (it pays the room
    // below the costs only when the base plus the add-on is above them).
    if technologies.is_empty() {
        return ntap;
    }
    for name in technologies {
        if let Some(cost) = t.new_tech_cost(name) {
            let addon = steps::new_technology_addon(
                charges,
                op_ccr,
                base_drg,
                cost.adjustment_factor,
                cost.amount,
            );
            ntap = steps::new_technology_running_sum(ntap, addon);
        }
    }
    steps::new_technology_cost_cap(ntap, charges, op_ccr, base_drg)
}

/// §8 islet isolation add-on (not NTAP): dx Z006 and one or more islet infusion codes.
pub(super) fn islet_isolation(f: &Facts, t: &PaymentTables) -> Decimal {
    // No diagnosis, no islet diagnosis: a claim priced by its DRG alone skips the look-ups.
    if f.codes.diagnoses.is_empty() {
        return Decimal::ZERO;
    }
    let islet_dx = t.lists_any("ISLET", CodeType::Diagnosis, &f.codes.diagnoses);
    let islet_units = f
        .codes
        .procedures
        .iter()
        .filter(|c| t.lists_any("ISLET", CodeType::Procedure, std::slice::from_ref(*c)))
        .count();
    if islet_dx {
        steps::islet_isolation_payment(islet_units)
    } else {
        Decimal::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::PaymentTableSet;

    /// Asserts that the claim meets the same keys by its listed codes as by the search of
    /// every key's lists (the first implementation); returns the technologies paid.
    fn assert_same_keys_met(c: &ClaimCodes, t: &PaymentTables) -> Vec<String> {
        let met = |key: &str| -> bool {
            t.code_key(key).is_some_and(|types| {
                types.keys().all(|kind| {
                    let codes: &[String] = match kind {
                        CodeType::Procedure => &c.procedures,
                        CodeType::Diagnosis => &c.diagnoses,
                        CodeType::Condition => &c.conditions,
                        CodeType::Ndc => &[],
                    };
                    t.lists_any(key, *kind, codes)
                })
            })
        };
        let with_listings = new_technologies(c, t);
        // The special rules are the production code's; only the key test differs.
        let keys = || t.technology_bases().values().flatten();
        let all_met: Vec<&String> = keys().filter(|k| met(k)).collect();
        let listed = listed_legs(c, t);
        let listed_met: Vec<&String> = keys().filter(|k| key_met(t, &listed, k)).collect();
        assert_eq!(all_met, listed_met);
        with_listings
    }

    #[test]
    fn listed_codes_meet_the_keys_a_search_of_every_list_meets() {
        let set = PaymentTableSet::embedded().expect("IPPS tables");
        let mut claims_with_technologies = 0;
        for fy in set.fiscal_years() {
            let t = set.get(fy).expect("parsed").expect("year");
            // Per technology: the codes of each of its keys, alone and all together.
            for legs in t.technology_bases().values() {
                let mut all = ClaimCodes::default();
                for key in legs {
                    let mut one = ClaimCodes::default();
                    for (kind, codes) in t.code_key(key).into_iter().flatten() {
                        let first: Vec<String> = codes.iter().take(1).cloned().collect();
                        for target in [&mut one, &mut all] {
                            match kind {
                                CodeType::Procedure => target.procedures.extend(first.clone()),
                                CodeType::Diagnosis => target.diagnoses.extend(first.clone()),
                                CodeType::Condition => target.conditions.extend(first.clone()),
                                CodeType::Ndc => {}
                            }
                        }
                    }
                    assert_same_keys_met(&one, t);
                }
                claims_with_technologies += usize::from(!assert_same_keys_met(&all, t).is_empty());
            }
            assert_same_keys_met(&ClaimCodes::default(), t);
        }
        assert!(claims_with_technologies > 20, "{claims_with_technologies}");
    }
}
