//! The API change report and the update command, on the real 2022-11-15 → 2023-08-16
//! change. The findings asserted below were checked by hand against the two specs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::diff::{Effect, Finding, Kind, Report};
use codegen::Project;

fn upstream(version: &str) -> PathBuf {
    tests::upstream_dir().join(format!("spec3.{version}.yaml"))
}

fn report() -> Report {
    Project::at(tests::repo_root())
        .compare(&upstream("2022-11-15"), &upstream("2023-08-16"))
        .expect("compares")
}

fn find<'r>(report: &'r Report, kind: Kind, subject: &str) -> &'r Finding {
    report
        .findings
        .iter()
        .find(|f| f.kind == kind && f.subject == subject)
        .unwrap_or_else(|| panic!("no {kind:?} {subject}"))
}

#[test]
fn report_from_2022_11_15_to_2023_08_16() {
    let report = report();
    insta::assert_snapshot!(codegen::diff::to_markdown(&report));

    let removed_event = find(
        &report,
        Kind::EnumValueRemoved,
        "EventType::InvoiceitemUpdated",
    );
    assert!(removed_event.breaking);
    assert_eq!(removed_event.module, "event");
    let blik = find(
        &report,
        Kind::FieldRemoved,
        "SetupIntentPaymentMethodOptions.blik",
    );
    assert!(blik.breaking);
    let prefetch = find(
        &report,
        Kind::FieldAdded,
        "LinkedAccountOptionsUsBankAccount.prefetch",
    );
    assert!(!prefetch.breaking);
    assert_eq!(prefetch.effect, Effect::NowTyped);
    assert_eq!(prefetch.module, "checkout.session");
    let parameter = find(
        &report,
        Kind::ParameterAdded,
        "CreateCheckoutSessionPaymentMethodOptionsUsBankAccountFinancialConnections.prefetch",
    );
    assert_eq!(
        parameter.operation.as_deref(),
        Some("POST /v1/checkout/sessions")
    );
    assert!(!parameter.breaking);
    let code = find(
        &report,
        Kind::EnumValueAdded,
        "AccountRequirementsErrorCode::VerificationDirectorsMismatch",
    );
    assert_eq!(
        (code.effect, code.reason),
        (
            Effect::NowTyped,
            "decoded as the unknown-value variant before, as its own variant now"
        )
    );
    let request_value = find(
        &report,
        Kind::EnumValueAdded,
        "CreateWebhookEndpointApiVersion::V20230816",
    );
    assert_eq!(request_value.effect, Effect::Compatible);

    let json: serde_json::Value = serde_json::from_str(&codegen::diff::to_json(&report)).unwrap();
    assert_eq!(json["from"], "2022-11-15");
    assert_eq!(json["to_upstream"]["file"], "spec3.2023-08-16.yaml");
    assert_eq!(
        json["findings"].as_array().unwrap().len(),
        report.findings.len()
    );
    assert_eq!(
        codegen::diff::to_markdown(&report),
        codegen::diff::to_markdown(&self::report()),
        "deterministic"
    );
}

/// The upstream `spec/` was extracted from, whichever version that is.
/// The 2024 update's breaks that code compiling before meets: a method whose
/// parameters all became optional, and fields typed that `unknown_fields` held.
#[test]
fn the_report_names_method_arguments_and_fields_that_leave_unknown_fields() {
    let report = Project::at(tests::repo_root())
        .compare(
            &upstream("2023-08-16"),
            &tests::upstream_dir().join("spec3.2024-04-10.json"),
        )
        .expect("compares");
    let method = find(
        &report,
        Kind::MethodArgumentsChanged,
        "Client::create_checkout_session",
    );
    assert!(method.breaking);
    assert_eq!(
        method.detail,
        "`create_checkout_session(&params)` → `create_checkout_session()`, and \
         `create_checkout_session_with(&params)` to pass parameters"
    );
    let secret = find(&report, Kind::FieldAdded, "CheckoutSession.client_secret");
    assert_eq!((secret.effect, secret.breaking), (Effect::NowTyped, false));
    let parameter = find(
        &report,
        Kind::ParameterAdded,
        "CreateCheckoutSession.ui_mode",
    );
    assert_eq!(parameter.effect, Effect::Compatible);
    let markdown = codegen::diff::to_markdown(&report);
    assert!(markdown.contains("**now typed**: field added `CheckoutSession.client_secret`"));
    // Areas new in 2024-04-10 are new cargo features: compatible, and named.
    let climate = find(&report, Kind::FeatureAdded, "climate");
    assert_eq!(
        (climate.effect, climate.module.as_str()),
        (Effect::Compatible, "features")
    );
}

fn committed_upstream(project: &Project) -> PathBuf {
    project
        .current_upstream(&project.selection().unwrap())
        .expect("the provenance record names an upstream that exists")
}

fn listed(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| format!("\n  {:?} {} ({})", f.kind, f.subject, f.detail))
        .collect()
}

#[test]
fn comparing_a_description_with_itself_finds_nothing() {
    let project = Project::at(tests::repo_root());
    let upstream = committed_upstream(&project);
    let report = project.compare(&upstream, &upstream).unwrap();
    assert!(report.findings.is_empty(), "{}", listed(&report));
    let committed = tests::repo_root().join("spec");
    let report = project.compare(&committed, &upstream).unwrap();
    assert!(report.findings.is_empty(), "{}", listed(&report));
}

#[test]
fn every_finding_between_any_two_specs_has_a_detail_and_a_stable_place() {
    let project = Project::at(tests::repo_root());
    let specs = tests::upstream_specs();
    for old in &specs {
        for new in specs.iter().filter(|new| *new != old) {
            let report = project.compare(old, new).unwrap();
            let empty: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.detail.is_empty())
                .collect();
            assert!(
                empty.is_empty(),
                "{} → {}: {empty:#?}",
                old.display(),
                new.display()
            );
            let mut sorted = report.findings.clone();
            sorted.sort();
            assert_eq!(
                sorted, report.findings,
                "findings are in their stable order"
            );
            // One documentation finding per type or method at most: field docs are folded.
            let mut docs: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.kind == Kind::DocsChanged)
                .map(|f| (&f.module, &f.operation, &f.subject))
                .collect();
            let all = docs.len();
            docs.dedup();
            assert_eq!(all, docs.len(), "{} → {}", old.display(), new.display());
        }
    }
}

#[test]
fn two_files_of_one_api_version_are_told_apart_by_name_and_hash() {
    let temp = tests::TempProject::new("unused.yaml", &[]);
    let original = committed_upstream(&Project::at(tests::repo_root()));
    let text = std::fs::read_to_string(&original).unwrap();
    // A republished file: same `info.version`, one description changed.
    let republished = text.replacen(
        "The ID of the customer for this Session.",
        "The customer this Session belongs to.",
        1,
    );
    assert_ne!(text, republished, "the edit applies");
    temp.write("spec3.republished.yaml", &republished);
    let project = Project::at(tests::repo_root());
    let report = project
        .compare(&original, &temp.root.join("spec3.republished.yaml"))
        .unwrap();
    let markdown = codegen::diff::to_markdown(&report);
    let title = markdown.lines().next().unwrap();
    let short = |bytes: &[u8]| codegen::openapi::load::sha256_hex(bytes)[..8].to_owned();
    let version = &report.from;
    assert_eq!(
        title,
        format!(
            "# API changes: `{version}` `{}` (`{}`) → `{version}` `spec3.republished.yaml` (`{}`)",
            original.file_name().unwrap().to_string_lossy(),
            short(text.as_bytes()),
            short(republished.as_bytes()),
        )
    );
    let docs = find(&report, Kind::DocsChanged, "CheckoutSession");
    assert_eq!(docs.detail, "fields `customer`");
}

/// A project whose selection is the repository's, pointed at an absolute upstream.
fn temporary_copy() -> tests::TempProject {
    tests::TempProject::new("unused.yaml", &[]).with_repository_selection(&upstream("2022-11-15"))
}

fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((
                    path.strip_prefix(dir).unwrap().to_owned(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn update_changes_exactly_the_files_of_the_modules_the_report_names() {
    let temp = temporary_copy();
    let project = temp.project();
    project.extract(None).unwrap();
    project.regenerate().unwrap();
    let before = files_below(&project.output);
    let spec_before = std::fs::read(temp.root.join("spec/checkout.yaml")).unwrap();

    let report = project.update(&upstream("2023-08-16")).unwrap();
    let after = files_below(&project.output);
    let changed: BTreeSet<PathBuf> = before
        .iter()
        .chain(after.iter())
        .filter(|(path, contents)| {
            let other = if before.iter().any(|(p, c)| p == path && c == contents) {
                &after
            } else {
                &before
            };
            !other.iter().any(|(p, c)| p == path && c == contents)
        })
        .map(|(path, _)| path.clone())
        .collect();
    // A module's request-only types live in its `_params` file: a finding of the module
    // may touch either file.
    // Features added or removed are the manifests' (`features` in the report), not a file.
    let named: Vec<String> = report
        .modules()
        .iter()
        .filter(|m| **m != "features")
        .map(|m| m.replace('.', "/"))
        .collect();
    let mut expected: BTreeSet<PathBuf> = named
        .iter()
        .flat_map(|m| [format!("{m}.rs"), format!("{m}_params.rs")])
        .map(PathBuf::from)
        .filter(|file| changed.contains(file))
        .collect();
    for module in &named {
        assert!(
            changed.contains(&PathBuf::from(format!("{module}.rs")))
                || changed.contains(&PathBuf::from(format!("{module}_params.rs"))),
            "the report names {module}, whose files did not change"
        );
    }
    // mod.rs carries the API version and the re-exports; a module file that appears or
    // disappears also changes the parent file that declares it.
    expected.insert(PathBuf::from("mod.rs"));
    // The generated union tests build their payloads from the variants' fields.
    if report.findings.iter().any(|f| {
        matches!(
            f.kind,
            Kind::FieldAdded | Kind::FieldRemoved | Kind::VariantAdded | Kind::VariantRemoved
        )
    }) {
        expected.insert(PathBuf::from("union_tests.rs"));
    }
    let paths = |files: &[(PathBuf, Vec<u8>)]| {
        files
            .iter()
            .map(|(p, _)| p.clone())
            .collect::<BTreeSet<_>>()
    };
    for appeared_or_gone in paths(&before).symmetric_difference(&paths(&after)) {
        if let Some(parent) = appeared_or_gone
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            expected.insert(parent.with_extension("rs"));
        }
    }
    assert_eq!(
        changed, expected,
        "generated files that changed vs the modules the report names"
    );

    assert_ne!(
        std::fs::read(temp.root.join("spec/checkout.yaml")).unwrap(),
        spec_before
    );
    let provenance = std::fs::read_to_string(temp.root.join("spec/provenance.yaml")).unwrap();
    assert!(
        provenance.contains("api_version: 2023-08-16"),
        "{provenance}"
    );
    assert!(project
        .stale_against(&upstream("2023-08-16"))
        .unwrap()
        .is_empty());
}

#[test]
fn bad_input_is_reported_and_changes_nothing() {
    let temp = temporary_copy();
    let project = temp.project();
    project.extract(None).unwrap();
    project.regenerate().unwrap();
    temp.write(
        "wrong-version.yaml",
        "openapi: 3.1.0\ninfo: {title: x, version: y}\npaths: {}\n",
    );
    temp.write(
        "no-paths.yaml",
        "openapi: 3.0.0\ninfo: {title: x, version: y}\n",
    );
    let before = temp.snapshot();
    for (file, expected) in [
        ("missing.yaml", "cannot read"),
        ("wrong-version.yaml", "wrong-version.yaml at #/openapi: not a valid OpenAPI 3.0 document: expected OpenAPI version 3.0.x, found `3.1.0`"),
        ("no-paths.yaml", "no-paths.yaml at #: not a valid OpenAPI 3.0 document: missing field `paths`"),
    ] {
        let error = project.update(&temp.root.join(file)).unwrap_err().to_string();
        assert!(error.contains(expected), "{file}: {error}");
        assert_eq!(before, temp.snapshot(), "{file}: nothing may change");
        let error = project.compare(&temp.root.join(file), &upstream("2023-08-16")).unwrap_err().to_string();
        assert!(error.contains(expected), "{file}: {error}");
    }
}

/// A reviewer compares a base branch's `spec/` with a newer upstream: the folder's own
/// subset and provenance are read, not the current checkout's.
#[test]
fn diff_of_another_checkouts_spec_folder_reads_that_folder() {
    let base = temporary_copy();
    base.project().extract(None).unwrap();
    let here = Project::at(tests::repo_root());
    let report = here
        .compare(&base.root.join("spec"), &upstream("2023-08-16"))
        .unwrap();
    let old = report.from_upstream.as_ref().unwrap();
    assert_eq!(old.file, "spec3.2022-11-15.yaml");
    assert_eq!(report.from, "2022-11-15");
    let direct = here
        .compare(&upstream("2022-11-15"), &upstream("2023-08-16"))
        .unwrap();
    assert_eq!(report.findings, direct.findings);
    assert!(!report.findings.is_empty());
}

/// A copy that stops being an alias (it gained a field) names its field types after
/// itself; they are aliases of the types it had, so code that set them still compiles
/// and the report says nothing about them.
#[test]
fn a_copy_that_stops_being_an_alias_changes_no_field_type() {
    let path = tests::fixture("constructs/identical_copies.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let marker = "      operationId: PostWidgetsWidget";
    let (before, after) = text.split_at(text.find(marker).unwrap());
    let grown = after.replacen(
        "                  properties:\n",
        "                  properties:\n                    note: {type: string}\n",
        1,
    );
    let ir = |text: &str| {
        let tree = serde_yaml::from_str(text).unwrap();
        let doc = codegen::openapi::load::document_from_tree(&path, tree).unwrap();
        codegen::build_ir::build(&doc).unwrap()
    };
    let report = codegen::diff::compare(&ir(&text), &ir(&format!("{before}{grown}")));
    let subjects: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.kind, f.subject.as_str()))
        .collect();
    assert!(
        subjects.contains(&(Kind::ParameterAdded, "UpdateWidgetShipping.note")),
        "{}",
        listed(&report)
    );
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.kind == Kind::ParameterTypeChanged),
        "{}",
        listed(&report)
    );
}
