//! The report as Markdown for a pull request description, or JSON for tools.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Effect, Kind, Report};

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
    let count = |effect| {
        report
            .findings
            .iter()
            .filter(|f| f.effect == effect)
            .count()
    };
    let _ = writeln!(
        out,
        "**{} breaking**, **{} now typed**, {} compatible, in {} modules. Now typed: code \
         compiles, but what a newer API version already sent (a field, an enum value, an \
         object) was read through a fallback before (`unknown_fields`, the `Unknown` variant, \
         the raw variant), and is found in its typed place now.\n",
        count(Effect::Breaking),
        count(Effect::NowTyped),
        count(Effect::Compatible),
        report.modules().len()
    );
    let mut counts: BTreeMap<Kind, [usize; 3]> = BTreeMap::new();
    for f in &report.findings {
        // The columns are in the order `Effect` declares its variants.
        counts.entry(f.kind).or_default()[f.effect as usize] += 1;
    }
    out.push_str("| change | breaking | now typed | compatible |\n|---|---:|---:|---:|\n");
    for (kind, [b, t, c]) in &counts {
        let _ = writeln!(out, "| {} | {b} | {t} | {c} |", kind.label());
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
        let verdict = match f.effect {
            Effect::Breaking => "**breaking**",
            Effect::NowTyped => "**now typed**",
            Effect::Compatible => "compatible",
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
