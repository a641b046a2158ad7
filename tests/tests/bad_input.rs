//! Bad input never panics and never writes: each case gives an error that names the file
//! and the JSON pointer (or line, for syntax errors), and leaves `spec/` and `generated/`
//! exactly as they were.

use tests::{widget_spec, TempProject};

/// Runs `action` and returns its error message, asserting that nothing on disk changed.
fn fails_without_writing(
    project: &TempProject,
    action: impl FnOnce(&codegen::Project) -> Result<(), codegen::Error>,
) -> String {
    let before = project.snapshot();
    let error = action(&project.project()).expect_err("bad input must fail");
    assert_eq!(
        before,
        project.snapshot(),
        "nothing may be written on error"
    );
    error.to_string()
}

fn extract(p: &codegen::Project) -> Result<(), codegen::Error> {
    p.extract(None).map(drop)
}

fn regenerate(p: &codegen::Project) -> Result<(), codegen::Error> {
    p.regenerate().map(drop)
}

#[test]
fn invalid_yaml() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write("upstream.yaml", "openapi: 3.0.0\npaths: {\n  bad: [\n");
    let message = fails_without_writing(&project, extract);
    assert!(message.contains("upstream.yaml at line"), "{message}");
    assert!(message.contains("invalid YAML"), "{message}");
}

#[test]
fn invalid_json() {
    let project = TempProject::new("upstream.json", &["GET /v1/widgets"]);
    project.write("upstream.json", "{\"openapi\": \"3.0.0\", \"paths\": {,}}");
    let message = fails_without_writing(&project, extract);
    assert!(
        message.contains("upstream.json at line 1 column"),
        "{message}"
    );
    assert!(message.contains("invalid JSON"), "{message}");
}

#[test]
fn invalid_yaml_in_committed_spec() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write("spec/sub.yaml", "openapi: [3.0.0\n");
    let message = fails_without_writing(&project, regenerate);
    assert!(message.contains("spec/sub.yaml at line"), "{message}");
}

#[test]
fn not_an_openapi_document() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write(
        "upstream.yaml",
        "openapi: 3.0.0\ninfo: {title: x, version: y}\npaths:\n  /v1/widgets: 5\n",
    );
    let message = fails_without_writing(&project, extract);
    // openapiv3 flattens path items into one map, so the pointer stops at `#/paths`.
    assert!(
        message.contains("upstream.yaml at #/paths: not a valid OpenAPI 3.0 document"),
        "{message}"
    );
    assert!(message.contains("expected struct PathItem"), "{message}");
}

#[test]
fn dangling_ref_in_upstream() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write(
        "upstream.yaml",
        &widget_spec("        owner: {$ref: '#/components/schemas/missing'}"),
    );
    let message = fails_without_writing(&project, extract);
    assert!(
        message.contains("upstream.yaml at #/components/schemas/widget/properties/owner/$ref: dangling $ref `#/components/schemas/missing`"),
        "{message}"
    );
}

#[test]
fn dangling_ref_in_committed_spec() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write(
        "spec/sub.yaml",
        &widget_spec("        owner: {$ref: '#/components/schemas/missing'}"),
    );
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains(
            "sub.yaml at #/components/schemas/widget/properties/owner/$ref: dangling $ref"
        ),
        "{message}"
    );
}

#[test]
fn unrepresentable_ref_cycle() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let spec = widget_spec("        loop: {$ref: '#/components/schemas/a'}")
        + "    a:\n      $ref: '#/components/schemas/b'\n    b:\n      anyOf:\n        - $ref: '#/components/schemas/a'\n";
    project.write("spec/sub.yaml", &spec);
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("$ref cycle that cannot be represented: a -> b -> a"),
        "{message}"
    );
    assert!(
        message.contains("sub.yaml at #/components/schemas/b/anyOf/0/$ref"),
        "{message}"
    );
}

#[test]
fn unsupported_schema_shape() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let shape = "        mode:\n          oneOf:\n            - {type: string}\n            - {type: integer}";
    project.write("spec/sub.yaml", &widget_spec(shape));
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("sub.yaml at #/components/schemas/widget/properties/mode: unsupported schema shape: `oneOf`"),
        "{message}"
    );
}

#[test]
fn selection_naming_an_unknown_operation() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets", "POST /v1/gadgets"]);
    project.write("upstream.yaml", &widget_spec(""));
    let message = fails_without_writing(&project, extract);
    assert!(
        message.contains("selection.yaml at #/operations/1: unknown operation `POST /v1/gadgets`"),
        "{message}"
    );
}

#[test]
fn output_directory_that_cannot_be_written() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write("upstream.yaml", &widget_spec(""));
    extract(&project.project()).expect("a valid spec extracts");
    // `generated/src` is a file, so no directory can be made inside it.
    std::fs::remove_dir_all(project.root.join("generated")).unwrap();
    project.write("generated/src", "not a directory");
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("cannot write") && message.contains("generated/src/.api.staging"),
        "{message}"
    );
}

/// The crate's folder and the fake's are replaced together: when the second cannot be
/// written, the first keeps what it had.
#[test]
fn a_fake_folder_that_cannot_be_written_leaves_the_crate_as_it_was() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write("upstream.yaml", &widget_spec(""));
    extract(&project.project()).expect("a valid spec extracts");
    // `fake/src` is a file, so the fake's table cannot be staged inside it.
    project.write("fake/src", "not a directory");
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("cannot write") && message.contains("fake/src/.generated.staging"),
        "{message}"
    );
    assert!(!project.root.join("generated/src/.api.staging").exists());
}

#[test]
fn valid_input_writes_spec_and_generated() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    project.write("upstream.yaml", &widget_spec(""));
    extract(&project.project()).expect("extracts");
    regenerate(&project.project()).expect("regenerates");
    let widget = std::fs::read_to_string(project.root.join("generated/src/api/widget.rs")).unwrap();
    assert!(widget.contains("pub struct Widget"));
    assert!(!project.root.join("generated/src/.api.staging").exists());
    assert!(project.project().stale().unwrap().is_empty());
}

/// A committed spec with these path items (YAML, indented under `paths:`) and a `widget`.
fn spec_with_paths(paths: &str) -> String {
    format!(
        "openapi: 3.0.0\ninfo: {{title: widgets, version: fixture}}\npaths:\n{paths}\
         components:\n  schemas:\n    widget:\n      type: object\n      x-resourceId: widget\n      \
         properties:\n        id: {{type: string}}\n        object: {{type: string, enum: [widget]}}\n"
    )
}

const RETURNS_WIDGET: &str = "      responses:\n        '200':\n          description: OK\n          \
    content:\n            application/json:\n              schema: {$ref: '#/components/schemas/widget'}\n";

#[test]
fn two_operations_with_one_method_name() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let parameters = "      parameters:\n        - {name: widget, in: path, required: true, schema: {type: string}}\n";
    let paths = format!(
        "  /v1/widget:\n    get:\n{RETURNS_WIDGET}  /v1/widgets/{{widget}}:\n    get:\n{parameters}{RETURNS_WIDGET}"
    );
    project.write("spec/sub.yaml", &spec_with_paths(&paths));
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("spec/sub.yaml at #/paths/~1v1~1widgets~1{widget}/get: unsupported schema shape: method name `retrieve_widget` is also the name of #/paths/~1v1~1widget/get"),
        "{message}"
    );
}

#[test]
fn an_http_method_the_client_cannot_send() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let paths = format!("  /v1/widgets:\n    put:\n{RETURNS_WIDGET}");
    project.write("spec/sub.yaml", &spec_with_paths(&paths));
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("spec/sub.yaml at #/paths/~1v1~1widgets/put: unsupported schema shape: the HTTP method `put` is not supported"),
        "{message}"
    );
}

#[test]
fn a_file_in_a_form_body() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let body = "      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            \
        schema:\n              type: object\n              properties:\n                \
        file: {type: string, format: binary}\n";
    let paths = format!("  /v1/widgets:\n    post:\n{body}{RETURNS_WIDGET}");
    project.write("spec/sub.yaml", &spec_with_paths(&paths));
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("spec/sub.yaml at #/paths/~1v1~1widgets/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/file: unsupported schema shape: binary content outside the top level of a multipart/form-data body"),
        "{message}"
    );
}

#[test]
fn a_path_parameter_the_operation_does_not_declare() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let parameters = "      parameters:\n        - {name: widget, in: path, required: true, schema: {type: string}}\n";
    let paths =
        format!("  /v1/widgets/{{widget}}/parts/{{part}}:\n    get:\n{parameters}{RETURNS_WIDGET}");
    project.write("spec/sub.yaml", &spec_with_paths(&paths));
    let message = fails_without_writing(&project, regenerate);
    assert!(
        message.contains("spec/sub.yaml at #/paths/~1v1~1widgets~1{widget}~1parts~1{part}/get/parameters: unsupported schema shape: the path names the parameters [\"widget\", \"part\"] but the operation declares [\"widget\"]"),
        "{message}"
    );
}

/// Shapes `generate` rejects are rejected by `extract` too, before anything is written,
/// with the upstream file and the pointer; `anyOf: []` is one of them, not a panic.
#[test]
fn extract_rejects_what_generate_would_reject() {
    let cycle = "        loop: {$ref: '#/components/schemas/a'}\n    a:\n      $ref: '#/components/schemas/b'\n    b:\n      anyOf:\n        - $ref: '#/components/schemas/a'";
    for (shape, expected) in [
        ("        mode:\n          anyOf: []", "widget/properties/mode/anyOf: unsupported schema shape: an empty `anyOf`"),
        ("        mode:\n          oneOf:\n            - {type: string}\n            - {type: integer}", "widget/properties/mode: unsupported schema shape: `oneOf`"),
        ("        mode:\n          allOf:\n            - {type: string}", "widget/properties/mode: unsupported schema shape"),
        ("        mode:\n          type: string\n          enum: [1, true]", "widget/properties/mode: unsupported schema shape"),
        (cycle, "$ref cycle that cannot be represented"),
    ] {
        let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
        project.write("upstream.yaml", &widget_spec(shape));
        let message = fails_without_writing(&project, extract);
        assert!(
            message.contains("upstream.yaml at #/components/schemas/") && message.contains(expected),
            "{shape}: {message}"
        );
        // The same input through every other command: an error, never a panic.
        let upstream = project.root.join("upstream.yaml");
        let p = project.project();
        assert!(p.compare(&upstream, &upstream).is_err(), "{shape}: diff");
        fails_without_writing(&project, |p| p.update(&upstream).map(drop));
        project.write("spec/sub.yaml", &widget_spec(shape));
        assert!(fails_without_writing(&project, regenerate).contains(expected), "{shape}");
        assert!(p.stale().is_err(), "{shape}: check");
    }
}

/// A `$ref` may escape `/` as `~1`: it names the schema it escapes.
#[test]
fn a_ref_with_an_escaped_slash_names_its_schema() {
    let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
    let spec = widget_spec("        part: {$ref: '#/components/schemas/widget~1part'}")
        + "    widget/part:\n      type: object\n      properties:\n        size: {type: integer}\n";
    project.write("upstream.yaml", &spec);
    let p = project.project();
    p.extract(None).unwrap();
    p.regenerate().unwrap();
    let widget = std::fs::read_to_string(project.root.join("generated/src/api/widget.rs")).unwrap();
    assert!(widget.contains("pub part: Option<WidgetPart>"), "{widget}");
}

#[test]
fn a_selection_name_that_is_not_a_plain_file_name_is_refused() {
    for name in ["../../escaped", "", "a/b", ".hidden"] {
        let project = TempProject::new("upstream.yaml", &["GET /v1/widgets"]);
        project.write("upstream.yaml", &widget_spec(""));
        let selection = std::fs::read_to_string(project.root.join("spec/selection.yaml")).unwrap();
        project.write(
            "spec/selection.yaml",
            &selection.replace("name: sub", &format!("name: '{name}'")),
        );
        let message = fails_without_writing(&project, extract);
        assert!(
            message.contains("selection.yaml at #/name")
                && message.contains("cannot name spec/<name>.yaml"),
            "{name:?}: {message}"
        );
    }
}

/// A JSON upstream (as 2020-08-27 is) extracts and updates: the subset is YAML whatever
/// the upstream's format.
#[test]
fn a_json_upstream_extracts_and_updates() {
    let project = TempProject::new("upstream.json", &["GET /v1/widgets"]);
    let spec: serde_json::Value = serde_yaml::from_str(&widget_spec("")).unwrap();
    project.write("upstream.json", &spec.to_string());
    let p = project.project();
    p.extract(None).unwrap();
    p.regenerate().unwrap();
    project.write("again.json", &spec.to_string());
    p.update(&project.root.join("again.json")).unwrap();
    assert!(p.stale().unwrap().is_empty());
}
