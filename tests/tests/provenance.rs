//! The provenance record says where `spec/` came from, and the tools believe it or stop:
//! an update to a file kept anywhere is followed by a clean `check`, the advice `check`
//! prints works, and a missing or changed upstream is an error naming path and hash.

use std::path::PathBuf;

use codegen::Project;

fn upstream(version: &str) -> PathBuf {
    tests::upstream_dir().join(format!("spec3.{version}.yaml"))
}

/// A project with the repository's selection, extracted and generated from 2023-08-16,
/// and a newer-looking upstream (2022-11-15's text) kept in a folder of its own.
fn project_with_incoming_spec() -> (tests::TempProject, Project, PathBuf) {
    let temp = tests::TempProject::new("unused.yaml", &[])
        .with_repository_selection(&upstream("2023-08-16"));
    let incoming = temp.root.join("downloads/openapi/spec3.yaml");
    temp.write(
        "downloads/openapi/spec3.yaml",
        &std::fs::read_to_string(upstream("2022-11-15")).unwrap(),
    );
    let project = temp.project();
    project.extract(None).unwrap();
    project.regenerate().unwrap();
    (temp, project, incoming)
}

fn provenance(temp: &tests::TempProject) -> String {
    std::fs::read_to_string(temp.root.join("spec/provenance.yaml")).unwrap()
}

#[test]
fn after_an_update_from_any_folder_check_is_clean_and_its_advice_works() {
    let (temp, project, incoming) = project_with_incoming_spec();
    project.update(&incoming).unwrap();
    let record = provenance(&temp);
    assert!(
        record.contains("upstream: downloads/openapi/spec3.yaml\n"),
        "{record}"
    );
    assert!(record.contains("api_version: 2022-11-15\n"), "{record}");
    assert_eq!(project.stale().unwrap(), Vec::<PathBuf>::new());

    // Drop a default feature from the selection: check lists the manifests, and the
    // advice it prints (extract, then generate) brings everything back in line with the
    // same upstream.
    let selection = std::fs::read_to_string(project.selection_file()).unwrap();
    assert!(selection.contains("    - quote\n"));
    temp.write(
        "spec/selection.yaml",
        &selection.replace("    - quote\n", ""),
    );
    let stale = project.stale().unwrap();
    assert!(
        stale.contains(&temp.root.join("generated/Cargo.toml")),
        "{stale:?}"
    );
    assert!(
        stale.contains(&temp.root.join("fake/Cargo.toml")),
        "{stale:?}"
    );
    project.extract(None).unwrap();
    project.regenerate().unwrap();
    assert_eq!(project.stale().unwrap(), Vec::<PathBuf>::new());
    let record = provenance(&temp);
    assert!(
        record.contains("upstream: downloads/openapi/spec3.yaml\n")
            && record.contains("api_version: 2022-11-15\n"),
        "extract kept the upstream of the update: {record}"
    );
}

#[test]
fn a_changed_or_missing_upstream_is_an_error_naming_path_and_hash() {
    let (temp, project, incoming) = project_with_incoming_spec();
    project.update(&incoming).unwrap();
    let sha = codegen::openapi::load::sha256_hex(&std::fs::read(&incoming).unwrap());
    let before = temp.snapshot();

    let mut text = std::fs::read_to_string(&incoming).unwrap();
    text.push_str("# edited\n");
    std::fs::write(&incoming, &text).unwrap();
    let changed = codegen::openapi::load::sha256_hex(text.as_bytes());
    let before_edit: Vec<_> = before
        .iter()
        .filter(|(path, _)| *path != incoming)
        .collect();
    for error in [
        project.stale().unwrap_err(),
        project.extract(None).unwrap_err(),
    ] {
        let message = error.to_string();
        assert!(
            message.contains("provenance.yaml at #/upstream")
                && message.contains(&format!(
                    "downloads/openapi/spec3.yaml with sha256 {sha}, has changed (its sha256 is now {changed})"
                )),
            "{message}"
        );
    }
    let after = temp.snapshot();
    let after: Vec<_> = after.iter().filter(|(path, _)| *path != incoming).collect();
    assert_eq!(before_edit, after, "nothing was written");

    std::fs::remove_file(&incoming).unwrap();
    let message = project.stale().unwrap_err().to_string();
    assert!(
        message.contains(&format!(
            "downloads/openapi/spec3.yaml with sha256 {sha}, does not exist"
        )) && message.contains("update FILE"),
        "{message}"
    );
    // Moving on is one command, and nothing of the old upstream is needed for it.
    project.update(&upstream("2023-08-16")).unwrap();
    assert_eq!(project.stale().unwrap(), Vec::<PathBuf>::new());
}

#[test]
fn the_committed_record_names_an_upstream_that_exists_with_its_hash() {
    let project = Project::at(tests::repo_root());
    let path = project
        .current_upstream(&project.selection().unwrap())
        .unwrap();
    assert!(path.is_file(), "{}", path.display());
}
