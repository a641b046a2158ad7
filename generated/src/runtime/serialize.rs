//! `Serialize` for the generated structs: each impl lists its fields, and this one
//! function writes them, so a program compiles it once per serializer rather than once
//! per struct.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};

/// One field as a generated impl lists it: its wire name, its value, and whether to leave
/// it out (an optional field that is not set).
pub(crate) type FieldEntry<'a> = (&'static str, &'a dyn erased_serde::Serialize, bool);

/// Serializes a struct from its list of fields, and the fields it did not know when it
/// was decoded, if any (then as a map, since their names are not known in advance).
pub(crate) fn serialize_struct<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[FieldEntry<'_>],
    unknown: Option<&super::UnknownFields>,
) -> Result<S::Ok, S::Error> {
    if let Some(unknown) = unknown.filter(|u| !u.is_empty()) {
        let mut map = serializer.serialize_map(None)?;
        for (key, value, skip) in fields {
            if !*skip {
                map.serialize_entry(key, *value)?;
            }
        }
        for (key, value) in unknown.iter() {
            map.serialize_entry(key, value)?;
        }
        return map.end();
    }
    let present = fields.iter().filter(|(_, _, skip)| !skip).count();
    let mut state = serializer.serialize_struct(name, present)?;
    for (key, value, skip) in fields {
        if *skip {
            state.skip_field(key)?;
        } else {
            state.serialize_field(key, *value)?;
        }
    }
    state.end()
}

/// A `number` field, written as JSON wrote it: a whole value as an integer (`19`, not
/// `19.0`), so that a decoded object serializes back to the same JSON. Received objects
/// serialize only with the `serialize` feature, so without it this is unused.
#[allow(
    dead_code,
    reason = "used by received objects' Serialize, with `serialize`"
)]
pub(crate) struct Number<'a, T: ?Sized>(pub(crate) &'a T);

/// `value` to serialize as a `number` field.
#[allow(
    dead_code,
    reason = "used by received objects' Serialize, with `serialize`"
)]
pub(crate) fn number<T: Numbers + ?Sized>(value: &T) -> Number<'_, T> {
    Number(value)
}

/// The shapes of `number` fields: `f64`, and options, lists and maps of them.
#[allow(
    dead_code,
    reason = "used by received objects' Serialize, with `serialize`"
)]
pub(crate) trait Numbers {
    fn serialize_numbers<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl Numbers for f64 {
    fn serialize_numbers<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Below 2^53 every whole f64 is exactly an i64.
        if self.fract() == 0.0 && self.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(*self as i64)
        } else {
            serializer.serialize_f64(*self)
        }
    }
}

impl<T: Numbers> Numbers for Option<T> {
    fn serialize_numbers<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Number(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Numbers> Numbers for Vec<T> {
    fn serialize_numbers<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Number))
    }
}

impl<T: Numbers> Numbers for std::collections::BTreeMap<String, T> {
    fn serialize_numbers<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Number(value))))
    }
}

impl<T: Numbers + ?Sized> serde::Serialize for Number<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_numbers(serializer)
    }
}
