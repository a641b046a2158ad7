//! The cargo features in the comparison: areas added or removed, and types (or an
//! object's typed fields) that come with other features than before.

use super::compare::{finding, with_effect};
use super::{Effect, Finding, Kind};
use crate::ir::{Gate, Ir, TypeDef};

/// Where the report lists the crate's cargo features.
const FEATURES_MODULE: &str = "features";

/// Cargo features added or removed.
pub(super) fn features(old: &Ir, new: &Ir, out: &mut Vec<Finding>) {
    let module = [FEATURES_MODULE.to_owned()];
    let (was, is) = (&old.features.all, &new.features.all);
    for added in is.difference(was) {
        out.push(finding(
            &module,
            None,
            Kind::FeatureAdded,
            added.clone(),
            "its area's operations and types".to_owned(),
        ));
    }
    for removed in was.difference(is) {
        out.push(finding(
            &module,
            None,
            Kind::FeatureRemoved,
            removed.clone(),
            "no operation of the area is left".to_owned(),
        ));
    }
}

/// The features a type, or an object's typed fields, come with: fewer breaks a build
/// that has only the ones dropped; more is compatible.
pub(super) fn gates(
    before: &TypeDef,
    after: &TypeDef,
    operation: Option<&String>,
    out: &mut Vec<Finding>,
) {
    let name = &after.name;
    let pairs = [
        (&before.gate, &after.gate, name.clone()),
        (
            &before.fields_gate,
            &after.fields_gate,
            format!("{name} (typed fields)"),
        ),
    ];
    for (was, is, subject) in pairs {
        if was == is {
            continue;
        }
        let detail = format!("{} → {}", gate_label(was), gate_label(is));
        let effect = if was.or(is) == *is {
            (
                Effect::Compatible,
                "it comes with more features: a build that had it keeps it",
            )
        } else {
            Kind::FeaturesChanged.classify_effect()
        };
        out.push(with_effect(
            &after.module,
            operation.cloned(),
            Kind::FeaturesChanged,
            subject,
            detail,
            effect,
        ));
    }
}

/// `every build`, or the features: `checkout or customer`.
fn gate_label(gate: &Gate) -> String {
    match gate {
        Gate::Always => "every build".to_owned(),
        Gate::Any(features) => features
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}
