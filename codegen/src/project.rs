//! The repository layout the command line works on, and the operations on it:
//! extract `spec/` from upstream, regenerate `generated/` from `spec/`, check both.

use std::path::{Path, PathBuf};

use crate::diff::{Report, Upstream};
use crate::error::Result;
use crate::ir::Ir;
use crate::openapi::load;
use crate::openapi::pointer::Pointer;
use crate::openapi::selection::Selection;
use crate::pipeline::{describe, Described, Provenance, Source, SpecFiles};
use crate::write;

/// Where the selection, the extracted spec and the generated code live.
#[derive(Debug, Clone)]
pub struct Project {
    /// The repository root.
    pub root: PathBuf,
    /// Where generated modules go; owned entirely by the generator.
    pub output: PathBuf,
    /// Where the fake Stripe's table goes (`fake/src/generated/`); owned by the generator too.
    pub fake_output: PathBuf,
}

/// How a description is cut down to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Every selected operation must be there: what `extract` writes.
    Whole,
    /// Selected operations the description lacks are left out, so a comparison shows
    /// them as added or removed.
    Present,
}

impl Project {
    /// The project rooted at `root`, with the standard layout.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let output = root.join("generated").join("src").join("api");
        let fake_output = root.join("fake").join("src").join("generated");
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
        if !record_file.is_file() {
            return Ok(selection.upstream.clone());
        }
        let recorded = Provenance::load(&record_file)?;
        let path = self.root.join(&recorded.upstream);
        let fail = |found: &str| crate::error::Error::Provenance {
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

    /// This checkout's `spec/` folder as a source: its subset, and its provenance record
    /// if that can be read (`update` is the way out of a broken one).
    fn own_spec(&self, selection: &Selection) -> Source {
        let provenance = self.provenance_file();
        Source::Checkout {
            spec: self.spec_file(selection),
            provenance: Provenance::load(&provenance).is_ok().then_some(provenance),
        }
    }

    /// `upstream` if given, else the one the provenance record names.
    fn upstream_source(&self, selection: &Selection, upstream: Option<&Path>) -> Result<Source> {
        Ok(Source::File(match upstream {
            Some(path) => path.to_owned(),
            None => self.current_upstream(selection)?,
        }))
    }

    /// A source cut to this project's selection: the one pipeline every command takes.
    fn describe(&self, source: &Source, selection: &Selection, cut: Cut) -> Result<Described> {
        let (doc, upstream) = source.load()?;
        let selection = match cut {
            Cut::Whole => selection.clone(),
            Cut::Present => selection.restricted_to(&doc.raw),
        };
        describe(&doc, &selection, &self.root, upstream)
    }

    /// This checkout's committed subset, built as it is (no cut): `generate` reads what
    /// `spec/` holds, hand edits included.
    fn committed(&self, selection: &Selection) -> Result<(Ir, Upstream)> {
        let (doc, upstream) = self.own_spec(selection).load()?;
        Ok((crate::build_ir::build_selected(&doc, selection)?, upstream))
    }

    /// What `extract` would write, from `upstream` or the current upstream.
    pub fn extracted(&self, upstream: Option<&Path>) -> Result<SpecFiles> {
        let selection = self.selection()?;
        let source = self.upstream_source(&selection, upstream)?;
        Ok(self.describe(&source, &selection, Cut::Whole)?.files)
    }

    /// Writes `spec/` from the upstream spec. Nothing is written if anything fails,
    /// including a subset that `generate` would then reject: its IR is built first, and
    /// its errors name the upstream file (the subset keeps the upstream's pointers).
    pub fn extract(&self, upstream: Option<&Path>) -> Result<SpecFiles> {
        let selection = self.selection()?;
        let source = self.upstream_source(&selection, upstream)?;
        let files = self.describe(&source, &selection, Cut::Whole)?.files;
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
    /// `generated/src/api/`, then the fake's `fake/src/generated/`.
    pub fn outputs(&self) -> Result<Vec<(PathBuf, write::FileSet)>> {
        let selection = self.selection()?;
        let (ir, _) = self.committed(&selection)?;
        self.outputs_of(&selection, &ir)
    }

    fn outputs_of(&self, selection: &Selection, ir: &Ir) -> Result<Vec<(PathBuf, write::FileSet)>> {
        let label = format!("spec/{}.yaml", selection.name);
        Ok(vec![
            (
                self.output.clone(),
                crate::output::generate_from_ir(ir, &label)?,
            ),
            (
                self.fake_output.clone(),
                crate::output::generate_fake_from_ir(ir, &label)?,
            ),
        ])
    }

    /// Regenerates `generated/src/api/` and the fake's table from `spec/`, and the
    /// features of both manifests. Nothing changes if generating or writing fails: the
    /// folders are replaced together, and the manifests after them.
    pub fn regenerate(&self) -> Result<write::FileSet> {
        let selection = self.selection()?;
        let (ir, _) = self.committed(&selection)?;
        let mut outputs = self.outputs_of(&selection, &ir)?;
        let manifests = self.manifests(&ir)?;
        write::replace_dirs(&outputs)?;
        write::replace_files(&manifests)?;
        Ok(outputs.remove(0).1)
    }

    /// The crate manifests with their resource features written for `ir`. A manifest
    /// that does not exist is left out when there are no features (a project without a
    /// crate of its own, such as a test's).
    fn manifests(&self, ir: &Ir) -> Result<Vec<(PathBuf, String)>> {
        use crate::output::{manifest_with_features, ManifestOf};
        let mut out = Vec::new();
        for (dir, of) in [
            ("generated", ManifestOf::Bindings),
            ("fake", ManifestOf::Fake),
        ] {
            let path = self.root.join(dir).join("Cargo.toml");
            let current = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(_) if ir.features.all.is_empty() => continue,
                Err(source) => return Err(crate::error::Error::Read { path, source }),
            };
            match manifest_with_features(&current, &path, ir, of) {
                Ok(text) => out.push((path, text)),
                Err(_) if ir.features.all.is_empty() => {}
                Err(error) => return Err(error),
            }
        }
        Ok(out)
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
        let source = self.upstream_source(&selection, upstream)?;
        let Described { files, ir, .. } = self.describe(&source, &selection, Cut::Whole)?;
        let mut stale = Vec::new();
        for (path, expected) in [
            (self.spec_file(&selection), &files.spec),
            (self.provenance_file(), &files.provenance),
        ] {
            if std::fs::read_to_string(&path).ok().as_ref() != Some(expected) {
                stale.push(path);
            }
        }
        // What generate would write after extract, so a hand-edited spec/ is listed, not fatal.
        for (dir, files) in self.outputs_of(&selection, &ir)? {
            stale.extend(write::stale_files(&dir, &files));
        }
        for (path, expected) in self.manifests(&ir)? {
            if std::fs::read_to_string(&path).ok().as_ref() != Some(&expected) {
                stale.push(path);
            }
        }
        Ok(stale)
    }
}

impl Project {
    /// The IR of a description limited to the selection. `path` is an upstream spec, a
    /// subset, or a checkout's `spec/` folder (its committed subset); listed operations
    /// the description lacks are left out, so they show up as added or removed.
    pub fn selected_ir(&self, path: &Path) -> Result<Ir> {
        Ok(self.selected(path)?.ir)
    }

    /// A description as `diff` reads it: a folder is that checkout's `spec/`, named after
    /// the upstream its own provenance record names.
    fn selected(&self, path: &Path) -> Result<Described> {
        let selection = self.selection()?;
        let source = Source::from_path(path, &selection.name)?;
        self.describe(&source, &selection, Cut::Present)
    }

    /// The API change report between two descriptions.
    pub fn compare(&self, old: &Path, new: &Path) -> Result<Report> {
        let (old, new) = (self.selected(old)?, self.selected(new)?);
        Ok(Report {
            from_upstream: Some(old.upstream),
            to_upstream: Some(new.upstream),
            ..crate::diff::compare(&old.ir, &new.ir)
        })
    }

    /// Moves to a new upstream spec: re-extracts `spec/` with the committed selection,
    /// regenerates `generated/` and returns the change report. Everything is computed
    /// before anything is written; if writing `generated/` fails, `spec/` is restored.
    pub fn update(&self, upstream: &Path) -> Result<Report> {
        let selection = self.selection()?;
        let (old_ir, old_upstream) = self.committed(&selection)?;
        let new = self.describe(&Source::File(upstream.to_owned()), &selection, Cut::Whole)?;
        let outputs = self.outputs_of(&selection, &new.ir)?;
        let manifests = self.manifests(&new.ir)?;
        let report = Report {
            from_upstream: Some(old_upstream),
            to_upstream: Some(new.upstream),
            ..crate::diff::compare(&old_ir, &new.ir)
        };
        let spec_file = self.spec_file(&selection);
        let previous = [
            (spec_file.clone(), std::fs::read_to_string(&spec_file).ok()),
            (
                self.provenance_file(),
                std::fs::read_to_string(self.provenance_file()).ok(),
            ),
        ];
        self.write_spec(&selection, &new.files)?;
        if let Err(error) = write::replace_dirs(&outputs) {
            let restore: Vec<(PathBuf, String)> = previous
                .into_iter()
                .filter_map(|(path, contents)| Some((path, contents?)))
                .collect();
            let _ = write::replace_files(&restore);
            return Err(error);
        }
        write::replace_files(&manifests)?;
        Ok(report)
    }
}
