//! One `drg price` JSON line, priced (and grouped when it has no `drg`) as the CLI does.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let grouper = grouper_fuzz::grouper();
    let group = |v: &serde_json::Value| grouper_core::io::group_for_pricing(grouper, v);
    let _ = grouper_core::io::price_line(&line, 1, grouper_fuzz::pricing_context(), &group);
});
