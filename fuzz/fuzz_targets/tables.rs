//! One table file: the first byte picks which (the 15 MS-DRG TSV tables, then the IPPS
//! tables), the rest is its content.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    grouper_fuzz::parse_table(&grouper_fuzz::table_name(selector), bytes);
});
