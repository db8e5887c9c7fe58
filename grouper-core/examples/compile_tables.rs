//! Writes `tables/compiled/`: the MS-DRG definitions of the embedded text tables, compiled,
//! one image per version and one shared (see `tables/compiled/README.md`). Run from the
//! workspace root, then `python3 scripts/fingerprints.py`:
//!
//!     cargo run --release -p grouper-core --example compile_tables [DIR]

use grouper_core::Grouper;
use grouper_core::TableSet;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tables/compiled".to_string());
    let result = TableSet::embedded()
        .and_then(Grouper::new)
        .and_then(|grouper| grouper.compiled_images());
    let images = match result {
        Ok(images) => images,
        Err(e) => {
            eprintln!("compile_tables: {e}");
            std::process::exit(2);
        }
    };
    for (name, bytes) in images {
        let path = std::path::Path::new(&dir).join(&name);
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("compile_tables: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
        println!("{}\t{} bytes", path.display(), bytes.len());
    }
}
