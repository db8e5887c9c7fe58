//! Property tests: any claim, however malformed, gives a result or a typed error and never a
//! panic; grouping is deterministic; the order of secondary diagnoses does not change the DRG.
//!
//! Where CMS rules make order matter (documented): secondary-diagnosis order can change which
//! trauma codes are marked for multiple significant trauma (CMS marks them in list order) and,
//! with POA status UNKNOWN and a single secondary diagnosis, nothing else; procedure order
//! matters for marking (the first-listed procedure is preferred), so procedures keep their order.

mod common;

use common::{group_line, grouper};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Codes that exercise real table entries (CC/MCC, HAC lists, trauma, newborn, clusters).
const DX: &[&str] = &[
    "I5023", "N179", "J189", "E119", "I10", "T80211A", "L89154", "N390", "T83511A", "S0600XA",
    "S272XXA", "S32001A", "P0715", "P599", "O80", "Z3800", "A5601", "E6601", "K6811", "I462",
    "B20", "C787", "V2509XD", "I50.23", "i5023", "", "I50", "ZZZZ",
];
const PR: &[&str] = &[
    "02HV33Z", "0SRB0JZ", "0SRC0JZ", "0RG60K1", "0RGA0J1", "0SG0371", "5A1955Z", "0JH60MZ",
    "03HL3MZ", "0DTJ4ZZ", "30233N1", "0tub8jz", "", "XXXXXXX",
];

fn code() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(DX).prop_map(str::to_string),
        1 => "[A-Za-z0-9. ]{0,9}",
    ]
}

fn proc_code() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(PR).prop_map(str::to_string),
        1 => "[A-Za-z0-9]{0,8}",
    ]
}

fn poa() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!("Y"),
        json!("N"),
        json!("U"),
        json!("W"),
        json!(" "),
        json!(""),
        Value::Null,
        json!("x"),
    ])
}

fn claim() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec![400, 401, 410, 411, 420, 421, 430, 431, 440]),
        any::<i64>().prop_map(|a| a % 200),
        0i64..4,
        prop_oneof![any::<i64>(), prop::sample::select(vec![1i64, 2, 3, 6, 7, 20, 30, 62])],
        (code(), poa()),
        prop::collection::vec((code(), poa()), 0..=100),
        prop::collection::vec(proc_code(), 0..=25),
        prop::sample::select(vec!["NOT_EXEMPT", "EXEMPT", "UNKNOWN"]),
    )
        .prop_map(|(version, age, sex, status, pdx, sdx, procs, hospital)| {
            json!({
                "id": "p",
                "version": version,
                "age": age,
                "sex": sex,
                "discharge_status": status,
                "pdx": {"code": pdx.0, "poa": pdx.1},
                "sdx": sdx.into_iter().map(|(c, p)| json!({"code": c, "poa": p})).collect::<Vec<_>>(),
                "procedures": procs.into_iter().map(|c| json!({"code": c})).collect::<Vec<_>>(),
                "hospital_status": hospital,
            })
        })
}

/// Any JSON at all, to hit the reader's type checks.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "version",
                        "age",
                        "sex",
                        "discharge_status",
                        "pdx",
                        "sdx",
                        "procedures",
                        "hospital_status",
                        "code",
                        "poa",
                        "discharge_date",
                        "admit_dx",
                    ]),
                    inner
                ),
                0..8
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn contract_claim_fields(v: &Value) -> Vec<Value> {
    [
        "initial_drg",
        "final_drg",
        "initial_mdc",
        "final_mdc",
        "initial_return_code",
        "return_code",
        "initial_severity",
        "final_severity",
        "hac_status",
    ]
    .iter()
    .map(|f| v[*f].clone())
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_claim_groups_or_gives_a_typed_error(c in claim()) {
        match group_line(grouper(), &c.to_string(), 1) {
            Ok(v) => {
                prop_assert!(v["final_drg"].is_u64());
                // A CMS claim holds 24 secondary diagnoses and 25 procedures: the rest are not
                // grouped (and reported as a warning, see tests/warnings.rs).
                let grouped = |v: &Value, limit: usize| v.as_array().map(|a| a.len().min(limit));
                prop_assert_eq!(v["sdx"].as_array().map(Vec::len), grouped(&c["sdx"], 24));
                prop_assert_eq!(v["procs"].as_array().map(Vec::len), grouped(&c["procedures"], 25));
            }
            Err(e) => {
                prop_assert_eq!(&e["line"], &json!(1));
                prop_assert!(e["error"].as_str().is_some_and(|s| !s.is_empty()));
            }
        }
    }

    #[test]
    fn any_json_line_never_panics(v in arbitrary_json()) {
        let out = group_line(grouper(), &v.to_string(), 7);
        if let Err(e) = out {
            prop_assert!(e["error"].as_str().is_some_and(|s| s.contains("line 7")));
        }
    }

    #[test]
    fn any_text_line_never_panics(s in ".{0,200}") {
        let _ = group_line(grouper(), &s, 1);
    }

    #[test]
    fn grouping_is_deterministic(c in claim()) {
        let line = c.to_string();
        prop_assert_eq!(group_line(grouper(), &line, 1), group_line(grouper(), &line, 1));
    }

    #[test]
    fn lower_case_and_dotted_codes_group_as_their_canonical_form(c in claim()) {
        // The canonical-code rule: `i50.23` is grouped, and echoed, exactly as `I5023`.
        let mut canonical = c.clone();
        // Upper case, trimmed, and the one dot of the ICD-10-CM form (after the category)
        // removed; any other dot stays.
        let canon = |v: &mut Value| {
            if let Some(s) = v.as_str() {
                let mut c = s.trim().to_ascii_uppercase();
                if c.matches('.').count() == 1 && c.find('.') == Some(3) {
                    c.remove(3);
                }
                *v = json!(c);
            }
        };
        canon(&mut canonical["pdx"]["code"]);
        for key in ["sdx", "procedures"] {
            for item in canonical[key].as_array_mut().into_iter().flatten() {
                canon(&mut item["code"]);
            }
        }
        let mut lowered = canonical.clone();
        let lower = |v: &mut Value| {
            if let Some(s) = v.as_str() {
                *v = json!(s.to_ascii_lowercase());
            }
        };
        lower(&mut lowered["pdx"]["code"]);
        for key in ["sdx", "procedures"] {
            for item in lowered[key].as_array_mut().into_iter().flatten() {
                lower(&mut item["code"]);
            }
        }
        let want = group_line(grouper(), &canonical.to_string(), 1);
        prop_assert_eq!(&group_line(grouper(), &c.to_string(), 1), &want);
        prop_assert_eq!(&group_line(grouper(), &lowered.to_string(), 1), &want);
    }

    #[test]
    fn secondary_order_does_not_change_the_drg(c in claim(), seed in any::<u64>()) {
        // Among the secondary diagnoses that are grouped: beyond the 24 a CMS claim holds,
        // order decides which are.
        let mut c = c;
        if let Some(sdx) = c["sdx"].as_array_mut() {
            sdx.truncate(24);
        }
        let mut shuffled = c.clone();
        if let Some(sdx) = shuffled["sdx"].as_array_mut() {
            // A deterministic permutation: rotate and reverse by the seed.
            let n = sdx.len().max(1);
            sdx.rotate_left((seed as usize) % n);
            if seed % 2 == 0 { sdx.reverse(); }
        }
        let a = group_line(grouper(), &c.to_string(), 1);
        let b = group_line(grouper(), &shuffled.to_string(), 1);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(contract_claim_fields(&a), contract_claim_fields(&b));
                // Per-code impact follows the code, except multiple-trauma marking (MDC 24).
                if a["final_mdc"] != json!(24) && a["initial_mdc"] != json!(24) {
                    let impacts = |v: &Value| {
                        let mut x: Vec<(String, String)> = v["sdx"].as_array().into_iter().flatten()
                            .map(|d| (d["code"].to_string(), d["drg_impact"].to_string())).collect();
                        x.sort();
                        x
                    };
                    prop_assert_eq!(impacts(&a), impacts(&b));
                }
            }
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "one order grouped, the other did not: {:?} {:?}", a, b),
        }
    }
}
