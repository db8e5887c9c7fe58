//! A DRG or HAC formula.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = grouper_core::parse_formula(&text);
});
