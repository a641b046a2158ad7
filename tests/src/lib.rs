//! Helpers shared by the test suites: where things are, running the generator on a
//! fixture spec, and pulling one item out of a generated file for a snapshot.

pub mod fuzz;
pub mod http;
pub mod shop;

use std::path::{Path, PathBuf};

use codegen::openapi::load::load_document;
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
    /// Gives the project the repository's selection, pointed at `upstream`, and the crate
    /// manifests whose features the generator writes.
    pub fn with_repository_selection(self, upstream: &Path) -> Self {
        let selection = std::fs::read_to_string(repo_root().join("spec/selection.yaml")).unwrap();
        let pointed: String = selection
            .lines()
            .map(|line| match line.starts_with("upstream:") {
                true => format!("upstream: {}\n", upstream.display()),
                false => format!("{line}\n"),
            })
            .collect();
        self.write("spec/selection.yaml", &pointed);
        for manifest in ["generated/Cargo.toml", "fake/Cargo.toml"] {
            let text = std::fs::read_to_string(repo_root().join(manifest)).unwrap();
            self.write(manifest, &text);
        }
        let _ = std::fs::remove_file(self.root.join("spec/sub.yaml"));
        self
    }

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

/// The API version `spec/provenance.yaml` records: the one the crate was generated for.
pub fn api_version() -> String {
    let text = std::fs::read_to_string(repo_root().join("spec/provenance.yaml"))
        .expect("spec/provenance.yaml");
    let record: codegen::pipeline::Provenance =
        serde_yaml::from_str(&text).expect("a provenance record");
    record.api_version
}

/// The example object `resources.<object>` from Stripe's fixtures.
pub fn stripe_fixture(object: &str) -> Option<serde_json::Value> {
    Some(stripe_fixtures()?["resources"][object].clone())
}

/// Stripe's fixtures for the API version the crate was generated for: the
/// `fixtures3.*` file beside the recorded upstream with the same suffix, or
/// `fixtures3.<API version>.json` in the shared folder. `None` (and a line saying so) when
/// there are none for that version, so tests that need them skip instead of testing
/// another version's shapes.
pub fn stripe_fixtures() -> Option<&'static serde_json::Value> {
    static FIXTURES: std::sync::OnceLock<Option<serde_json::Value>> = std::sync::OnceLock::new();
    let fixtures = FIXTURES.get_or_init(|| {
        let candidates = fixture_files();
        let found = candidates.iter().find(|path| path.is_file());
        let Some(path) = found else {
            eprintln!(
                "skipped: no Stripe fixtures for API version {} (looked for {})",
                api_version(),
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return None;
        };
        let bytes = std::fs::read(path).expect("fixtures readable");
        Some(serde_json::from_slice(&bytes).expect("fixtures are JSON"))
    });
    fixtures.as_ref()
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let project = codegen::Project::at(repo_root());
    if let Ok(upstream) = project.current_upstream(&project.selection().expect("selection")) {
        let name = upstream.file_name().unwrap_or_default().to_string_lossy();
        if let Some(rest) = name.strip_prefix("spec3.") {
            let stem = rest.rsplit_once('.').map_or(rest, |(stem, _)| stem);
            files.push(upstream.with_file_name(format!("fixtures3.{stem}.json")));
        }
    }
    let by_version = upstream_dir().join(format!("fixtures3.{}.json", api_version()));
    if !files.contains(&by_version) {
        files.push(by_version);
    }
    files
}

/// An early return from the test (which says why) when there are no fixtures for the
/// crate's API version; after it, [`stripe_fixture`] is `Some`.
#[macro_export]
macro_rules! skip_without_fixtures {
    () => {
        if $crate::stripe_fixtures().is_none() {
            return;
        }
    };
}

/// One object of [`stripe_fixtures`], or an early return from the test (which says why)
/// when there are no fixtures for the crate's API version.
#[macro_export]
macro_rules! fixture_or_skip {
    ($object:expr) => {
        match $crate::stripe_fixture($object) {
            Some(value) => value,
            None => return,
        }
    };
}

/// What an emulator that renders an older API shape may do to a typed decode: succeed,
/// or fail on a field that the raw answer (`raw`, the same request's JSON) lacks at the
/// path the error names. Nothing here names a field, so a spec update that drops or adds
/// required fields does not break the expectation.
pub fn decoded_or_missing_in_raw<T: std::fmt::Debug>(
    typed: Result<T, stripe_api::Error>,
    raw: &serde_json::Value,
) {
    let Err(error) = typed else { return };
    let stripe_api::Error::Decode(decode) = &error else {
        panic!("not a decode error: {error:?}")
    };
    let field = decode
        .message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("not a missing field: {}", decode.message));
    let object = json_at(raw, &decode.path)
        .unwrap_or_else(|| panic!("{} is not a path of {raw}", decode.path));
    assert!(
        object.get(field).is_none(),
        "`{field}` is in the raw answer at {}, yet the decode says it is missing",
        decode.path
    );
}

/// The value at a decode error's path: `.` is the root, else `data[1].customer.address`.
fn json_at<'v>(value: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    if path == "." {
        return Some(value);
    }
    path.split('.').try_fold(value, |at, step| {
        let (key, indexes) = step
            .split_once('[')
            .map_or((step, ""), |(k, rest)| (k, rest));
        let at = if key.is_empty() { at } else { at.get(key)? };
        indexes
            .split('[')
            .filter(|i| !i.is_empty())
            .try_fold(at, |at, index| {
                at.get(index.trim_end_matches(']').parse::<usize>().ok()?)
            })
    })
}

/// A `checkout.session.*` event around the fixture session, as Stripe sends it.
/// `None` when there are no fixtures for the crate's API version (the caller skips).
pub fn checkout_event(event_type: &str) -> Option<serde_json::Value> {
    let mut session = stripe_fixture("checkout.session")?;
    session["id"] = serde_json::json!("cs_test_event");
    session["payment_status"] = serde_json::json!("paid");
    Some(serde_json::json!({
        "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "api_version": stripe_api::API_VERSION,
        "created": 1700000000, "livemode": false, "pending_webhooks": 1, "type": event_type,
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": session, "previous_attributes": {"payment_status": "unpaid"}}
    }))
}
