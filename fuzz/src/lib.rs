//! What the fuzz targets share: the embedded grouper and pricing context, built once, and the
//! table a `tables` input's first byte picks.

use std::sync::OnceLock;

use grouper_core::payment::{
    parse_cbsa_wage_index, parse_claim_codes, parse_drgstable, parse_fy_factors,
    parse_newtech_costs, parse_outmigration, parse_ratex, parse_table5, PaymentTableSet,
    PricingContext, ProviderFile,
};
use grouper_core::{parse_table_rows, Grouper, MSDRG_FILES};

/// The grouper over the embedded tables, every version compiled.
pub fn grouper() -> &'static Grouper {
    static GROUPER: OnceLock<Grouper> = OnceLock::new();
    GROUPER.get_or_init(|| {
        let g = Grouper::embedded().expect("embedded tables");
        g.compile_all().expect("embedded versions compile");
        g
    })
}

/// Every embedded IPPS year, and the sample IPSF export as providers.
pub fn pricing_context() -> &'static PricingContext {
    static CONTEXT: OnceLock<PricingContext> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let sample = drg_tables::ipps("ipsf-sample.csv")
            .and_then(|f| f.text())
            .expect("sample");
        PricingContext {
            tables: PaymentTableSet::embedded().expect("embedded IPPS tables"),
            providers: Some(ProviderFile::parse("ipsf-sample.csv", sample).expect("sample")),
        }
    })
}

/// The IPPS table files the `tables` target parses, after the MS-DRG ones.
pub const IPPS_FILES: [&str; 8] = [
    "drgstable-2026.csv",
    "table5-fy2026.txt",
    "cbsa-wage-index-2026.csv",
    "ratex-2026.csv",
    "outmigration-2026.csv",
    "claim-codes-2026.csv",
    "newtech-costs-2026.csv",
    "fy-factors.csv",
];

/// The table file byte `selector` picks: the MS-DRG files, then [`IPPS_FILES`].
pub fn table_name(selector: u8) -> &'static str {
    let i = selector as usize % (MSDRG_FILES.len() + IPPS_FILES.len());
    MSDRG_FILES
        .get(i)
        .copied()
        .unwrap_or_else(|| IPPS_FILES[i - MSDRG_FILES.len()])
}

/// Parse `bytes` as table file `name`; the outcome is only that it returns.
pub fn parse_table(name: &str, bytes: &[u8]) -> bool {
    if name == "table5-fy2026.txt" {
        return parse_table5(name, bytes, 2026).is_ok();
    }
    let text = String::from_utf8_lossy(bytes);
    match name {
        "drgstable-2026.csv" => parse_drgstable(name, &text).is_ok(),
        "cbsa-wage-index-2026.csv" => parse_cbsa_wage_index(name, &text).is_ok(),
        "ratex-2026.csv" => parse_ratex(name, &text).is_ok(),
        "outmigration-2026.csv" => parse_outmigration(name, &text).is_ok(),
        "claim-codes-2026.csv" => parse_claim_codes(name, &text).is_ok(),
        "newtech-costs-2026.csv" => parse_newtech_costs(name, &text).is_ok(),
        "fy-factors.csv" => parse_fy_factors(name, &text, 2026).is_ok(),
        _ => parse_table_rows(name, &text).is_ok(),
    }
}
