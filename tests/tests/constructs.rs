//! One small spec per construct under `tests/fixtures/constructs/`, with a snapshot of
//! everything the generator writes for it. Assertions beside each snapshot pin the
//! decisions that matter, so a snapshot update cannot silently change them.

fn generated(name: &str) -> String {
    let files = tests::generate_fixture(&format!("constructs/{name}.yaml"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    tests::concat(&files)
}

#[test]
fn string_enum() {
    let code = generated("string_enum");
    assert!(code.contains("Unknown(String)") || code.contains("UnknownValue(String)"));
    assert!(code.contains("Self_"), "`self` is escaped");
    assert!(code.contains("V3dSecure"), "leading digits are prefixed");
    assert!(
        code.contains("pub object: String"),
        "the object tag is a string"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn optional_nullable() {
    let code = generated("optional_nullable");
    assert!(code.contains("pub name: String,"));
    assert!(code.contains("pub phone: Option<String>,"));
    insta::assert_snapshot!(code);
}

#[test]
fn expandable() {
    let code = generated("expandable");
    assert!(code.contains("Expandable<Customer>"));
    assert!(code.contains("Expandable<CustomerOrDeletedCustomer>"));
    assert!(code.contains("type Id = CustomerId;"));
    insta::assert_snapshot!(code);
}

#[test]
fn polymorphic() {
    let code = generated("polymorphic");
    assert!(code.contains("(\"card\", false) => Self::Card"));
    assert!(code.contains("Unknown(serde_json::Value)"));
    insta::assert_snapshot!(code);
}

#[test]
fn request_params() {
    let code = generated("request_params");
    insta::assert_snapshot!(code);
    assert!(code.contains("RangeFilter<Timestamp>"));
    assert!(code.contains("Clearable<"));
    assert!(code.contains("pub fn new(\n        mode: impl Into<CreateWidgetMode>,"));
    assert!(code.contains("pub fn limit(mut self, limit: impl Into<i64>) -> Self {"));
}

#[test]
fn request_params_ir() {
    use codegen::ir::{Body, Method, Ty};
    let doc =
        codegen::openapi::load::load_document(&tests::fixture("constructs/request_params.yaml"))
            .unwrap();
    let ir = codegen::build_ir::build(&doc).unwrap();
    let names: Vec<(&str, &str)> = ir
        .operations
        .iter()
        .map(|o| (o.path.as_str(), o.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("/v1/widgets", "list_widgets"),
            ("/v1/widgets", "create_widget"),
            ("/v1/widgets/{widget}", "retrieve_widget")
        ]
    );
    let params: Vec<&str> = ir
        .operations
        .iter()
        .filter_map(|o| o.params.map(|id| ir.ty(id).name.as_str()))
        .collect();
    assert_eq!(
        params,
        ["ListWidgets", "CreateWidget", "RetrieveWidget"],
        "named after the methods"
    );
    let list = &ir.operations[0];
    assert_eq!((list.method, list.body), (Method::Get, Body::Query));
    let Ty::List(item) = &list.response else {
        panic!("list returns a page: {:?}", list.response)
    };
    let Ty::Named(widget) = **item else {
        panic!("page of widgets")
    };
    assert_eq!(ir.ty(widget).name, "Widget");
    let create = &ir.operations[1];
    assert_eq!(create.body, Body::Form);
    let retrieve = &ir.operations[2];
    let Ty::Named(id) = &retrieve.path_params[0].ty else {
        panic!("the path parameter is an id")
    };
    assert_eq!(ir.ty(*id).name, "WidgetId");
}

#[test]
fn formats() {
    let code = generated("formats");
    assert!(code.contains("pub created: Timestamp,"));
    assert!(code.contains("Decimal"));
    assert!(!code.contains("f64>") && code.contains("pub percentage: f64,"));
    insta::assert_snapshot!(code);
}

#[test]
fn docs_and_names() {
    let code = generated("docs_and_names");
    assert!(code.contains("pub type_: String,"));
    assert!(
        code.contains("(\"type\", &self.type_, false)"),
        "the wire name is kept"
    );
    assert!(
        code.contains("pub struct OrderStatus {") && code.contains("pub struct OrderStatus2 {")
    );
    assert!(
        code.contains("<https://stripe.com/docs/api>"),
        "bare URLs are wrapped"
    );
    assert!(code.contains("metadata\\[key\\]"), "brackets are escaped");
    insta::assert_snapshot!(code);
}

#[test]
fn recursion() {
    let code = generated("recursion");
    assert!(code.contains("Option<Box<Node>>"));
    assert!(code.contains("Vec<Node>"));
    insta::assert_snapshot!(code);
}

#[test]
fn identical_copies() {
    use codegen::ir::{Ty, TypeKind};
    let doc =
        codegen::openapi::load::load_document(&tests::fixture("constructs/identical_copies.yaml"))
            .unwrap();
    let ir = codegen::build_ir::build(&doc).unwrap();
    let def = |name: &str| {
        ir.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    };
    let target = |name: &str| match &def(name).kind {
        TypeKind::Alias(Ty::Named(id)) => Some(ir.ty(*id).name.clone()),
        _ => None,
    };
    // One meaning, one shape: the update's copy is an alias of the create's.
    assert_eq!(
        target("UpdateWidgetShipping").as_deref(),
        Some("CreateWidgetShipping")
    );
    // Alike values, other meanings: two enums.
    assert_eq!(target("WidgetSize"), None);
    assert_eq!(target("WidgetTier"), None);
    // A request enum and a response enum of one field are one enum, used both ways.
    assert_eq!(target("CreateWidgetColor").as_deref(), Some("WidgetColor"));
    assert!(def("WidgetColor").usage.request && def("WidgetColor").usage.response);
    // What only the aliased copy held is still a request type: it gets no decoder (a
    // clearable field has none).
    for name in ["UpdateWidgetShippingAddress", "CreateWidgetShippingAddress"] {
        let usage = def(name).usage;
        assert!(usage.request && !usage.response, "{name}: {usage:?}");
    }
    let code = generated("identical_copies");
    assert!(!code.contains("Decode for CreateWidgetShippingAddress"));
    insta::assert_snapshot!(code);
}
