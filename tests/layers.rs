//! The library's layering, checked from its source text: no module imports
//! from a layer above its own, no two modules import each other, and `diff`
//! depends on the model alone.
//!
//! A plain text scan of `crate::X` (and `super::X` between the files of one
//! module): enough for this code base, where every import is spelled out.
//! Test-only code (a `tests.rs` file, anything after `#[cfg(test)]`) may
//! build its fixtures with any layer and is not scanned; nor are comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules, bottom layer first. Modules of one rank
/// may use each other, as long as no two do so both ways.
const LAYERS: &[&[&str]] = &[
    &["diagnostic", "text", "error"],
    &["model"],
    &["parse", "template"],
    &["store"],
    &["capacity"],
    &["skills"],
    &["validate"],
    &["diff"],
    &["history"],
    &["radar"],
    &["review"],
    &["render", "export"],
    // Above what they need.
    &[
        "edit",
        "scaffold",
        "demo",
        "schema_json",
        "schema_doc",
        "site",
    ],
    // Importers stage edits.
    &["import"],
];

/// Files compiled as part of another module (`#[path]`): the rule
/// catalogue's source sits in `validate/`, but it is `diagnostic::rules`.
const COMPILED_ELSEWHERE: &[(&str, &str)] = &[("validate/rules.rs", "diagnostic")];

/// What `diff` may use: it compares data, and reads none.
const DIFF_MAY_USE: &[&str] = &["diagnostic", "text", "model"];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of a file that are code outside tests, comments dropped.
fn production_code(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect()
}

/// The names that follow each `prefix` in `line` (`crate::` → `store`).
fn names_after<'l>(line: &'l str, prefix: &str) -> Vec<&'l str> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        // `foo_crate::` is not `crate::`.
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            names.push(&rest[..end]);
        } else if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c}`: each top-level name of the group.
            let group = group.split('}').next().unwrap_or("");
            names.extend(
                group
                    .split(',')
                    .map(|part| part.trim().split("::").next().unwrap_or("").trim())
                    .filter(|name| !name.is_empty()),
            );
        }
    }
    names
}

/// Module-level dependencies (`store` → `model`) and, inside a module,
/// file-level ones between sibling files (`edit/new` → `edit/paths`).
struct Graph {
    modules: BTreeMap<String, BTreeSet<String>>,
    /// Where each module-level edge was seen, for the failure message.
    seen_in: BTreeMap<(String, String), String>,
    siblings: BTreeMap<String, BTreeSet<String>>,
}

fn scan() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph {
        modules: BTreeMap::new(),
        seen_in: BTreeMap::new(),
        siblings: BTreeMap::new(),
    };
    for path in files {
        let relative = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
        // The binary's files (`main`, `cli`) use the library as `cto_plan`.
        if matches!(parts[0], "main" | "lib" | "cli") || parts.last() == Some(&"tests") {
            continue;
        }
        let elsewhere = COMPILED_ELSEWHERE
            .iter()
            .find(|(file, _)| *file == relative);
        let module = elsewhere.map_or(parts[0], |(_, module)| module).to_owned();
        // A sibling file of a folder module: `edit/new` (not `edit/mod`).
        let sibling =
            (parts.len() == 2 && parts[1] != "mod" && elsewhere.is_none()).then(|| parts.join("/"));
        let text = std::fs::read_to_string(&path).unwrap();
        for line in production_code(&text) {
            for target in names_after(line, "crate::") {
                if target != module && rank(target).is_some() {
                    graph
                        .modules
                        .entry(module.clone())
                        .or_default()
                        .insert(target.to_owned());
                    graph
                        .seen_in
                        .entry((module.clone(), target.to_owned()))
                        .or_insert_with(|| relative.clone());
                }
            }
            let Some(sibling) = &sibling else { continue };
            let own = format!("crate::{module}::");
            let mut targets = names_after(line, "super::");
            targets.extend(names_after(line, &own));
            for target in targets {
                let target = format!("{module}/{target}");
                if &target != sibling && src.join(format!("{target}.rs")).is_file() {
                    graph
                        .siblings
                        .entry(sibling.clone())
                        .or_default()
                        .insert(target);
                }
            }
        }
    }
    graph
}

#[test]
fn every_library_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !matches!(name.as_str(), "main" | "lib" | "cli") && rank(&name).is_none() {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "place these modules in LAYERS: {missing:?}"
    );
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let graph = scan();
    let mut upward = Vec::new();
    for (module, targets) in &graph.modules {
        for target in targets {
            if rank(target) > rank(module) {
                let file = &graph.seen_in[&(module.clone(), target.clone())];
                upward.push(format!("{module} uses {target} (in src/{file})"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a layer above:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = scan();
    let mut mutual = Vec::new();
    for edges in [&graph.modules, &graph.siblings] {
        for (a, targets) in edges {
            for b in targets {
                if a < b && edges.get(b).is_some_and(|back| back.contains(a)) {
                    mutual.push(format!("{a} <-> {b}"));
                }
            }
        }
    }
    assert!(
        mutual.is_empty(),
        "modules that import each other:\n{}",
        mutual.join("\n")
    );
}

#[test]
fn no_import_cycles_between_modules() {
    fn visit<'g>(
        node: &'g str,
        edges: &'g BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node);
            return Some(cycle.join(" -> "));
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let graph = scan();
    for edges in [&graph.modules, &graph.siblings] {
        let mut done = BTreeSet::new();
        for node in edges.keys() {
            if let Some(cycle) = visit(node, edges, &mut Vec::new(), &mut done) {
                panic!("import cycle: {cycle}");
            }
        }
    }
}

#[test]
fn diff_depends_on_the_model_only() {
    let graph = scan();
    let extra: Vec<&String> = graph
        .modules
        .get("diff")
        .into_iter()
        .flatten()
        .filter(|m| !DIFF_MAY_USE.contains(&m.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "diff reads through {extra:?}: it may use {DIFF_MAY_USE:?} only"
    );
}

#[test]
fn the_scan_sees_imports() {
    assert_eq!(
        names_after("use crate::store::git::Revision;", "crate::"),
        ["store"]
    );
    assert_eq!(
        names_after("use crate::{model::Kind, text};", "crate::"),
        ["model", "text"]
    );
    assert_eq!(
        names_after("let x = cto_crate::y;", "crate::"),
        Vec::<&str>::new()
    );
    assert_eq!(
        production_code("use crate::a;\n// crate::b\n#[cfg(test)]\nuse crate::c;"),
        ["use crate::a;", ""]
    );
}
