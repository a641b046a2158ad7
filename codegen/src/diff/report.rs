//! The report as Markdown for a pull request description, or JSON for tools.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Kind, Report};

/// Markdown: a summary with counts by kind, then the findings per module and operation.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", title(report));
    if let (Some(from), Some(to)) = (&report.from_upstream, &report.to_upstream) {
        let _ = writeln!(out, "From {} to {}.\n", from.label(), to.label());
    }
    if report.findings.is_empty() {
        out.push_str("No changes to the selected operations and the types they use.\n");
        return out;
    }
    let breaking = report.findings.iter().filter(|f| f.breaking).count();
    let _ = writeln!(
        out,
        "**{breaking} breaking**, {} compatible, in {} modules.\n",
        report.findings.len() - breaking,
        report.modules().len()
    );
    let mut counts: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for f in &report.findings {
        let entry = counts.entry(f.kind).or_default();
        if f.breaking {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    out.push_str("| change | breaking | compatible |\n|---|---:|---:|\n");
    for (kind, (b, c)) in &counts {
        let _ = writeln!(out, "| {} | {b} | {c} |", kind.label());
    }
    let mut current: Option<(&str, Option<&str>)> = None;
    for f in &report.findings {
        let here = (f.module.as_str(), f.operation.as_deref());
        if current.map(|c| c.0) != Some(here.0) {
            let _ = writeln!(out, "\n## `{}`", f.module);
            current = None;
        }
        if current != Some(here) {
            match here.1 {
                Some(op) => {
                    let _ = writeln!(out, "\n### `{op}`\n");
                }
                None => out.push_str("\n### Types\n\n"),
            }
            current = Some(here);
        }
        let verdict = if f.breaking {
            "**breaking**"
        } else {
            "compatible"
        };
        let detail = if f.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.detail)
        };
        let _ = writeln!(
            out,
            "- {verdict}: {} `{}`{detail}: {}",
            f.kind.label(),
            f.subject,
            f.reason
        );
    }
    out
}

/// The API versions, and the files too when the versions alone do not tell them apart.
fn title(report: &Report) -> String {
    match (&report.from_upstream, &report.to_upstream) {
        (Some(from), Some(to)) if report.from == report.to => format!(
            "# API changes: `{}` {} → `{}` {}",
            report.from,
            from.label(),
            report.to,
            to.label()
        ),
        _ => format!("# API changes: `{}` → `{}`", report.from, report.to),
    }
}

/// JSON with every finding, for tools.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}
