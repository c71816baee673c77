//! Embeds everything under `templates/` in the binary, so `init`, `new` and
//! `review` work without the source tree.

use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("templates/ is readable")
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, base, out);
        } else {
            let relative = path.strip_prefix(base).expect("under base");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=templates");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files = Vec::new();
    collect(&base, &base, &mut files);
    let mut code = String::from(
        "/// Every file under templates/, by its path there.\npub static TEMPLATES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let absolute = base.join(file);
        writeln!(
            code,
            "    ({file:?}, include_str!({:?})),",
            absolute.to_string_lossy()
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("templates.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
