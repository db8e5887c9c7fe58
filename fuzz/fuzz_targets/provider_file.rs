//! A providers file (CSV with pricer names, JSON Lines, or the IPSF export).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = grouper_core::payment::ProviderFile::parse("providers.csv", &text);
});
