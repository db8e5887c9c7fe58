//! One `drg group` JSON line, grouped as the CLI groups it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let _ = grouper_core::io::group_line(grouper_fuzz::grouper(), &line, 1);
});
