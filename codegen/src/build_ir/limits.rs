//! Limits the spec puts on values, kept where a renderer enforces them: a string's
//! `maxLength` (the fake refuses longer strings, as the API does).

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// The longest string a property takes: its own `maxLength`, a list's items', or the
/// string variant's of an `anyOf` (a value that can also be cleared with `""`).
/// References (named schemas) carry none here.
pub(super) fn max_length<T: crate::openapi::refs::AsSchema>(
    schema: &ReferenceOr<T>,
) -> Option<usize> {
    match schema {
        ReferenceOr::Item(schema) => of_schema(schema.as_schema()),
        ReferenceOr::Reference { .. } => None,
    }
}

fn of_schema(schema: &Schema) -> Option<usize> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
            string.max_length
        }
        SchemaKind::Type(Type::Array(array)) => array.items.as_ref().and_then(max_length),
        SchemaKind::AnyOf { any_of: variants } | SchemaKind::OneOf { one_of: variants } => {
            variants.iter().find_map(max_length)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: serde_json::Value) -> ReferenceOr<Schema> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn strings_lists_and_clearable_values_carry_their_limit() {
        let cases = [
            (
                serde_json::json!({"type": "string", "maxLength": 22}),
                Some(22),
            ),
            (
                serde_json::json!({"type": "array", "items": {"type": "string", "maxLength": 40}}),
                Some(40),
            ),
            (
                serde_json::json!({"anyOf": [{"type": "string", "maxLength": 500}, {"type": "string", "enum": [""]}]}),
                Some(500),
            ),
            (
                serde_json::json!({"type": "string", "enum": ["a"], "maxLength": 5000}),
                None,
            ),
            (serde_json::json!({"type": "integer"}), None),
            (serde_json::json!({"$ref": "#/components/schemas/x"}), None),
        ];
        for (json, expected) in cases {
            assert_eq!(max_length(&schema(json.clone())), expected, "{json}");
        }
    }
}
