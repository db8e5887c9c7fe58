//! A `drg group --input-format csv` input: the CSV claim reader, each row grouped.
#![no_main]
use grouper_core::io::{CsvClaimReader, RecordReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = CsvClaimReader::with_max_line_bytes(std::io::Cursor::new(data), 4096)
    else {
        return;
    };
    while let Some(record) = reader.next_record() {
        match record {
            Ok(Ok(record)) => {
                let _ = grouper_core::io::group_line(grouper_fuzz::grouper(), &record.text, 1);
            }
            Ok(Err(_)) => {}
            Err(_) => break,
        }
    }
});
