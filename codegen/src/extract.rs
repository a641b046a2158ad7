//! Cuts a self-contained subset out of the upstream spec.
//!
//! The subset holds the selected operations and every component they reach. Expandable
//! fields whose objects are not part of the selection are rewritten to an id or a raw
//! JSON object, without a reference to the objects, which is what keeps the subset (and
//! so the generated crate) small while such fields stay expandable.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::openapi::load::Document;
use crate::openapi::pointer::Pointer;
use crate::openapi::selection::{Operations, Selection, METHODS};
use crate::stripe;

/// The result of an extraction, ready to be written to `spec/`.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The subset document as a JSON tree.
    pub document: Value,
    /// Number of operations kept.
    pub operations: usize,
    /// Number of component schemas kept.
    pub schemas: usize,
}

/// Extracts the selection from an upstream document.
pub fn extract(upstream: &Document, selection: &Selection) -> Result<Extracted> {
    let ops = selected_operations(upstream, selection)?;
    let mut kept = kept_objects(upstream, selection, &ops)?;
    if selection.operations == Operations::All {
        kept.extend(extra_roots(upstream, selection));
    }
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for (method, path) in &ops {
        let pointer = Pointer::root().join(["paths", path.as_str(), method.as_str()]);
        let mut op = pointer.resolve(&upstream.raw).cloned().unwrap_or_default();
        rewrite_expansions(&mut op, &kept);
        paths
            .entry(path.clone())
            .or_default()
            .insert(method.clone(), op);
    }
    let mut closure = Closure::default();
    for name in extra_roots(upstream, selection) {
        let pointer = Pointer::root().join(["components", "schemas", name.as_str()]);
        if closure.reached.insert(pointer.clone()) {
            closure.pending.push(pointer);
        }
    }
    for (path, item) in &paths {
        for (method, op) in item {
            let at = Pointer::root().join(["paths", path.as_str(), method.as_str()]);
            closure.visit(upstream, op, &at)?;
        }
    }
    let components = closure.collect(upstream, &kept)?;
    let schemas = components
        .get("schemas")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    let document = assemble(upstream, paths, components);
    Ok(Extracted {
        document,
        operations: ops.len(),
        schemas,
    })
}

fn selected_operations(doc: &Document, selection: &Selection) -> Result<Vec<(String, String)>> {
    let paths = doc.raw.get("paths").and_then(Value::as_object);
    let Some(paths) = paths else {
        return Err(Error::Structure {
            location: doc.at(&Pointer::root().push("paths")),
            message: "the document has no `paths`".to_owned(),
        });
    };
    match &selection.operations {
        Operations::All => Ok(paths
            .iter()
            .flat_map(|(path, item)| {
                METHODS
                    .iter()
                    .filter(|m| item.get(**m).is_some())
                    .map(|m| (m.to_string(), path.clone()))
            })
            .collect()),
        Operations::Listed(listed) => {
            for (i, (method, path)) in listed.iter().enumerate() {
                if paths.get(path).and_then(|item| item.get(method)).is_none() {
                    return Err(Error::Selection {
                        location: crate::openapi::load::location(
                            &selection.file,
                            &Pointer::root().join(["operations".to_owned(), i.to_string()]),
                        ),
                        message: format!(
                            "unknown operation `{} {path}`: {} has no {}",
                            method.to_uppercase(),
                            doc.file.display(),
                            Pointer::root().join(["paths", path.as_str(), method.as_str()])
                        ),
                    });
                }
            }
            let mut ops = listed.clone();
            for (method, path) in stripe::RUNTIME_OPERATIONS {
                let known = paths.get(path).and_then(|item| item.get(method)).is_some();
                if known && !ops.iter().any(|(m, p)| m == method && p == path) {
                    ops.push((method.to_owned(), path.to_owned()));
                }
            }
            Ok(ops)
        }
    }
}

/// Schemas kept even if no selected operation reaches them: the selection's extra objects,
/// and for a selection of every operation, every schema (some appear only in webhooks).
fn extra_roots(doc: &Document, selection: &Selection) -> Vec<String> {
    match selection.operations {
        Operations::All => doc
            .raw
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default(),
        Operations::Listed(_) => selection.keep_objects.clone(),
    }
}

/// The objects whose expansions stay expandable: everything a selected operation returns,
/// plus the selection's extras.
fn kept_objects(
    doc: &Document,
    selection: &Selection,
    ops: &[(String, String)],
) -> Result<BTreeSet<String>> {
    let schemas = doc
        .raw
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut kept = BTreeSet::new();
    for (method, path) in ops {
        let response = Pointer::root().join([
            "paths",
            path.as_str(),
            method.as_str(),
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
        ]);
        if let Some(schema) = response.resolve(&doc.raw) {
            kept.extend(stripe::returned_objects(schema));
        }
    }
    for (i, name) in selection.keep_objects.iter().enumerate() {
        if !schemas.is_some_and(|s| s.contains_key(name)) {
            return Err(Error::Selection {
                location: crate::openapi::load::location(
                    &selection.file,
                    &Pointer::root().join(["keep_objects".to_owned(), i.to_string()]),
                ),
                message: format!(
                    "unknown object `{name}`: no such schema in {}",
                    doc.file.display()
                ),
            });
        }
        kept.insert(name.clone());
    }
    Ok(kept)
}

/// Rewrites expandable fields whose targets are not all kept so that they no longer
/// refer to those objects (see [`stripe::raw_expansion`]).
fn rewrite_expansions(node: &mut Value, kept: &BTreeSet<String>) {
    if let Some(raw) = stripe::raw_expansion(node, kept) {
        *node = raw;
        return;
    }
    match node {
        Value::Object(map) => map.values_mut().for_each(|v| rewrite_expansions(v, kept)),
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_expansions(v, kept)),
        _ => {}
    }
}

/// The components reached from the selected operations, found by following `$ref`s.
#[derive(Default)]
struct Closure {
    reached: BTreeSet<Pointer>,
    pending: Vec<Pointer>,
}

impl Closure {
    fn visit(&mut self, doc: &Document, node: &Value, at: &Pointer) -> Result<()> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let ref_at = at.push("$ref");
                    let dangling = || Error::DanglingRef {
                        location: doc.at(&ref_at),
                        target: target.clone(),
                    };
                    let pointer = Pointer::from_fragment(target).ok_or_else(dangling)?;
                    let tokens: Vec<String> = pointer.tokens().collect();
                    let is_component = tokens.len() == 3 && tokens[0] == "components";
                    if !is_component || pointer.resolve(&doc.raw).is_none() {
                        return Err(dangling());
                    }
                    if self.reached.insert(pointer.clone()) {
                        self.pending.push(pointer);
                    }
                }
                for (key, value) in map {
                    self.visit(doc, value, &at.push(key))?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.visit(doc, item, &at.push(i))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Follows every pending reference, rewriting expansions in each reached component.
    fn collect(mut self, doc: &Document, kept: &BTreeSet<String>) -> Result<Map<String, Value>> {
        let mut out: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        while let Some(pointer) = self.pending.pop() {
            let mut node = pointer.resolve(&doc.raw).cloned().unwrap_or_default();
            rewrite_expansions(&mut node, kept);
            self.visit(doc, &node, &pointer)?;
            let mut tokens = pointer.tokens().skip(1);
            let (kind, name) = (
                tokens.next().unwrap_or_default(),
                tokens.next().unwrap_or_default(),
            );
            out.entry(kind).or_default().insert(name, node);
        }
        if let Some(Value::Object(schemes)) = doc.raw.pointer("/components/securitySchemes") {
            let entry = out.entry("securitySchemes".to_owned()).or_default();
            entry.extend(schemes.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Ok(out
            .into_iter()
            .map(|(kind, items)| (kind, Value::Object(items.into_iter().collect())))
            .collect())
    }
}

fn assemble(
    doc: &Document,
    paths: BTreeMap<String, Map<String, Value>>,
    components: Map<String, Value>,
) -> Value {
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = doc.raw.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    let paths = paths
        .into_iter()
        .map(|(path, item)| {
            let ordered: Map<String, Value> = METHODS
                .iter()
                .filter_map(|m| item.get(*m).map(|op| (m.to_string(), op.clone())))
                .collect();
            (path, Value::Object(ordered))
        })
        .collect();
    out.insert("paths".to_owned(), Value::Object(paths));
    out.insert("components".to_owned(), Value::Object(components));
    Value::Object(out)
}
