//! The repository layout the command line works on, and the operations on it:
//! extract `spec/` from upstream, regenerate `generated/` from `spec/`, check both.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diff::{Report, Upstream};
use crate::error::{Error, Result};
use crate::spec::extract::extract;
use crate::spec::load::{self, load_document, Document};
use crate::spec::pointer::Pointer;
use crate::spec::selection::Selection;
use crate::write;

/// Where the selection, the extracted spec and the generated code live.
#[derive(Debug, Clone)]
pub struct Project {
    /// The repository root.
    pub root: PathBuf,
    /// Where generated modules go; owned entirely by the generator.
    pub output: PathBuf,
    /// Where the fake Stripe's table goes (`fake/src/spec/`); owned by the generator too.
    pub fake_output: PathBuf,
}

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

/// The contents `extract` writes: the spec subset and its provenance record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFiles {
    /// `spec/<name>.yaml`.
    pub spec: String,
    /// `spec/provenance.yaml`.
    pub provenance: String,
}

impl Project {
    /// The project rooted at `root`, with the standard layout.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let output = root.join("generated").join("src").join("api");
        let fake_output = root.join("fake").join("src").join("spec");
        Project {
            root,
            output,
            fake_output,
        }
    }

    /// The nearest folder at or above `start` that has `spec/selection.yaml`.
    pub fn find(start: &Path) -> Option<Self> {
        start
            .ancestors()
            .find(|dir| dir.join("spec").join("selection.yaml").is_file())
            .map(Project::at)
    }

    /// `spec/selection.yaml`.
    pub fn selection_file(&self) -> PathBuf {
        self.root.join("spec").join("selection.yaml")
    }

    /// The selection.
    pub fn selection(&self) -> Result<Selection> {
        Selection::load(&self.selection_file())
    }

    /// `spec/<name>.yaml`.
    pub fn spec_file(&self, selection: &Selection) -> PathBuf {
        self.root
            .join("spec")
            .join(format!("{}.yaml", selection.name))
    }

    /// `spec/provenance.yaml`.
    pub fn provenance_file(&self) -> PathBuf {
        self.root.join("spec").join("provenance.yaml")
    }

    /// The upstream `spec/` was last extracted from: the path the provenance record names,
    /// checked against its hash, or the selection's `upstream` before the first
    /// extraction. A missing or changed file is an error, never a silent fallback: an
    /// update changes only `spec/` and `generated/`, and the record is what says where to
    /// find its input again.
    pub fn current_upstream(&self, selection: &Selection) -> Result<PathBuf> {
        let record_file = self.provenance_file();
        let Ok(text) = std::fs::read_to_string(&record_file) else {
            return Ok(selection.upstream.clone());
        };
        let recorded: Provenance =
            serde_yaml::from_str(&text).map_err(|error| Error::Provenance {
                location: load::location(&record_file, &Pointer::root()),
                message: format!("cannot be read ({error}); extract again with `--upstream FILE`"),
            })?;
        let path = self.root.join(&recorded.upstream);
        let fail = |found: &str| Error::Provenance {
            location: load::location(&record_file, &Pointer::root().push("upstream")),
            message: format!(
                "the upstream it records, {} with sha256 {}, {found}; put that file back, \
                 or move to another with `cargo run -p codegen -- update FILE`",
                recorded.upstream, recorded.sha256
            ),
        };
        let bytes = std::fs::read(&path).map_err(|_| fail("does not exist"))?;
        let sha256 = load::sha256_hex(&bytes);
        if sha256 != recorded.sha256 {
            return Err(fail(&format!("has changed (its sha256 is now {sha256})")));
        }
        Ok(path)
    }

    /// `upstream` if given, else the one the provenance record names.
    fn upstream_or_current(
        &self,
        selection: &Selection,
        upstream: Option<&Path>,
    ) -> Result<PathBuf> {
        match upstream {
            Some(path) => Ok(path.to_owned()),
            None => self.current_upstream(selection),
        }
    }

    /// What `extract` would write, from `upstream` or the current upstream.
    pub fn extracted(&self, upstream: Option<&Path>) -> Result<SpecFiles> {
        let selection = self.selection()?;
        let upstream = self.upstream_or_current(&selection, upstream)?;
        let doc = load_document(&upstream)?;
        spec_files(&doc, &selection, &self.root)
    }

    /// Writes `spec/` from the upstream spec. Nothing is written if anything fails,
    /// including a subset that `generate` would then reject: it is checked first, and
    /// its errors name the upstream file (the subset keeps the upstream's pointers).
    pub fn extract(&self, upstream: Option<&Path>) -> Result<SpecFiles> {
        let selection = self.selection()?;
        let upstream = self.upstream_or_current(&selection, upstream)?;
        let files = spec_files(&load_document(&upstream)?, &selection, &self.root)?;
        self.ir_of_subset(&selection, &files.spec, &upstream)?;
        self.write_spec(&selection, &files)?;
        Ok(files)
    }

    /// The subset and its provenance record, replaced together.
    fn write_spec(&self, selection: &Selection, files: &SpecFiles) -> Result<()> {
        write::replace_files(&[
            (self.spec_file(selection), files.spec.clone()),
            (self.provenance_file(), files.provenance.clone()),
        ])
    }

    /// What `generated/src/api/` should contain, from the committed spec.
    pub fn generated(&self) -> Result<write::FileSet> {
        Ok(self.outputs()?.remove(0).1)
    }

    /// Every generated folder with what it should contain, from the committed spec:
    /// `generated/src/api/`, then the fake's `fake/src/spec/`.
    pub fn outputs(&self) -> Result<Vec<(PathBuf, write::FileSet)>> {
        let selection = self.selection()?;
        let spec = self.spec_file(&selection);
        let ir = crate::ir::build::build(&load_document(&spec)?)?;
        self.outputs_of(&selection, &ir)
    }

    fn outputs_of(
        &self,
        selection: &Selection,
        ir: &crate::ir::Ir,
    ) -> Result<Vec<(PathBuf, write::FileSet)>> {
        let label = self.spec_label(selection);
        Ok(vec![
            (self.output.clone(), crate::generate_from_ir(ir, &label)?),
            (
                self.fake_output.clone(),
                crate::generate_fake_from_ir(ir, &label)?,
            ),
        ])
    }

    /// The IR of a subset `extract` would write, with errors naming the upstream it was
    /// cut from (the subset keeps the upstream's pointers). The text is YAML whatever the
    /// upstream's format.
    fn ir_of_subset(
        &self,
        selection: &Selection,
        text: &str,
        upstream: &Path,
    ) -> Result<crate::ir::Ir> {
        let tree = load::parse_tree(&self.spec_file(selection), text.as_bytes())?;
        crate::ir::build::build(&load::document_from_tree(upstream, tree)?)
    }

    /// The IR of a spec subset as `extract` writes it to `spec/<name>.yaml`.
    fn ir_from_text(&self, selection: &Selection, text: &str) -> Result<crate::ir::Ir> {
        self.ir_of_subset(selection, text, &self.spec_file(selection))
    }

    fn outputs_from_text(
        &self,
        selection: &Selection,
        text: &str,
    ) -> Result<Vec<(PathBuf, write::FileSet)>> {
        let ir = self.ir_from_text(selection, text)?;
        self.outputs_of(selection, &ir)
    }

    /// How generated files name their input.
    fn spec_label(&self, selection: &Selection) -> String {
        format!("spec/{}.yaml", selection.name)
    }

    /// Regenerates `generated/src/api/` and the fake's table from `spec/`. Nothing changes
    /// if generating fails.
    pub fn regenerate(&self) -> Result<write::FileSet> {
        let mut outputs = self.outputs()?;
        for (dir, files) in &outputs {
            write::replace_dir(dir, files)?;
        }
        Ok(outputs.remove(0).1)
    }

    /// Files in `spec/` and `generated/` that differ from what the tools would write now.
    pub fn stale(&self) -> Result<Vec<PathBuf>> {
        self.stale_from(None)
    }

    /// Like [`Project::stale`], with `spec/` extracted from this upstream.
    pub fn stale_against(&self, upstream: &Path) -> Result<Vec<PathBuf>> {
        self.stale_from(Some(upstream))
    }

    fn stale_from(&self, upstream: Option<&Path>) -> Result<Vec<PathBuf>> {
        let selection = self.selection()?;
        let extracted = self.extracted(upstream)?;
        let mut stale = Vec::new();
        for (path, expected) in [
            (self.spec_file(&selection), &extracted.spec),
            (self.provenance_file(), &extracted.provenance),
        ] {
            if std::fs::read_to_string(&path).ok().as_ref() != Some(expected) {
                stale.push(path);
            }
        }
        // What generate would write after extract, so a hand-edited spec/ is listed, not fatal.
        for (dir, files) in self.outputs_from_text(&selection, &extracted.spec)? {
            stale.extend(write::stale_files(&dir, &files));
        }
        Ok(stale)
    }
}

impl Project {
    /// The IR of a description limited to the selection. `path` is an upstream spec, a
    /// subset, or the `spec/` folder (its committed subset); listed operations the
    /// description lacks are left out, so they show up as added or removed.
    pub fn selected_ir(&self, path: &Path) -> Result<crate::ir::Ir> {
        Ok(self.selected(path)?.0)
    }

    /// [`Project::selected_ir`], with the upstream file the description stands for: the
    /// file itself, or for `spec/` the one its provenance record names.
    fn selected(&self, path: &Path) -> Result<(crate::ir::Ir, Option<Upstream>)> {
        let selection = self.selection()?;
        let (path, upstream) = if path.is_dir() {
            (self.spec_file(&selection), self.recorded_upstream())
        } else {
            (path.to_owned(), None)
        };
        let doc = load_document(&path)?;
        let upstream = upstream.or_else(|| Some(upstream_of(&doc)));
        let extracted = extract(&doc, &selection.restricted_to(&doc.raw))?;
        let subset = load::document_from_tree(&path, extracted.document)?;
        Ok((crate::ir::build::build(&subset)?, upstream))
    }

    /// The upstream file the provenance record names, if it can be read.
    fn recorded_upstream(&self) -> Option<Upstream> {
        let text = std::fs::read_to_string(self.provenance_file()).ok()?;
        let recorded: Provenance = serde_yaml::from_str(&text).ok()?;
        Some(Upstream {
            file: file_name(Path::new(&recorded.upstream)),
            sha256: recorded.sha256,
        })
    }

    /// The API change report between two descriptions.
    pub fn compare(&self, old: &Path, new: &Path) -> Result<Report> {
        let ((old, from), (new, to)) = (self.selected(old)?, self.selected(new)?);
        Ok(Report {
            from_upstream: from,
            to_upstream: to,
            ..crate::diff::compare(&old, &new)
        })
    }

    /// Moves to a new upstream spec: re-extracts `spec/` with the committed selection,
    /// regenerates `generated/` and returns the change report. Everything is computed
    /// before anything is written; if writing `generated/` fails, `spec/` is restored.
    pub fn update(&self, upstream: &Path) -> Result<Report> {
        let selection = self.selection()?;
        let spec_file = self.spec_file(&selection);
        let old_ir = crate::ir::build::build(&load_document(&spec_file)?)?;
        let new_doc = load_document(upstream)?;
        let files = spec_files(&new_doc, &selection, &self.root)?;
        let new_ir = self.ir_of_subset(&selection, &files.spec, upstream)?;
        let outputs = self.outputs_of(&selection, &new_ir)?;
        let report = Report {
            from_upstream: self.recorded_upstream(),
            to_upstream: Some(upstream_of(&new_doc)),
            ..crate::diff::compare(&old_ir, &new_ir)
        };
        let previous = [
            (spec_file.clone(), std::fs::read_to_string(&spec_file).ok()),
            (
                self.provenance_file(),
                std::fs::read_to_string(self.provenance_file()).ok(),
            ),
        ];
        self.write_spec(&selection, &files)?;
        let written = outputs
            .iter()
            .try_for_each(|(dir, files)| write::replace_dir(dir, files));
        if let Err(error) = written {
            let restore: Vec<(PathBuf, String)> = previous
                .into_iter()
                .filter_map(|(path, contents)| Some((path, contents?)))
                .collect();
            let _ = write::replace_files(&restore);
            return Err(error);
        }
        Ok(report)
    }
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
    let body = serde_yaml::to_string(&extracted.document).unwrap_or_default();
    let provenance = Provenance {
        upstream,
        api_version: doc.api_version().to_owned(),
        sha256: doc.sha256.clone(),
        operations: extracted.operations,
        schemas: extracted.schemas,
    };
    let provenance_body = serde_yaml::to_string(&provenance).unwrap_or_default();
    Ok(SpecFiles {
        spec: format!("{header}{body}"),
        provenance: format!("{header}{provenance_body}"),
    })
}

fn upstream_of(doc: &Document) -> Upstream {
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
