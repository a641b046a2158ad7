//! Printing and writing: prettyplease, file headers, an all-or-nothing swap of the
//! output directory, and the check mode that lists stale files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::RenderedFile;

/// Output files by path relative to their directory, with their full contents.
pub type FileSet = BTreeMap<String, String>;

/// Prints rendered files with prettyplease and prefixes the header.
pub fn print(files: Vec<RenderedFile>, header: &str) -> Result<FileSet> {
    files
        .into_iter()
        .map(|file| {
            let parsed: syn::File = syn::parse2(file.tokens).map_err(|e| Error::InvalidRust {
                file: file.path.clone(),
                message: e.to_string(),
            })?;
            Ok((
                file.path,
                format!("{header}\n{}", prettyplease::unparse(&parsed)),
            ))
        })
        .collect()
}

/// Replaces `dir` with exactly `files`. Everything is written to a sibling staging
/// directory first; `dir` changes only by renames once all writes succeeded.
pub fn replace_dir(dir: &Path, files: &FileSet) -> Result<()> {
    replace_dirs(&[(dir.to_owned(), files.clone())])
}

/// Replaces several directories together, each with exactly its files: all are written
/// to sibling staging directories first, then swapped in by renames; if writing or a
/// swap fails, the directories already swapped get their previous contents back, so the
/// set is never half old, half new.
pub fn replace_dirs(dirs: &[(PathBuf, FileSet)]) -> Result<()> {
    let mut staged: Vec<Swap> = Vec::with_capacity(dirs.len());
    for (dir, files) in dirs {
        match Swap::stage(dir, files) {
            Ok(swap) => staged.push(swap),
            Err(error) => {
                staged.iter().for_each(Swap::discard);
                return Err(error);
            }
        }
    }
    for (done, swap) in staged.iter().enumerate() {
        if let Err(error) = swap.swap_in() {
            staged[..done].iter().rev().for_each(Swap::swap_back);
            staged.iter().for_each(Swap::discard);
            return Err(error);
        }
    }
    for swap in &staged {
        remove_if_present(&swap.old).map_err(write_err(&swap.old))?;
    }
    Ok(())
}

/// One directory being replaced: where it is, its staging copy and where the old one
/// goes while the others are swapped.
struct Swap {
    dir: PathBuf,
    staging: PathBuf,
    old: PathBuf,
}

impl Swap {
    fn stage(dir: &Path, files: &FileSet) -> Result<Self> {
        let parent = dir.parent().unwrap_or(Path::new("."));
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let swap = Swap {
            dir: dir.to_owned(),
            staging: parent.join(format!(".{name}.staging")),
            old: parent.join(format!(".{name}.old")),
        };
        remove_if_present(&swap.staging).map_err(write_err(&swap.staging))?;
        remove_if_present(&swap.old).map_err(write_err(&swap.old))?;
        if let Err(error) = write_all(&swap.staging, files) {
            swap.discard();
            return Err(error);
        }
        Ok(swap)
    }

    fn swap_in(&self) -> Result<()> {
        if self.dir.exists() {
            fs::rename(&self.dir, &self.old).map_err(write_err(&self.dir))?;
        }
        fs::rename(&self.staging, &self.dir).map_err(|source| {
            let _ = fs::rename(&self.old, &self.dir);
            Error::Write {
                path: self.dir.clone(),
                source,
            }
        })
    }

    /// Puts the previous directory back (or none, if there was none) after a later
    /// swap failed; the new one returns to staging, to be discarded.
    fn swap_back(&self) {
        let _ = fs::rename(&self.dir, &self.staging);
        if self.old.exists() {
            let _ = fs::rename(&self.old, &self.dir);
        }
    }

    fn discard(&self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_owned(),
        source,
    }
}

fn write_all(root: &Path, files: &FileSet) -> Result<()> {
    for (relative, contents) in files {
        let path = root.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|source| Error::Write {
                path: folder.to_owned(),
                source,
            })?;
        }
        fs::write(&path, contents).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Replaces several files together: each is written beside its target first, then all
/// are renamed into place; if any step fails, the files that were already replaced get
/// their previous contents back, so the set is never half old, half new.
pub fn replace_files(files: &[(PathBuf, String)]) -> Result<()> {
    for (path, contents) in files {
        fs::write(path.with_extension("tmp"), contents).map_err(write_err(path))?;
    }
    let mut replaced: Vec<(&PathBuf, Option<Vec<u8>>)> = Vec::new();
    for (path, _) in files {
        let previous = fs::read(path).ok();
        if let Err(source) = fs::rename(path.with_extension("tmp"), path) {
            for (done, before) in replaced {
                match before {
                    Some(bytes) => drop(fs::write(done, bytes)),
                    None => drop(fs::remove_file(done)),
                }
            }
            for (path, _) in files {
                let _ = fs::remove_file(path.with_extension("tmp"));
            }
            return Err(write_err(path)(source));
        }
        replaced.push((path, previous));
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The files under `dir` whose contents differ from `files`, are missing, or are extra.
pub fn stale_files(dir: &Path, files: &FileSet) -> Vec<PathBuf> {
    let mut on_disk = BTreeMap::new();
    collect(dir, dir, &mut on_disk);
    let mut stale: Vec<PathBuf> = files
        .iter()
        .filter(|(path, contents)| on_disk.get(*path) != Some(contents))
        .map(|(path, _)| dir.join(path))
        .collect();
    stale.extend(
        on_disk
            .keys()
            .filter(|p| !files.contains_key(*p))
            .map(|p| dir.join(p)),
    );
    stale.sort();
    stale
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let key = relative.to_string_lossy().replace('\\', "/");
            out.insert(key, fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_replacement_of_several_files_restores_the_ones_already_replaced() {
        let dir = std::env::temp_dir().join(format!("codegen-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("blocked").join("inside")).unwrap();
        let (first, blocked) = (dir.join("first.yaml"), dir.join("blocked"));
        fs::write(&first, "old").unwrap();
        // Renaming a file onto a non-empty folder fails, after `first` was replaced.
        let result = replace_files(&[(first.clone(), "new".into()), (blocked, "x".into())]);
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&first).unwrap(), "old");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        fs::remove_dir_all(dir).unwrap();
    }
}
