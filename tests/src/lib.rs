//! Helpers shared by the test suites: where things are, running the generator on a
//! fixture spec, and pulling one item out of a generated file for a snapshot.

pub mod http;

use std::path::{Path, PathBuf};

use codegen::spec::load::load_document;
use codegen::write::FileSet;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

/// `../shared/stripe-openapi/` next to the repository.
pub fn upstream_dir() -> PathBuf {
    repo_root().join("..").join("shared").join("stripe-openapi")
}

/// Every `spec3.*` file beside the repository.
pub fn upstream_specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(upstream_dir())
        .expect("shared specs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("spec3."))
        })
        .collect();
    specs.sort();
    assert!(
        specs.len() >= 3,
        "the shared folder has the specs: {specs:?}"
    );
    specs
}

/// The default upstream spec.
pub fn upstream_spec() -> PathBuf {
    upstream_dir().join("spec3.2023-08-16.yaml")
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Runs the generator on a fixture spec and returns its files.
pub fn generate_fixture(name: &str) -> Result<FileSet, codegen::Error> {
    let doc = load_document(&fixture(name))?;
    codegen::generate(&doc, &format!("tests/fixtures/{name}"))
}

/// All files of a file set in one string, each under a `// ---- path` line.
pub fn concat(files: &FileSet) -> String {
    files
        .iter()
        .map(|(path, text)| format!("// ---- {path}\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The definition of the type `name` and its impls (and macro invocations naming it)
/// from a generated file, printed on their own.
pub fn item_named(source: &str, name: &str) -> Option<String> {
    let file = syn::parse_file(source).ok()?;
    let items: Vec<syn::Item> = file
        .items
        .into_iter()
        .filter(|item| names(item, name))
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    }))
}

fn names(item: &syn::Item, name: &str) -> bool {
    match item {
        syn::Item::Struct(s) => s.ident == name,
        syn::Item::Enum(e) => e.ident == name,
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == name),
            _ => false,
        },
        syn::Item::Macro(m) => m
            .mac
            .tokens
            .to_string()
            .split_whitespace()
            .any(|t| t == name),
        _ => false,
    }
}

/// A throwaway project folder with the standard layout, removed when dropped.
pub struct TempProject {
    /// The project root.
    pub root: PathBuf,
}

impl TempProject {
    /// A new project whose selection picks `operations` from `upstream.yaml` (or the
    /// given upstream file name), with sentinel files already in `spec/` and `generated/`.
    /// It has no provenance record yet, so the selection's `upstream` is what it reads.
    pub fn new(upstream_name: &str, operations: &[&str]) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "codegen-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        let ops: String = operations.iter().map(|o| format!("  - {o}\n")).collect();
        let selection = format!("name: sub\nupstream: ../{upstream_name}\noperations:\n{ops}");
        let project = TempProject { root };
        project.write("spec/selection.yaml", &selection);
        project.write("spec/sub.yaml", "# previous spec\n");
        project.write("generated/src/api/mod.rs", "// previous output\n");
        project
    }

    /// Writes a file below the root, creating folders.
    pub fn write(&self, relative: &str, contents: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        std::fs::write(path, contents).expect("write file");
    }

    /// Every file below the root with its contents, to compare before and after.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .collect();
            entries.sort_by_key(|e| e.path());
            for entry in entries {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// The project.
    pub fn project(&self) -> codegen::Project {
        codegen::Project::at(&self.root)
    }
}

impl Drop for TempProject {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// `tests/fixtures/widgets.yaml`: one operation, `GET /v1/widgets`, returning a `widget`,
/// with `widget_properties` appended to the widget schema's properties.
pub fn widget_spec(widget_properties: &str) -> String {
    let base = std::fs::read_to_string(fixture("widgets.yaml")).expect("widgets fixture");
    format!("{base}{widget_properties}\n")
}

/// The base URL of an emulator started by `scripts/test.sh`, from `variable`. Without it
/// the test is skipped, unless `REQUIRE_EMULATORS` is set (as in CI), where that fails.
pub fn emulator(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("REQUIRE_EMULATORS").is_some() => {
            panic!("{variable} is not set; run the tests with scripts/test.sh")
        }
        Err(_) => {
            eprintln!("skipped: {variable} is not set; scripts/test.sh starts the emulators");
            None
        }
    }
}

/// A value unique to this test run, for telling apart objects on a shared emulator.
pub fn unique(tag: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!(
        "{tag}-{}-{nanos}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// `target/<profile>/examples/<name>`, built by `cargo test --workspace`. Without it the
/// test is skipped, unless `REQUIRE_EMULATORS` is set (as by `scripts/test.sh`).
pub fn example_binary(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let binary = exe.parent()?.parent()?.join("examples").join(name);
    if binary.exists() {
        return Some(binary);
    }
    assert!(
        std::env::var_os("REQUIRE_EMULATORS").is_none(),
        "example {name} was not built; run scripts/test.sh"
    );
    eprintln!("skipped: the example {name} is built by `cargo test --workspace`");
    None
}

/// The example object `resources.<object>` from Stripe's fixtures.
pub fn stripe_fixture(object: &str) -> serde_json::Value {
    let path = upstream_dir().join("fixtures3.2023-08-16.json");
    let all: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("fixtures beside the repository"))
            .expect("fixtures are JSON");
    all["resources"][object].clone()
}
