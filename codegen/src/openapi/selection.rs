//! The selection file: which operations of the upstream spec the crate covers.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::load::{from_tree, location, parse_tree, read};
use super::pointer::Pointer;
use crate::error::{Error, Result};

/// HTTP methods in the order OpenAPI path items list them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A parsed selection file.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The selection file itself.
    pub file: PathBuf,
    /// Base name of the extracted spec: `spec/<name>.yaml`.
    pub name: String,
    /// The default upstream file, resolved against the selection file's folder.
    pub upstream: PathBuf,
    /// Which operations to keep.
    pub operations: Operations,
    /// Objects to keep whole even when no selected operation returns them.
    pub keep_objects: Vec<String>,
    /// Cargo features, one per resource area, when the selection asks for them.
    pub features: Option<FeatureChoice>,
}

/// A selection's choice of cargo features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureChoice {
    /// The selection file, to locate errors.
    pub file: PathBuf,
    /// The features on by default.
    pub default: Vec<String>,
}

/// The operations a selection names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operations {
    /// Every operation of the upstream spec.
    All,
    /// `(method, path)` pairs with the method in lower case.
    Listed(Vec<(String, String)>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelection {
    name: String,
    upstream: PathBuf,
    operations: RawOperations,
    #[serde(default)]
    keep_objects: Vec<String>,
    #[serde(default)]
    features: Option<RawFeatures>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeatures {
    default: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawOperations {
    Keyword(String),
    Listed(Vec<String>),
}

impl Selection {
    /// Reads a selection file.
    pub fn load(path: &Path) -> Result<Self> {
        let tree = parse_tree(path, &read(path)?)?;
        let raw: RawSelection = from_tree(path, &tree)?;
        let invalid = |pointer: Pointer, message: String| Error::Selection {
            location: location(path, &pointer),
            message,
        };
        // The name becomes a file name in spec/: one plain segment, nothing else.
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if raw.name.is_empty() || !raw.name.chars().all(plain) {
            return Err(invalid(
                Pointer::root().push("name"),
                format!(
                    "`{}` cannot name spec/<name>.yaml: use letters, digits, `_` and `-`",
                    raw.name
                ),
            ));
        }
        let operations = match raw.operations {
            RawOperations::Keyword(k) if k == "all" => Operations::All,
            RawOperations::Keyword(k) => {
                return Err(invalid(
                    Pointer::root().push("operations"),
                    format!("expected `all` or a list of `METHOD /path`, found `{k}`"),
                ))
            }
            RawOperations::Listed(items) => {
                let mut listed = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let parsed = parse_operation(item).ok_or_else(|| {
                        invalid(
                            Pointer::root().join(["operations".to_owned(), i.to_string()]),
                            format!("expected `METHOD /path`, found `{item}`"),
                        )
                    })?;
                    listed.push(parsed);
                }
                Operations::Listed(listed)
            }
        };
        let folder = path.parent().unwrap_or(Path::new("."));
        Ok(Selection {
            file: path.to_owned(),
            name: raw.name,
            upstream: folder.join(raw.upstream),
            operations,
            keep_objects: raw.keep_objects,
            features: raw.features.map(|f| FeatureChoice {
                file: path.to_owned(),
                default: f.default,
            }),
        })
    }

    /// A selection of every operation, for whole-API runs.
    pub fn all(name: &str, upstream: &Path) -> Self {
        Selection {
            file: PathBuf::from("<all operations>"),
            name: name.to_owned(),
            upstream: upstream.to_owned(),
            operations: Operations::All,
            keep_objects: Vec::new(),
            features: None,
        }
    }
}

impl Selection {
    /// This selection without the listed operations `doc` does not have, for comparing
    /// descriptions where an operation exists on one side only.
    pub fn restricted_to(&self, doc: &serde_json::Value) -> Selection {
        let mut restricted = self.clone();
        if let Operations::Listed(listed) = &mut restricted.operations {
            listed.retain(|(method, path)| {
                doc.get("paths")
                    .and_then(|p| p.get(path))
                    .and_then(|i| i.get(method))
                    .is_some()
            });
        }
        restricted
    }
}

fn parse_operation(item: &str) -> Option<(String, String)> {
    let (method, path) = item.trim().split_once(' ')?;
    let method = method.to_ascii_lowercase();
    let path = path.trim();
    (METHODS.contains(&method.as_str()) && path.starts_with('/')).then(|| (method, path.to_owned()))
}
