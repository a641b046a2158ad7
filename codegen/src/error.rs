//! The one error type of the generator library.
//!
//! Every error about input names the file it came from and, where the input has a
//! structure, the JSON pointer of the offending node, so a user can jump to it.

use std::path::PathBuf;

/// Result alias used across the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in an input document something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file that was read.
    pub file: PathBuf,
    /// A JSON pointer (`#/components/schemas/...`) or, for syntax errors, `line L column C`.
    pub pointer: String,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}", self.file.display(), self.pointer)
    }
}

/// Everything that can stop the generator.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file or directory could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The input is not valid YAML or JSON.
    #[error("{location}: invalid {format}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// `YAML` or `JSON`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The input is well-formed but is not an OpenAPI document of the expected shape.
    #[error("{location}: not a valid OpenAPI 3.0 document: {message}")]
    Structure {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` points at nothing.
    #[error("{location}: dangling $ref `{target}`")]
    DanglingRef {
        /// Where the `$ref` is.
        location: Location,
        /// The reference.
        target: String,
    },
    /// A chain of `$ref`s that loops without ever reaching a type.
    #[error("{location}: $ref cycle that cannot be represented: {}", cycle.join(" -> "))]
    RefCycle {
        /// Where the cycle was entered.
        location: Location,
        /// The references on the cycle, in order.
        cycle: Vec<String>,
    },
    /// A schema uses a shape the generator does not support.
    #[error("{location}: unsupported schema shape: {message}")]
    Unsupported {
        /// Where.
        location: Location,
        /// What is unsupported.
        message: String,
    },
    /// The selection file names something the spec does not have, or is malformed.
    #[error("{location}: {message}")]
    Selection {
        /// Where in the selection file.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// `spec/provenance.yaml` cannot be trusted: unreadable, or its upstream is gone or changed.
    #[error("{location}: {message}")]
    Provenance {
        /// Where in the provenance file.
        location: Location,
        /// What is wrong and what to do.
        message: String,
    },
    /// A crate manifest lacks the block of features the generator writes.
    #[error("{}: {message}", path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
    /// A file about to be written cannot be printed as YAML.
    #[error("cannot write {} as YAML: {message}", path.display())]
    Serialize {
        /// The file.
        path: PathBuf,
        /// The printer's message.
        message: String,
    },
    /// Rendered code did not parse as Rust: a generator bug, reported instead of writing.
    #[error("generated file {file} is not valid Rust: {message}")]
    InvalidRust {
        /// The file that would have been written.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl Error {
    /// The location this error points at, if it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Syntax { location, .. }
            | Error::Structure { location, .. }
            | Error::DanglingRef { location, .. }
            | Error::RefCycle { location, .. }
            | Error::Unsupported { location, .. }
            | Error::Selection { location, .. }
            | Error::Provenance { location, .. } => Some(location),
            Error::Read { .. }
            | Error::Write { .. }
            | Error::Serialize { .. }
            | Error::Manifest { .. }
            | Error::InvalidRust { .. } => None,
        }
    }
}
