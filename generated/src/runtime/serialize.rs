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
