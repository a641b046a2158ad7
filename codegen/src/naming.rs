//! Rust names for things from the spec: case conversion, keyword escaping and collision
//! resolution. Names derive only from stable inputs (schema names, field paths, values).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A type name from words: `checkout.session` → `CheckoutSession`; `Unnamed` for words
/// with no letter or digit in them.
pub fn type_name(words: &str) -> String {
    let name = ascii(words.to_upper_camel_case());
    if name.is_empty() {
        return "Unnamed".to_owned();
    }
    escape(prefix_digit(name, "V"))
}

/// Only what every Rust identifier may hold: case conversion keeps any alphanumeric
/// character, and some (`²`, `Ⅷ`) are not allowed in identifiers.
fn ascii(name: String) -> String {
    let kept: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    // `_` alone is not a name, and leading or doubled ones are left from dropped text.
    kept.split('_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// A field, parameter or method name: `type` → `type_`.
pub fn field_name(wire: &str) -> String {
    let name = ascii(wire.to_snake_case());
    let name = if name.is_empty() {
        "value".to_owned()
    } else {
        name
    };
    let name = escape(prefix_digit(name, "n"));
    if GENERATED_MEMBERS.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// Fields and methods the generator adds to structs of its own accord; a spec field of
/// the same name (its setter has its name) takes a trailing underscore.
const GENERATED_MEMBERS: &[&str] = &[
    "new",
    "raw_param",
    "raw_params",
    "remove_param",
    "unknown_fields",
];

/// An enum variant name for a wire value: `""` → `Empty`, `self` → `Self_`.
pub fn variant_name(wire: &str) -> String {
    let name = ascii(wire.to_upper_camel_case());
    if name.is_empty() {
        return if wire.is_empty() {
            "Empty".to_owned()
        } else {
            "Symbol".to_owned()
        };
    }
    escape(prefix_digit(name, "V"))
}

fn prefix_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

fn escape(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Names the generated crate's root gives to its runtime (`generated/src/lib.rs`); a
/// generated type must not take one, or the root re-export would hide it.
pub const RUNTIME_NAMES: &[&str] = &[
    "ApiError",
    "Binary",
    "Clearable",
    "Client",
    "ClientBuilder",
    "Decimal",
    "DecodeError",
    "Error",
    "ErrorKind",
    "Expand",
    "Expandable",
    "JsonError",
    "List",
    "Method",
    "Paginator",
    "RangeBounds",
    "RangeFilter",
    "RawParams",
    "Request",
    "RetryPolicy",
    "SearchList",
    "Timestamp",
    "TransportError",
    "TransportErrorKind",
    "Undecoded",
];

/// A type name that does not collide with [`RUNTIME_NAMES`]: `Error` becomes `ErrorObject`.
pub fn clear_of_runtime(name: &mut String) {
    if RUNTIME_NAMES.contains(&name.as_str()) {
        name.push_str("Object");
    }
}

/// Makes names unique in place: the first holder of a name keeps it, later ones get the
/// smallest numeric suffix not yet taken. Callers pass names in a stable order.
pub fn dedupe<'a>(names: impl IntoIterator<Item = &'a mut String>) {
    let names: Vec<&mut String> = names.into_iter().collect();
    let mut taken: HashSet<String> = names.iter().map(|n| (**n).clone()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    for name in names {
        if seen.insert(name.clone()) {
            continue;
        }
        let unique = (2..)
            .map(|i| format!("{name}{i}"))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or_default();
        taken.insert(unique.clone());
        seen.insert(unique.clone());
        *name = unique;
    }
}

/// `preferred`, or `preferred` with `Value` appended when a listed name already uses it.
pub fn unused_name<'n>(mut taken: impl Iterator<Item = &'n str>, preferred: &str) -> String {
    if taken.any(|n| n == preferred) {
        format!("{preferred}Value")
    } else {
        preferred.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_escape_keywords_and_digits() {
        assert_eq!(type_name("checkout.session"), "CheckoutSession");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("3d_secure"), "n3d_secure");
        assert_eq!(variant_name("self"), "Self_");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("3d_secure"), "V3dSecure");
        assert_eq!(variant_name("*"), "Symbol");
    }

    #[test]
    fn dedupe_keeps_the_first_and_skips_taken_suffixes() {
        let mut names = vec![
            "A".to_owned(),
            "A2".to_owned(),
            "A".to_owned(),
            "A".to_owned(),
        ];
        dedupe(names.iter_mut());
        assert_eq!(names, ["A", "A2", "A3", "A4"]);
    }
}
