//! The one way from a description of the API to the IR, which every command takes.
//!
//! A description is an upstream file, a subset, or a checkout's `spec/` folder. It is
//! loaded, cut down to the selection, printed as the YAML text `extract` commits and
//! parsed back, then built. Parsing the printed text, rather than building from the tree
//! in memory, is what makes the IR of a committed subset the IR that was computed when
//! it was written (a JSON upstream's numbers and strings come back as YAML reads them).

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diff::Upstream;
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::ir::Ir;
use crate::openapi::load::{self, load_document, Document};
use crate::openapi::pointer::Pointer;
use crate::openapi::selection::Selection;

/// The provenance record written next to the extracted spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Path of the upstream spec, relative to the repository root, with `/` separators.
    pub upstream: String,
    /// Its `info.version`.
    pub api_version: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Operations kept.
    pub operations: usize,
    /// Component schemas kept.
    pub schemas: usize,
}

impl Provenance {
    /// Reads a provenance record; an unreadable one is an error naming the file.
    pub fn load(file: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
            path: file.to_owned(),
            source,
        })?;
        serde_yaml::from_str(&text).map_err(|error| Error::Provenance {
            location: load::location(file, &Pointer::root()),
            message: format!("cannot be read ({error}); extract again with `--upstream FILE`"),
        })
    }

    /// The upstream file the record names, as a change report titles it.
    pub fn as_upstream(&self) -> Upstream {
        Upstream {
            file: file_name(Path::new(&self.upstream)),
            sha256: self.sha256.clone(),
        }
    }
}

/// The contents `extract` writes: the spec subset and its provenance record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFiles {
    /// `spec/<name>.yaml`.
    pub spec: String,
    /// `spec/provenance.yaml`.
    pub provenance: String,
}

/// A description of the selected API: what `extract` would write for it, and its IR.
#[derive(Debug, Clone)]
pub struct Described {
    /// The subset and provenance record as `extract` writes them.
    pub files: SpecFiles,
    /// The IR of the subset.
    pub ir: Ir,
    /// The upstream file the description stands for, as the change report names it.
    pub upstream: Upstream,
}

/// Where a description comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// An upstream spec file or a subset, YAML or JSON.
    File(PathBuf),
    /// A checkout's `spec/` folder: the subset it commits, named after the upstream its
    /// own provenance record names.
    Checkout {
        /// The subset, `spec/<name>.yaml`.
        spec: PathBuf,
        /// `spec/provenance.yaml`, if the folder has one.
        provenance: Option<PathBuf>,
    },
}

impl Source {
    /// A path as the command line gives it: a folder is a checkout's `spec/` folder whose
    /// subset is `<name>.yaml`, with `name` from its own `selection.yaml` when it has one.
    pub fn from_path(path: &Path, default_name: &str) -> Result<Self> {
        if !path.is_dir() {
            return Ok(Source::File(path.to_owned()));
        }
        let selection = path.join("selection.yaml");
        let name = if selection.is_file() {
            Selection::load(&selection)?.name
        } else {
            default_name.to_owned()
        };
        let provenance = path.join("provenance.yaml");
        Ok(Source::Checkout {
            spec: path.join(format!("{name}.yaml")),
            provenance: provenance.is_file().then_some(provenance),
        })
    }

    /// Loads the source, with the upstream it stands for.
    pub fn load(&self) -> Result<(Document, Upstream)> {
        let (file, provenance) = match self {
            Source::File(file) => (file, None),
            Source::Checkout { spec, provenance } => (spec, provenance.as_deref()),
        };
        let doc = load_document(file)?;
        let upstream = match provenance {
            Some(record) => Provenance::load(record)?.as_upstream(),
            None => upstream_of(&doc),
        };
        Ok((doc, upstream))
    }
}

/// Cuts `selection` out of a loaded document, prints it as `extract` would write it and
/// builds the IR from that text; errors name the document (the subset keeps its pointers).
pub fn describe(
    doc: &Document,
    selection: &Selection,
    root: &Path,
    upstream: Upstream,
) -> Result<Described> {
    let files = spec_files(doc, selection, root)?;
    let tree = load::parse_tree(&subset_file(root, selection), files.spec.as_bytes())?;
    let ir =
        crate::build_ir::build_selected(&load::document_from_tree(&doc.file, tree)?, selection)?;
    Ok(Described {
        files,
        ir,
        upstream,
    })
}

/// `spec/<name>.yaml` of the project at `root`.
fn subset_file(root: &Path, selection: &Selection) -> PathBuf {
    root.join("spec").join(format!("{}.yaml", selection.name))
}

/// The spec subset and provenance record for a selection of an upstream document, for
/// the project at `root`.
pub fn spec_files(doc: &Document, selection: &Selection, root: &Path) -> Result<SpecFiles> {
    let extracted = extract(doc, selection)?;
    let upstream = relative_path(&doc.file, root);
    let header = format!(
        "# @generated by `cargo run -p codegen -- extract` from {upstream} with spec/selection.yaml.\n\
         # Do not edit: change the selection and extract again.\n"
    );
    let provenance = Provenance {
        upstream,
        api_version: doc.api_version().to_owned(),
        sha256: doc.sha256.clone(),
        operations: extracted.operations,
        schemas: extracted.schemas,
    };
    let body = to_yaml(&extracted.document, &subset_file(root, selection))?;
    let provenance_body = to_yaml(&provenance, &root.join("spec").join("provenance.yaml"))?;
    Ok(SpecFiles {
        spec: format!("{header}{body}"),
        provenance: format!("{header}{provenance_body}"),
    })
}

/// YAML text for a file that will be written; a value YAML cannot hold is an error, never
/// an empty file.
fn to_yaml(value: &impl Serialize, file: &Path) -> Result<String> {
    serde_yaml::to_string(value).map_err(|error| Error::Serialize {
        path: file.to_owned(),
        message: error.to_string(),
    })
}

/// The upstream a loaded document stands for: itself.
pub fn upstream_of(doc: &Document) -> Upstream {
    Upstream {
        file: file_name(&doc.file),
        sha256: doc.sha256.clone(),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `path` relative to `base`, with `/` separators, worked out on the absolute paths
/// without resolving links (a link to the upstream folder stays as the user named it).
fn relative_path(path: &Path, base: &Path) -> String {
    let path = lexical_absolute(path);
    let base = lexical_absolute(base);
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = base.components().count() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_owned(), ups)
        .chain(
            path.components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    parts.join("/")
}

fn lexical_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
