//! The baseline for the `check` benchmark: read every `.toml` file below a
//! folder and parse it with `toml::from_str`, nothing more.
//!
//! `cargo run --release --example plain_parse -- DIR`

use std::path::Path;

fn walk(dir: &Path, parsed: &mut usize) {
    for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, parsed);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).expect("UTF-8 file");
            let table: toml::Table = toml::from_str(&text).expect("valid TOML");
            std::hint::black_box(table);
            *parsed += 1;
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: plain_parse DIR");
    let mut parsed = 0;
    walk(Path::new(&dir), &mut parsed);
    println!("parsed {parsed} files");
}
