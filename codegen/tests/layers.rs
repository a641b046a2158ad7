//! The stages of the generator depend only on the stages before them, so data flows one
//! way and no two modules import each other. The order is the one `lib.rs` describes.

use std::collections::BTreeSet;
use std::path::Path;

/// Every top-level module, each after everything it may use.
const LAYERS: &[&str] = &[
    "error", "openapi", "naming", "ir", "stripe", "extract", "build_ir", "diff", "render", "write",
    "output", "pipeline", "project",
];

/// The stages a file names through `crate::`, outside comments and its tests.
fn stages_named(text: &str) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let group = rest.strip_prefix('{').unwrap_or(rest);
        let items = if rest.starts_with('{') {
            group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .collect()
        } else {
            vec![group]
        };
        for item in items {
            let word: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if LAYERS.contains(&word.as_str()) {
                named.insert(word);
            }
        }
    }
    named
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_stage_uses_only_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let stage = first.trim_end_matches(".rs").to_owned();
        let Some(rank) = LAYERS.iter().position(|l| *l == stage) else {
            continue;
        };
        for named in stages_named(&std::fs::read_to_string(&file).unwrap()) {
            let other = LAYERS.iter().position(|l| *l == named).unwrap();
            if other > rank {
                wrong.push(format!("{} uses {named}", relative.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "stages used before they come: {wrong:#?}");
}

#[test]
fn the_check_sees_grouped_and_plain_paths() {
    let named = stages_named(
        "use crate::{ir::Ir, stripe};\nfn f() { crate::build_ir::build(); }\n// crate::project\n",
    );
    let expected: BTreeSet<String> = ["ir", "stripe", "build_ir"].map(String::from).into();
    assert_eq!(named, expected);
}
