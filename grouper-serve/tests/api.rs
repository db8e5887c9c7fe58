//! The JSON API over a real loopback socket: every endpoint answers with the library's own
//! record for the claim (the CLI's JSON Lines contract), and every malformed request gets a
//! 4xx JSON error naming the field at fault.

mod common;

use std::sync::OnceLock;

use common::{get, post, repo_file, CLAIM};
use grouper_core::io::{self, InputRecord, ReadOptions};
use grouper_core::mce::Editor;
use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
use grouper_core::Grouper;
use serde_json::{json, Value};

/// The library, called directly: what every endpoint must answer.
struct Library {
    grouper: Grouper,
    pricing: PricingContext,
    editor: Editor,
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library {
        grouper: Grouper::embedded().expect("tables"),
        pricing: PricingContext {
            tables: PaymentTableSet::embedded().expect("IPPS tables"),
            providers: Some(
                ProviderFile::load(repo_file("tables/ipps/ipsf-sample.csv")).expect("providers"),
            ),
        },
        editor: Editor::embedded().expect("MCE"),
    })
}

fn record(text: &str) -> InputRecord {
    InputRecord::new(1, text)
}

fn value(x: impl serde::Serialize) -> Value {
    serde_json::to_value(x).expect("serialises")
}

#[test]
fn group_answers_the_drg_group_record_of_the_claim() {
    let lib = library();
    let answer = post("/group", CLAIM);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.content_type, "application/json");
    let expected = io::group_record(
        &lib.grouper,
        Some(&lib.pricing.tables),
        &record(CLAIM),
        ReadOptions::default(),
    )
    .expect("groups");
    assert_eq!(answer.body, value(&expected));
    assert_eq!(answer.body["final_drg"], 292);
    assert_eq!(answer.body["relative_weight"], "0.8490");
}

#[test]
fn price_answers_the_drg_price_record_and_a_refusal_is_a_result() {
    let lib = library();
    let group = |c: &Value| io::group_for_pricing(&lib.grouper, c);
    let answer = post("/price", CLAIM);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let expected = io::price_record(&record(CLAIM), &lib.pricing, &group, ReadOptions::default())
        .expect("prices");
    assert_eq!(answer.body, value(&expected));
    assert_eq!(answer.body["total_payment"], "10578.60");

    // A CCN the providers file lacks: the field is named.
    let unknown = CLAIM.replace("990001", "999999");
    let answer = post("/price", &unknown);
    assert_eq!(answer.status, 422, "{}", answer.text);
    assert_eq!(answer.body["error_kind"], "no_provider");
    assert_eq!(answer.body["field"], "ccn");
    assert!(!answer.body["error"].as_str().unwrap().starts_with("line 1"));
}

#[test]
fn explain_answers_why_with_weights_and_payment() {
    let lib = library();
    let answer = post("/explain", CLAIM);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let expected =
        io::explain_record(&lib.grouper, &lib.pricing, &record(CLAIM)).expect("explains");
    assert_eq!(answer.body, value(&expected));
    assert_eq!(
        answer.body["explanation"]["severity_reason"],
        "with CC: set by N179"
    );
    assert_eq!(answer.body["total_payment"], "10578.60");
}

#[test]
fn whatif_answers_before_and_after_and_the_payment_difference() {
    let lib = library();
    let body = format!(r#"{{"claim": {CLAIM}, "edits": [{{"remove_dx": "N179"}}]}}"#);
    let answer = post("/whatif", &body);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let edits = [io::ClaimEdit::RemoveDx("N179".into())];
    let expected =
        io::whatif_record(&lib.grouper, &lib.pricing, &record(CLAIM), &edits).expect("what-if");
    assert_eq!(answer.body, value(&expected));
    assert_eq!(answer.body["before"]["final_drg"], 292);
    assert_eq!(answer.body["after"]["final_drg"], 293);
    assert_eq!(answer.body["payment_change"], "-3309.53");
}

#[test]
fn whatif_takes_every_edit_form_the_page_sends() {
    let edits = json!([{"poa": "N179:N"}, {"add_dx": {"code": "E119", "poa": "Y"}},
                       {"pdx": "N179"}, {"add_proc": "0DTJ4ZZ"}, {"remove_proc": "0DTJ4ZZ"},
                       {"discharge_status": 20}, {"version": 440}]);
    let body = format!(r#"{{"claim": {CLAIM}, "edits": {edits}}}"#);
    let answer = post("/whatif", &body);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["edits"].as_array().map(Vec::len), Some(7));
    assert_eq!(answer.body["after"]["version"], 440);
    assert_eq!(
        answer.body["after"]["final_mdc"], 11,
        "N179 is principal after the swap"
    );
}

#[test]
fn whatif_errors_name_the_edit_or_the_claim_field() {
    let answer = post("/whatif", r#"{"edits": [{"remove_dx": "N179"}]}"#);
    assert_eq!(
        (answer.status, answer.body["field"].clone()),
        (422, json!("claim"))
    );

    let body =
        format!(r#"{{"claim": {CLAIM}, "edits": [{{"remove_dx": "N179"}}, {{"drop": 1}}]}}"#);
    let answer = post("/whatif", &body);
    assert_eq!(
        (answer.status, answer.body["field"].clone()),
        (422, json!("edits[1]"))
    );

    let body = format!(r#"{{"claim": {CLAIM}, "edits": []}}"#);
    assert_eq!(post("/whatif", &body).body["field"], "edits");

    let body = format!(r#"{{"claim": {CLAIM}, "edits": [{{"remove_dx": "E119"}}]}}"#);
    let answer = post("/whatif", &body);
    assert_eq!(answer.status, 422);
    assert!(
        answer.body["error"]
            .as_str()
            .unwrap()
            .contains("secondary diagnosis \"E119\" is not on the claim"),
        "{}",
        answer.text
    );

    // The code-count bound names the list by its place in the body.
    let mut many: Value = serde_json::from_str(CLAIM).unwrap();
    many["sdx"] = Value::from(vec![json!({"code": "N179", "poa": "Y"}); 101]);
    let body = json!({"claim": many, "edits": [{"remove_dx": "N179"}]}).to_string();
    let answer = post("/whatif", &body);
    assert_eq!(
        (answer.status, answer.body["field"].clone()),
        (422, json!("claim.sdx"))
    );
    assert!(answer.body["error"]
        .as_str()
        .unwrap()
        .starts_with("field `claim.sdx`: 101 codes"));

    let bad_age = CLAIM.replace(r#""age":72"#, r#""age":"old""#);
    let body = format!(r#"{{"claim": {bad_age}, "edits": [{{"remove_dx": "N179"}}]}}"#);
    let answer = post("/whatif", &body);
    assert_eq!(
        (answer.status, answer.body["field"].clone()),
        (422, json!("claim.age"))
    );
}

#[test]
fn impact_answers_the_family_tiers_and_alternatives() {
    let lib = library();
    let answer = post("/impact", CLAIM);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let expected = io::impact_record(&lib.grouper, &lib.pricing, &record(CLAIM)).expect("impact");
    assert_eq!(answer.body, value(&expected));
    let tiers: Vec<u64> = answer.body["family"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["drg"].as_u64().unwrap())
        .collect();
    assert_eq!(tiers, [291, 292, 293]);
}

#[test]
fn edit_answers_the_medicare_code_editor_and_a_missing_date_is_its_edit() {
    let lib = library();
    let answer = post("/edit", CLAIM);
    assert_eq!(answer.status, 200, "{}", answer.text);
    let expected =
        io::edit_record(&lib.editor, &record(CLAIM), ReadOptions::default()).expect("edits");
    assert_eq!(answer.body, value(&expected));
    assert_eq!(answer.body["edit_type"], "NONE");

    // As CMS's MCE answers it: an edit of the claim, not a failed request.
    let undated = CLAIM.replace(r#""discharge_date":"2025-11-15","#, "");
    let answer = post("/edit", &undated);
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["edit_type"], "INVALID_DISCHARGE_DATE");
    assert_eq!(answer.body["discharge_date_problem"], "missing");

    let answer = post("/edit", &CLAIM.replace(r#""sex":"F""#, r#""sex":["F"]"#));
    assert_eq!(
        (answer.status, answer.body["field"].clone()),
        (422, json!("sex"))
    );
}

#[test]
fn versions_and_tables_list_what_is_loaded() {
    let lib = library();
    let answer = get("/versions");
    assert_eq!(answer.status, 200);
    let listed: Vec<u64> = answer.body["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    let loaded: Vec<u64> = lib
        .grouper
        .versions()
        .iter()
        .map(|v| u64::from(v.version))
        .collect();
    assert_eq!(listed, loaded);
    assert_eq!(answer.body["latest"], 440);

    let answer = get("/tables");
    assert_eq!(answer.status, 200);
    let catalog = io::TableCatalog::new(&lib.grouper, None, &lib.pricing.tables);
    assert_eq!(
        answer.body["payment_years"],
        value(&catalog)["payment_years"]
    );
    assert_eq!(answer.body["providers"]["ccns"], 2);
    assert_eq!(answer.body["code_titles"]["codes"], 4);
}

#[test]
fn codes_are_found_by_prefix_in_any_written_form() {
    let answer = get("/codes?q=i50.2&version=431&kind=diagnosis&limit=3");
    assert_eq!(answer.status, 200, "{}", answer.text);
    let codes: Vec<&str> = answer.body["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["I5020", "I5021", "I5022"]);
    assert_eq!(answer.body["codes"][1]["severity"], "MCC");
    assert_eq!(answer.body["codes"][1]["mdc"], 5);

    let answer = get("/codes?q=0dtj4zz&kind=procedure");
    let first = &answer.body["codes"][0];
    assert_eq!(
        (first["code"].as_str(), first["kind"].as_str()),
        (Some("0DTJ4ZZ"), Some("procedure"))
    );
    assert_eq!(
        first["title"],
        "Resection of Appendix, Percutaneous Endoscopic Approach"
    );
}

#[test]
fn codes_are_found_by_title_words_when_titles_are_loaded() {
    let answer = get("/codes?q=systolic%20HEART");
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["titles_loaded"], true);
    let codes = answer.body["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0]["code"], "I5023");
}

#[test]
fn code_lookup_errors_name_the_parameter() {
    for (path, status, field) in [
        ("/codes", 400, "q"),
        ("/codes?q=I50&version=999", 422, "version"),
        ("/codes?q=I50&version=abc", 400, "version"),
        ("/codes?q=I50&kind=drug", 400, "kind"),
        ("/codes?q=I50&limit=0", 400, "limit"),
        ("/codes?q=I50&limit=5000", 400, "limit"),
    ] {
        let answer = get(path);
        assert_eq!(answer.status, status, "{path}: {}", answer.text);
        assert_eq!(answer.body["field"], field, "{path}");
    }
}

#[test]
fn providers_lists_the_ccns_of_the_file() {
    let answer = get("/providers?q=99");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["count"], 2);
    assert!(answer.body["ccns"]
        .as_array()
        .unwrap()
        .contains(&json!("990001")));
}

#[test]
fn malformed_bodies_are_400_with_a_message() {
    for endpoint in [
        "/group", "/price", "/explain", "/impact", "/edit", "/whatif",
    ] {
        let answer = post(endpoint, r#"{"pdx": "#);
        assert_eq!(answer.status, 400, "{endpoint}: {}", answer.text);
        assert_eq!(answer.body["error_kind"], "unreadable", "{endpoint}");
        assert!(answer.body["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid JSON"));
    }
    // JSON, but not a claim object: the claim is the field at fault.
    let answer = post("/group", "[1, 2]");
    assert_eq!(
        (answer.status, answer.body["field"].clone()),
        (422, json!("claim"))
    );
    let answer = common::request_bytes("POST", "/group", vec![0xff, 0xfe, b'{']);
    assert_eq!(answer.status, 400, "{}", answer.text);
    assert!(answer.body["error"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn a_field_of_the_wrong_type_is_422_naming_it() {
    for (from, to, field) in [
        (r#""age":72"#, r#""age":"old""#, "age"),
        (r#""poa":"Y"}]"#, r#""poa":7}]"#, "sdx[0].poa"),
        (
            r#""discharge_date":"2025-11-15""#,
            r#""discharge_date":"15/11/2025""#,
            "discharge_date",
        ),
    ] {
        let claim = CLAIM.replace(from, to);
        for endpoint in ["/group", "/explain", "/impact"] {
            let answer = post(endpoint, &claim);
            assert_eq!(answer.status, 422, "{endpoint} {field}: {}", answer.text);
            assert_eq!(answer.body["field"], field, "{endpoint}: {}", answer.text);
        }
    }
}

#[test]
fn more_codes_than_a_request_may_carry_is_422_naming_the_list() {
    let sdx: Vec<Value> = (0..101)
        .map(|_| json!({"code": "N179", "poa": "Y"}))
        .collect();
    let mut claim: Value = serde_json::from_str(CLAIM).unwrap();
    claim["sdx"] = Value::from(sdx);
    for endpoint in ["/group", "/impact", "/price"] {
        let answer = post(endpoint, &claim.to_string());
        assert_eq!(answer.status, 422, "{endpoint}");
        assert_eq!(answer.body["field"], "sdx");
    }
    // 100 is accepted: CMS groups 24 and the rest are reported as not grouped.
    claim["sdx"] = Value::from(vec![json!({"code": "E119", "poa": "Y"}); 100]);
    let answer = post("/group", &claim.to_string());
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(
        answer.text.contains("not grouped") || answer.text.contains("beyond"),
        "{}",
        answer.text
    );
}

#[test]
fn a_body_over_the_limit_is_413() {
    let big = format!(
        r#"{{"id": "{}"}}"#,
        "x".repeat(grouper_serve::api::MAX_BODY_BYTES)
    );
    let answer = post("/group", &big);
    assert_eq!(answer.status, 413, "{}", answer.text);
    assert_eq!(answer.body["error_kind"], "body_too_large");
}

#[test]
fn unknown_paths_and_methods_are_json_errors() {
    let answer = get("/nowhere");
    assert_eq!(
        (answer.status, answer.body["error_kind"].as_str()),
        (404, Some("not_found"))
    );
    let answer = get("/group");
    assert_eq!(answer.status, 405);
    assert_eq!(answer.body["error_kind"], "method_not_allowed");
}

#[test]
fn the_page_and_its_assets_are_served_with_a_self_only_policy() {
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.text.contains(r#"<script src="/app.js""#));
    for asset in ["/app.js", "/app.css"] {
        let answer = get(asset);
        assert_eq!(answer.status, 200, "{asset}");
        assert!(
            !answer.text.contains("http://") && !answer.text.contains("https://"),
            "{asset} loads nothing from the network"
        );
    }
}
