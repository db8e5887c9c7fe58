//! What the fuzz targets share: the embedded grouper and pricing context, built once, and the
//! table a `tables` input's first byte picks.

use std::sync::OnceLock;

use grouper_core::payment::{PaymentTableSet, PricingContext, ProviderFile};
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

/// The table file byte `selector` picks: the MS-DRG files, then the FY2026 IPPS files.
pub fn table_name(selector: u8) -> String {
    let ipps = grouper_core::payment::table_file_names(2026);
    let i = selector as usize % (MSDRG_FILES.len() + ipps.len());
    match MSDRG_FILES.get(i) {
        Some(name) => name.to_string(),
        None => ipps[i - MSDRG_FILES.len()].clone(),
    }
}

/// Parse `bytes` as table file `name`; the outcome is only that it returns.
pub fn parse_table(name: &str, bytes: &[u8]) -> bool {
    if MSDRG_FILES.contains(&name) {
        parse_table_rows(name, &String::from_utf8_lossy(bytes)).is_ok()
    } else {
        grouper_core::payment::parse_table_file(name, bytes, 2026).is_ok()
    }
}
