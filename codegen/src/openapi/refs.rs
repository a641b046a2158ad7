//! Local `$ref`s, and the two forms in which openapiv3 holds a schema.

use openapiv3::Schema;

use super::pointer::Pointer;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// The component name a local schema `$ref` points at, unescaped (`a~1b` is `a/b`).
pub fn ref_name(reference: &str) -> Option<String> {
    reference.strip_prefix(SCHEMA_PREFIX)?;
    let pointer = Pointer::from_fragment(reference)?;
    match pointer.tokens().collect::<Vec<_>>().as_slice() {
        [_, _, name] => Some(name.clone()),
        _ => None,
    }
}

/// Lets schema helpers look at both `Schema` and `Box<Schema>` alternatives.
pub trait AsSchema {
    /// The schema.
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}
