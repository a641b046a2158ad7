//! `codegen bench`: wall time of each pipeline stage, as the median of several runs.

use std::time::{Duration, Instant};

use anyhow::Result;
use codegen::openapi::load::load_document;
use codegen::openapi::selection::Selection;
use codegen::Project;

pub fn run(project: &Project, runs: usize) -> Result<()> {
    let selection = project.selection()?;
    let spec = project.spec_file(&selection);
    let runs = runs.max(1);
    println!("median of {runs} runs");
    let files = codegen::generate(&load_document(&spec)?, "bench")?;
    let lines: usize = files.values().map(|f| f.lines().count()).sum();
    println!("default selection: {} files, {lines} lines", files.len());
    report("default selection: parse spec/", runs, || {
        Ok(load_document(&spec).map(drop)?)
    })?;
    report("default selection: parse to written files", runs, || {
        let dir = tempdir()?;
        let files = codegen::generate(&load_document(&spec)?, "bench")?;
        codegen::write::replace_dir(&dir.join("api"), &files)?;
        Ok(std::fs::remove_dir_all(dir)?)
    })?;
    let upstream = project.current_upstream(&selection)?;
    report("whole spec: parse upstream", runs, || {
        Ok(load_document(&upstream).map(drop)?)
    })?;
    let all = Selection::all("all", &upstream);
    report(
        "whole spec: parse, extract, build, render, print",
        runs,
        || {
            let doc = load_document(&upstream)?;
            let files = codegen::pipeline::spec_files(&doc, &all, &project.root)?;
            let path = tempdir()?.join("all.yaml");
            std::fs::write(&path, files.spec)?;
            let generated = codegen::generate(&load_document(&path)?, "bench")?;
            std::fs::remove_dir_all(path.parent().unwrap_or(&path))?;
            anyhow::ensure!(!generated.is_empty());
            Ok(())
        },
    )?;
    let previous = upstream.with_file_name("spec3.2022-11-15.yaml");
    if previous.exists() {
        report(
            "diff 2022-11-15 → the current upstream (whole specs, selection)",
            runs,
            || {
                project
                    .compare(&previous, &upstream)
                    .map(drop)
                    .map_err(Into::into)
            },
        )?;
        update(project, &previous, &upstream, runs)?;
    }
    Ok(())
}

/// `update` in a scratch project with the selection, back and forth between two specs,
/// so every run is a real update: extract, generate, report and write.
fn update(
    project: &Project,
    one: &std::path::Path,
    other: &std::path::Path,
    runs: usize,
) -> Result<()> {
    let dir = tempdir()?.join("update");
    let scratch = Project::at(&dir);
    std::fs::create_dir_all(dir.join("spec"))?;
    std::fs::copy(project.selection_file(), scratch.selection_file())?;
    scratch.extract(Some(one))?;
    scratch.regenerate()?;
    let mut at_one = true;
    report(
        "update between 2022-11-15 and the current upstream, both ways",
        runs,
        || {
            let target = if at_one { other } else { one };
            at_one = !at_one;
            scratch.update(target).map(drop).map_err(Into::into)
        },
    )?;
    Ok(std::fs::remove_dir_all(dir)?)
}

fn report(label: &str, runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<()> {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{label}: {:.3} s (min {:.3} s)",
        times[runs / 2].as_secs_f64(),
        times[0].as_secs_f64()
    );
    Ok(())
}

fn tempdir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("codegen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
