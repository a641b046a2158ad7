//! The `codegen` command: regenerate, extract, check, bench.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use codegen::Project;

mod bench;

/// Generates typed Rust bindings for Stripe from its OpenAPI description.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// Repository root (default: the nearest folder above the current one with spec/selection.yaml).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/ from spec/ (the default).
    Generate,
    /// Cut spec/ out of the upstream spec with spec/selection.yaml.
    Extract {
        /// Upstream spec file (default: the selection's `upstream`).
        #[arg(long)]
        upstream: Option<PathBuf>,
    },
    /// List files in spec/ and generated/ that differ from what the tools would write; exit 1 if any.
    Check,
    /// Print the API change report between two descriptions (upstream files, subsets or spec/).
    Diff {
        /// The description before.
        old: PathBuf,
        /// The description after.
        new: PathBuf,
        /// `markdown` (for a pull request) or `json` (for tools).
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Move to a new upstream spec: re-extract spec/, regenerate generated/, print the report.
    Update {
        /// The new upstream spec file.
        upstream: PathBuf,
        /// `markdown` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// List every operation with its client method; say how many are named by the rules.
    Names,
    /// Time each stage of the pipeline on the default selection and on the whole spec.
    Bench {
        /// Runs per measurement.
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
}

/// Report formats.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn print_report(report: &codegen::diff::Report, format: Format) {
    match format {
        Format::Markdown => print!("{}", codegen::diff::to_markdown(report)),
        Format::Json => print!("{}", codegen::diff::to_json(report)),
    }
}

fn print_names(project: &Project) -> Result<()> {
    let ir = project.selected_ir(&project.root.join("spec"))?;
    for op in &ir.operations {
        let receiver = match op.namespace {
            codegen::ir::Namespace::Client => "client",
            codegen::ir::Namespace::TestHelpers => "client.test_helpers()",
        };
        println!("{receiver}.{}  {} {}", op.name, op.method.as_str(), op.path);
    }
    // Names come only from the path rules and their declared overrides; an operation they
    // cannot name is an error, so none is ever named after its operationId.
    println!(
        "{} operations: {} method names from the path rules, 0 from operation ids",
        ir.operations.len(),
        ir.operations.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let project = match cli.root {
        Some(root) => Project::at(root),
        None => {
            let here = std::env::current_dir().context("cannot read the current directory")?;
            Project::find(&here)
                .context("no spec/selection.yaml here or in any parent folder; pass --root")?
        }
    };
    match cli.command.unwrap_or(Command::Generate) {
        Command::Generate => {
            let files = project.regenerate()?;
            println!(
                "wrote {} files to {}",
                files.len(),
                project.output.display()
            );
        }
        Command::Extract { upstream } => {
            let files = project.extract(upstream.as_deref())?;
            println!(
                "wrote {} bytes to spec/ ({} bytes of provenance)",
                files.spec.len(),
                files.provenance.len()
            );
        }
        Command::Check => {
            let stale = project.stale()?;
            if !stale.is_empty() {
                let spec = project.root.join("spec");
                let advice = if stale.iter().any(|path| path.starts_with(&spec)) {
                    "`cargo run -p codegen -- extract` then `cargo run -p codegen`"
                } else {
                    "`cargo run -p codegen`"
                };
                eprintln!("stale files (run {advice}):");
                for path in stale {
                    eprintln!("  {}", path.display());
                }
                return Ok(ExitCode::FAILURE);
            }
            println!("spec/ and generated/ are up to date");
        }
        Command::Diff { old, new, format } => print_report(&project.compare(&old, &new)?, format),
        Command::Update { upstream, format } => print_report(&project.update(&upstream)?, format),
        Command::Names => print_names(&project)?,
        Command::Bench { runs } => bench::run(&project, runs)?,
    }
    Ok(ExitCode::SUCCESS)
}
