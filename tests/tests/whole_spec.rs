//! The whole 2023-08-16 spec (468 operations, 819 schemas) goes through extract, IR and
//! rendering without an error, and every output file parses as Rust.

use codegen::project::spec_files;
use codegen::spec::load::load_document;
use codegen::spec::selection::Selection;

#[test]
fn whole_spec_extracts_builds_and_renders() {
    let upstream = load_document(&tests::upstream_spec()).expect("upstream loads");
    let selection = Selection::all("all", &tests::upstream_spec());
    let files = spec_files(&upstream, &selection).expect("extract succeeds");
    let dir = std::env::temp_dir().join(format!("whole-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("all.yaml");
    std::fs::write(&path, &files.spec).expect("write subset");
    let doc = load_document(&path).expect("the extracted whole spec parses with openapiv3");
    std::fs::remove_dir_all(&dir).expect("clean up");

    assert_eq!(
        doc.openapi
            .paths
            .paths
            .values()
            .map(|p| p.as_item().map_or(0, |i| i.iter().count()))
            .sum::<usize>(),
        468
    );
    assert_eq!(
        doc.openapi
            .components
            .as_ref()
            .map_or(0, |c| c.schemas.len()),
        819
    );

    let ir = codegen::ir::build::build(&doc).expect("IR builds");
    assert_eq!(ir.operations.len(), 468);
    let generated = codegen::generate(&doc, "all").expect("renders");
    for (path, text) in &generated {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{path} is not valid Rust: {e}"));
    }
    assert!(
        generated.len() > 100,
        "one file per module: {}",
        generated.len()
    );
}
