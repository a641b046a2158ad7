//! Reading YAML or JSON files into documents, with errors located by file and pointer.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::pointer::Pointer;
use crate::error::{Error, Location, Result};

/// A parsed OpenAPI document together with its raw JSON form and where it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file the document was read from.
    pub file: PathBuf,
    /// The raw tree, with keys in file order; extraction works on this.
    pub raw: serde_json::Value,
    /// The typed form; the IR is built from this.
    pub openapi: openapiv3::OpenAPI,
    /// SHA-256 of the file's bytes, hex encoded.
    pub sha256: String,
}

impl Document {
    /// A location inside this document.
    pub fn at(&self, pointer: &Pointer) -> Location {
        location(&self.file, pointer)
    }

    /// `info.version`, the Stripe API version the document describes.
    pub fn api_version(&self) -> &str {
        &self.openapi.info.version
    }
}

/// Builds a [`Location`] for a pointer in a file.
pub fn location(file: &Path, pointer: &Pointer) -> Location {
    Location {
        file: file.to_owned(),
        pointer: pointer.to_string(),
    }
}

/// Reads a file's bytes.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

/// Reads and parses an OpenAPI 3.0 document (YAML, or JSON when the name ends in `.json`).
pub fn load_document(path: &Path) -> Result<Document> {
    let bytes = read(path)?;
    let document = document_from_tree(path, parse_tree(path, &bytes)?)?;
    Ok(Document {
        sha256: sha256_hex(&bytes),
        ..document
    })
}

/// A document from a tree already in memory (an extracted subset); `path` names it in
/// errors.
pub fn document_from_tree(path: &Path, raw: serde_json::Value) -> Result<Document> {
    check_version(path, &raw)?;
    let openapi = from_tree(path, &raw)?;
    Ok(Document {
        file: path.to_owned(),
        raw,
        openapi,
        sha256: String::new(),
    })
}

/// Parses YAML or JSON bytes into a JSON tree.
pub fn parse_tree(path: &Path, bytes: &[u8]) -> Result<serde_json::Value> {
    let is_json = path.extension().is_some_and(|e| e == "json");
    if is_json {
        serde_json::from_slice(bytes).map_err(|e| Error::Syntax {
            location: Location {
                file: path.to_owned(),
                pointer: format!("line {} column {}", e.line(), e.column()),
            },
            format: "JSON",
            message: e.to_string(),
        })
    } else {
        serde_yaml::from_slice(bytes).map_err(|e| Error::Syntax {
            location: Location {
                file: path.to_owned(),
                pointer: e
                    .location()
                    .map(|l| format!("line {} column {}", l.line(), l.column()))
                    .unwrap_or_else(|| "#".to_owned()),
            },
            format: "YAML",
            message: e.to_string(),
        })
    }
}

/// Converts a JSON tree into a typed value, naming the pointer of the first mismatch.
pub fn from_tree<T: DeserializeOwned>(path: &Path, raw: &serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(raw).map_err(|e: serde_path_to_error::Error<_>| {
        let pointer = path_to_pointer(e.path());
        Error::Structure {
            location: location(path, &pointer),
            message: e.into_inner().to_string(),
        }
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |p, segment| match segment {
            Segment::Seq { index } => p.push(index),
            Segment::Map { key } => p.push(key),
            Segment::Enum { .. } | Segment::Unknown => p,
        })
}

fn check_version(path: &Path, raw: &serde_json::Value) -> Result<()> {
    let version = raw.get("openapi").and_then(|v| v.as_str());
    match version {
        Some(v) if v.starts_with("3.0") => Ok(()),
        other => Err(Error::Structure {
            location: location(path, &Pointer::root().push("openapi")),
            message: format!(
                "expected OpenAPI version 3.0.x, found {}",
                other.map_or("nothing".to_owned(), |v| format!("`{v}`"))
            ),
        }),
    }
}

/// The SHA-256 of `bytes` in lower-case hex, as the provenance record writes it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
