//! The command line: exit codes and messages at the binary edge.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Folder(PathBuf);

impl Folder {
    fn new(tag: &str, files: &[(&str, &str)]) -> Self {
        let root = std::env::temp_dir().join(format!("codegen-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, contents) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        Folder(root)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SELECTION: &str = "name: sub\nupstream: ../upstream.yaml\noperations:\n  - GET /v1/widgets\n";
/// The upstream shared with the `tests` crate.
fn upstream() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/widgets.yaml");
    std::fs::read_to_string(path).expect("widgets fixture")
}

fn codegen(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("codegen runs");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn extract_generate_then_check_passes() {
    let folder = Folder::new(
        "ok",
        &[
            ("spec/selection.yaml", SELECTION),
            ("upstream.yaml", &upstream()),
        ],
    );
    assert_eq!(codegen(&folder.0, &["extract"]).0, 0);
    assert_eq!(codegen(&folder.0, &[]).0, 0);
    let (code, stdout, _) = codegen(&folder.0, &["check"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn check_lists_stale_files_and_fails() {
    let folder = Folder::new(
        "stale",
        &[
            ("spec/selection.yaml", SELECTION),
            ("upstream.yaml", &upstream()),
        ],
    );
    assert_eq!(codegen(&folder.0, &["extract"]).0, 0);
    assert_eq!(codegen(&folder.0, &[]).0, 0);
    std::fs::write(
        folder.0.join("generated/src/api/widget.rs"),
        "// edited by hand\n",
    )
    .unwrap();
    let (code, _, stderr) = codegen(&folder.0, &["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("generated/src/api/widget.rs"), "{stderr}");
    assert!(
        !stderr.contains("mod.rs"),
        "only stale files are listed: {stderr}"
    );
    follow_advice(&folder.0, &stderr);

    // A selection edited by hand: spec/ is stale too, and the advice says to extract.
    let selection =
        format!("{SELECTION}  - POST /v1/widgets\n").replace("  - POST /v1/widgets\n", "");
    std::fs::write(folder.0.join("spec/sub.yaml"), "# edited\n").unwrap();
    std::fs::write(folder.0.join("spec/selection.yaml"), selection).unwrap();
    let (code, _, stderr) = codegen(&folder.0, &["check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("spec/sub.yaml") && stderr.contains("extract"),
        "{stderr}"
    );
    follow_advice(&folder.0, &stderr);
}

/// Runs the commands `check` put between backticks, then expects `check` to pass.
fn follow_advice(root: &Path, stderr: &str) {
    let commands: Vec<&str> = stderr.split('`').skip(1).step_by(2).collect();
    assert!(!commands.is_empty(), "no advice: {stderr}");
    for command in commands {
        let args: Vec<&str> = command
            .strip_prefix("cargo run -p codegen")
            .unwrap_or_else(|| panic!("not a codegen command: {command}"))
            .split_whitespace()
            .filter(|arg| *arg != "--")
            .collect();
        let (code, _, stderr) = codegen(root, &args);
        assert_eq!(code, 0, "`{command}`: {stderr}");
    }
    let (code, _, stderr) = codegen(root, &["check"]);
    assert_eq!(code, 0, "check after following the advice: {stderr}");
}

#[test]
fn bad_input_exits_non_zero_with_a_located_message() {
    let broken = upstream().replace(
        "'#/components/schemas/widget'",
        "'#/components/schemas/gone'",
    );
    let folder = Folder::new(
        "bad",
        &[
            ("spec/selection.yaml", SELECTION),
            ("upstream.yaml", &broken),
        ],
    );
    let (code, _, stderr) = codegen(&folder.0, &["extract"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("upstream.yaml at #/paths/~1v1~1widgets/get/responses/200/content/application~1json/schema/$ref"), "{stderr}");
    assert!(!folder.0.join("spec/sub.yaml").exists());
}
