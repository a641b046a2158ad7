//! Comparing two API descriptions as users of the generated crate see them: which
//! operations, parameters, fields, enum values and types were added, removed or changed,
//! and whether each change breaks code that uses the crate.

mod compare;
mod features;
mod report;

use serde::Serialize;

pub use compare::compare;
pub use report::{to_json, to_markdown};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An operation (client method) was added.
    OperationAdded,
    /// An operation was removed.
    OperationRemoved,
    /// A request parameter was added.
    ParameterAdded,
    /// A required request parameter was added.
    RequiredParameterAdded,
    /// A request parameter was removed.
    ParameterRemoved,
    /// A request parameter became required or optional.
    ParameterRequiredChanged,
    /// A request parameter's type changed.
    ParameterTypeChanged,
    /// A response field was added.
    FieldAdded,
    /// A response field was removed.
    FieldRemoved,
    /// A response field's type changed.
    FieldTypeChanged,
    /// A response field became optional or nullable, or stopped being so.
    FieldNullabilityChanged,
    /// An enum value was added.
    EnumValueAdded,
    /// An enum value was removed.
    EnumValueRemoved,
    /// A union gained a variant.
    VariantAdded,
    /// A union lost a variant.
    VariantRemoved,
    /// An API object (a type with an id) was added.
    ObjectAdded,
    /// An API object was removed.
    ObjectRemoved,
    /// Another type was added.
    TypeAdded,
    /// Another type was removed.
    TypeRemoved,
    /// A type changed what it is (struct, enum, union).
    TypeKindChanged,
    /// A method gained or lost its parameters argument: all its parameters became
    /// optional (the method takes none, a `…_with` twin takes them), or stopped being so.
    MethodArgumentsChanged,
    /// The cargo features a type (or an object's typed fields) comes with changed.
    FeaturesChanged,
    /// A cargo feature (a resource area) was added.
    FeatureAdded,
    /// A cargo feature was removed.
    FeatureRemoved,
    /// Only documentation changed.
    DocsChanged,
}

/// What a change does to code that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Code that uses what changed may no longer compile.
    Breaking,
    /// Code still compiles, but what it read through a fallback (an object's
    /// `unknown_fields`, an enum's unknown-value variant, a union's raw variant) is now
    /// typed, and reading it there finds nothing.
    NowTyped,
    /// Nothing that compiled before behaves differently.
    Compatible,
}

impl Kind {
    /// Whether the change breaks code that uses the crate, and why, in a few words.
    pub fn classify(self) -> (bool, &'static str) {
        match self {
            Kind::OperationAdded => (false, "a new method"),
            Kind::OperationRemoved => (true, "code calling the method no longer compiles"),
            Kind::ParameterAdded => (
                false,
                "optional and set through a setter; parameter structs are non-exhaustive",
            ),
            Kind::RequiredParameterAdded => {
                (true, "calls that omit it fail; the constructor takes it")
            }
            Kind::ParameterRemoved => (true, "code that sets it no longer compiles"),
            Kind::ParameterRequiredChanged => (true, "the constructor's arguments change"),
            Kind::ParameterTypeChanged => (true, "code that sets it may no longer compile"),
            Kind::FieldAdded => (
                false,
                "structs are non-exhaustive, so no code can depend on the field list",
            ),
            Kind::FieldRemoved => (true, "code that reads it no longer compiles"),
            Kind::FieldTypeChanged => (true, "code that reads it may no longer compile"),
            Kind::FieldNullabilityChanged => {
                (true, "the field changes between `T` and `Option<T>`")
            }
            Kind::EnumValueAdded => (false, "enums are non-exhaustive and keep unknown values"),
            Kind::EnumValueRemoved => (true, "code naming the variant no longer compiles"),
            Kind::VariantAdded => (
                false,
                "unions are non-exhaustive and keep unknown objects in a fallback variant",
            ),
            Kind::VariantRemoved => (true, "code matching the variant no longer compiles"),
            Kind::ObjectAdded | Kind::TypeAdded => (false, "a new type"),
            Kind::ObjectRemoved | Kind::TypeRemoved => {
                (true, "code naming the type no longer compiles")
            }
            Kind::TypeKindChanged => (true, "the type's shape changed"),
            Kind::MethodArgumentsChanged => {
                (true, "calls with the old arguments no longer compile")
            }
            Kind::FeaturesChanged => (
                true,
                "a build with only the features it no longer comes with loses it",
            ),
            Kind::FeatureAdded => (false, "a new feature, off unless turned on"),
            Kind::FeatureRemoved => (true, "manifests that turn it on no longer resolve"),
            Kind::DocsChanged => (false, "documentation only"),
        }
    }

    /// The effect and its reason for a change to a type used in responses, where some
    /// additions move what code read through a fallback into typed API.
    pub fn classify_in_responses(self) -> (Effect, &'static str) {
        match self {
            Kind::FieldAdded => (
                Effect::NowTyped,
                "`unknown_fields.get` found it in a newer version's payloads, and finds it no more",
            ),
            Kind::EnumValueAdded => (
                Effect::NowTyped,
                "decoded as the unknown-value variant before, as its own variant now",
            ),
            Kind::VariantAdded => (
                Effect::NowTyped,
                "decoded as the raw fallback before, as its own variant now",
            ),
            _ => self.classify_effect(),
        }
    }

    /// [`Kind::classify`] as an [`Effect`].
    pub fn classify_effect(self) -> (Effect, &'static str) {
        match self.classify() {
            (true, reason) => (Effect::Breaking, reason),
            (false, reason) => (Effect::Compatible, reason),
        }
    }

    /// A short label for summaries.
    pub fn label(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation added",
            Kind::OperationRemoved => "operation removed",
            Kind::ParameterAdded => "parameter added",
            Kind::RequiredParameterAdded => "required parameter added",
            Kind::ParameterRemoved => "parameter removed",
            Kind::ParameterRequiredChanged => "parameter required flag changed",
            Kind::ParameterTypeChanged => "parameter type changed",
            Kind::FieldAdded => "field added",
            Kind::FieldRemoved => "field removed",
            Kind::FieldTypeChanged => "field type changed",
            Kind::FieldNullabilityChanged => "field nullability changed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::VariantAdded => "union variant added",
            Kind::VariantRemoved => "union variant removed",
            Kind::ObjectAdded => "object added",
            Kind::ObjectRemoved => "object removed",
            Kind::TypeAdded => "type added",
            Kind::TypeRemoved => "type removed",
            Kind::TypeKindChanged => "type kind changed",
            Kind::MethodArgumentsChanged => "method arguments changed",
            Kind::FeaturesChanged => "features changed",
            Kind::FeatureAdded => "feature added",
            Kind::FeatureRemoved => "feature removed",
            Kind::DocsChanged => "documentation changed",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The module (and generated file) it is in: `checkout.session`, `shared.address`.
    pub module: String,
    /// The operation it concerns (`POST /v1/checkout/sessions`), for request changes.
    pub operation: Option<String>,
    /// What changed.
    pub kind: Kind,
    /// The Rust item: `CheckoutSession.currency_conversion`, `CheckoutSessionLocale::Zh`.
    pub subject: String,
    /// Details such as the old and new type.
    pub detail: String,
    /// Whether code using the crate may break.
    pub breaking: bool,
    /// What the change does to code using the crate (`breaking` is `Effect::Breaking`).
    pub effect: Effect,
    /// Why, in a few words.
    pub reason: &'static str,
}

/// The upstream file a description was cut from, to tell apart two files of one API version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upstream {
    /// The file name.
    pub file: String,
    /// SHA-256 of its bytes, in hex.
    pub sha256: String,
}

impl Upstream {
    /// `spec3.yaml` (`eed9ac08`): the file and the first eight digits of its hash.
    pub fn label(&self) -> String {
        format!(
            "`{}` (`{}`)",
            self.file,
            &self.sha256[..self.sha256.len().min(8)]
        )
    }
}

/// All findings between two descriptions, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The API version compared from.
    pub from: String,
    /// The API version compared to.
    pub to: String,
    /// The upstream file compared from, when known.
    pub from_upstream: Option<Upstream>,
    /// The upstream file compared to, when known.
    pub to_upstream: Option<Upstream>,
    /// The findings, ordered by module, operation, kind and subject.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The modules (generated files) the report names.
    pub fn modules(&self) -> std::collections::BTreeSet<&str> {
        self.findings.iter().map(|f| f.module.as_str()).collect()
    }
}
