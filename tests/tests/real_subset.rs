//! The committed outputs: snapshots of the key types of the real subset, and freshness
//! (the tools reproduce `spec/` and `generated/` byte for byte).

use codegen::Project;

fn generated_item(file: &str, name: &str) -> String {
    let path = tests::repo_root().join("generated/src/api").join(file);
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    tests::item_named(&source, name).unwrap_or_else(|| panic!("{name} is not in {file}"))
}

#[test]
fn checkout_session() {
    insta::assert_snapshot!(generated_item("checkout/session.rs", "CheckoutSession"));
}

#[test]
fn line_item() {
    insta::assert_snapshot!(generated_item("line_item.rs", "LineItem"));
}

#[test]
fn price() {
    insta::assert_snapshot!(generated_item("price.rs", "Price"));
}

#[test]
fn customer() {
    insta::assert_snapshot!(generated_item("customer.rs", "Customer"));
}

#[test]
fn create_checkout_session_parameters() {
    insta::assert_snapshot!(generated_item(
        "checkout/session_params.rs",
        "CreateCheckoutSession"
    ));
}

#[test]
fn regenerating_reproduces_generated_and_extracting_reproduces_spec() {
    let project = Project::at(tests::repo_root());
    let stale = project.stale().expect("spec and generator run");
    assert!(
        stale.is_empty(),
        "stale files; run `cargo run -p codegen -- extract && cargo run -p codegen`: {stale:#?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let project = Project::at(tests::repo_root());
    let first = project.generated().expect("generates");
    let second = project.generated().expect("generates");
    assert_eq!(first, second);
    let spec_first = project.extracted(None).expect("extracts");
    let spec_second = project.extracted(None).expect("extracts");
    assert_eq!(spec_first, spec_second);
}
