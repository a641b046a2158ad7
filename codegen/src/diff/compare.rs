//! The comparison: operations by method and path, types by Rust name.

use std::collections::BTreeMap;

use super::{Effect, Finding, Kind, Report};
use crate::ir::{Field, Ir, Namespace, Operation, Struct, Ty, TypeDef, TypeId, TypeKind};

/// Every change from `old` to `new`, in a stable order.
pub fn compare(old: &Ir, new: &Ir) -> Report {
    let mut findings = Vec::new();
    operations(old, new, &mut findings);
    super::features::features(old, new, &mut findings);
    types(old, new, &mut findings);
    findings.sort();
    findings.dedup();
    Report {
        from: old.api_version.clone(),
        to: new.api_version.clone(),
        from_upstream: None,
        to_upstream: None,
        findings,
    }
}

pub(super) fn finding(
    module: &[String],
    operation: Option<String>,
    kind: Kind,
    subject: String,
    detail: String,
) -> Finding {
    with_effect(
        module,
        operation,
        kind,
        subject,
        detail,
        kind.classify_effect(),
    )
}

pub(super) fn with_effect(
    module: &[String],
    operation: Option<String>,
    kind: Kind,
    subject: String,
    detail: String,
    (effect, reason): (Effect, &'static str),
) -> Finding {
    Finding {
        module: module.join("."),
        operation,
        kind,
        subject,
        detail,
        breaking: effect == Effect::Breaking,
        effect,
        reason,
    }
}

fn operation_label(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

fn operations(old: &Ir, new: &Ir, out: &mut Vec<Finding>) {
    let (before, after) = (operations_by_label(old), operations_by_label(new));
    for (key, op) in &after {
        if !before.contains_key(key) {
            out.push(finding(
                &op.module,
                Some(key.clone()),
                Kind::OperationAdded,
                method_path(op),
                format!("returns `{}`", label(new, &op.response)),
            ));
        }
    }
    for (label, op) in &after {
        if before
            .get(label)
            .is_some_and(|previous| previous.docs != op.docs)
        {
            out.push(finding(
                &op.module,
                Some(label.clone()),
                Kind::DocsChanged,
                method_path(op),
                "the method's description".to_owned(),
            ));
        }
    }
    for (label, op) in &after {
        if let Some(previous) = before.get(label) {
            method_arguments(old, previous, new, op, out);
        }
    }
    for (key, op) in &before {
        if !after.contains_key(key) {
            out.push(finding(
                &op.module,
                Some(key.clone()),
                Kind::OperationRemoved,
                method_path(op),
                format!("returned `{}`", label(old, &op.response)),
            ));
        }
    }
}

/// A method that gained or lost its parameters argument.
fn method_arguments(
    old: &Ir,
    previous: &Operation,
    new: &Ir,
    op: &Operation,
    out: &mut Vec<Finding>,
) {
    let (was, is) = (old.optional_params(previous), new.optional_params(op));
    if was.is_some() == is.is_some() {
        return;
    }
    let name = &op.name;
    let (bare, with) = (format!("`{name}()`"), format!("`{name}_with(&params)`"));
    let detail = match is {
        Some(_) => format!("`{name}(&params)` → {bare}, and {with} to pass parameters"),
        None => format!("{bare} and {with} → `{name}(&params)`"),
    };
    out.push(finding(
        &op.module,
        Some(operation_label(op)),
        Kind::MethodArgumentsChanged,
        method_path(op),
        detail,
    ));
}

/// How users call the operation: `Client::create_customer`, `TestHelpers::advance_test_clock`.
fn method_path(op: &Operation) -> String {
    let receiver = match op.namespace {
        Namespace::Client => "Client",
        Namespace::TestHelpers => "TestHelpers",
    };
    format!("{receiver}::{}", op.name)
}

fn operations_by_label(ir: &Ir) -> BTreeMap<String, &Operation> {
    ir.operations
        .iter()
        .map(|op| (operation_label(op), op))
        .collect()
}

fn types_by_name(ir: &Ir) -> BTreeMap<&str, &TypeDef> {
    ir.types.iter().map(|t| (t.name.as_str(), t)).collect()
}

/// The operation each request type belongs to, by type name: its parameter struct and
/// every request-only type inside it (the first operation in path order wins).
fn parameter_owners(ir: &Ir) -> BTreeMap<&str, String> {
    let mut owners = BTreeMap::new();
    for op in &ir.operations {
        let Some(params) = op.params else { continue };
        let label = operation_label(op);
        let mut pending = vec![params];
        while let Some(id) = pending.pop() {
            let def = ir.ty(id);
            if !def.usage.request || def.usage.response || owners.contains_key(def.name.as_str()) {
                continue;
            }
            owners.insert(def.name.as_str(), label.clone());
            pending.extend(def.kind.all_names());
        }
    }
    owners
}

fn types(old: &Ir, new: &Ir, out: &mut Vec<Finding>) {
    let (before, after) = (types_by_name(old), types_by_name(new));
    let owners = parameter_owners(new);
    let old_owners = parameter_owners(old);
    for (name, def) in &after {
        match before.get(name) {
            None => out.push(finding(
                &def.module,
                owners.get(name).cloned(),
                added_kind(def),
                name.to_string(),
                shape(new, def),
            )),
            Some(previous) => {
                let cx = TypePair {
                    old,
                    new,
                    new_types: &after,
                    before: previous,
                    after: def,
                    operation: owners.get(name).cloned(),
                };
                cx.compare(out);
            }
        }
    }
    for (name, def) in &before {
        if !after.contains_key(name) {
            let kind = if added_kind(def) == Kind::ObjectAdded {
                Kind::ObjectRemoved
            } else {
                Kind::TypeRemoved
            };
            out.push(finding(
                &def.module,
                old_owners.get(name).cloned(),
                kind,
                name.to_string(),
                shape(old, def),
            ));
        }
    }
}

fn added_kind(def: &TypeDef) -> Kind {
    match &def.kind {
        TypeKind::Struct(Struct { id: Some(_), .. }) => Kind::ObjectAdded,
        _ => Kind::TypeAdded,
    }
}

/// One type as it was and as it is.
struct TypePair<'a> {
    old: &'a Ir,
    new: &'a Ir,
    /// Every type of `new`, by name.
    new_types: &'a BTreeMap<&'a str, &'a TypeDef>,
    before: &'a TypeDef,
    after: &'a TypeDef,
    operation: Option<String>,
}

impl TypePair<'_> {
    fn push(&self, out: &mut Vec<Finding>, kind: Kind, subject: String, detail: String) {
        let effect = if self.after.usage.response {
            kind.classify_in_responses()
        } else {
            kind.classify_effect()
        };
        out.push(with_effect(
            &self.after.module,
            self.operation.clone(),
            kind,
            subject,
            detail,
            effect,
        ));
    }

    fn compare(&self, out: &mut Vec<Finding>) {
        let name = &self.after.name;
        if let Some(detail) = docs_changed(self.before, self.after) {
            self.push(out, Kind::DocsChanged, name.clone(), detail);
        }
        super::features::gates(self.before, self.after, self.operation.as_ref(), out);
        // An enum that became an alias of an identical one (or stopped being one) has the
        // same values for its users: compare what the names stand for.
        let (before, after) = (
            resolve(self.old, self.before),
            resolve(self.new, self.after),
        );
        match (&before.kind, &after.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.fields(a, b, out),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let values = |e: &crate::ir::OpenEnum| {
                    e.values
                        .iter()
                        .map(|v| (v.wire.clone(), v.name.clone()))
                        .collect::<BTreeMap<_, _>>()
                };
                let (was, is) = (values(a), values(b));
                for (wire, variant) in is.iter().filter(|(w, _)| !was.contains_key(*w)) {
                    self.push(
                        out,
                        Kind::EnumValueAdded,
                        format!("{name}::{variant}"),
                        format!("`{wire}`"),
                    );
                }
                for (wire, variant) in was.iter().filter(|(w, _)| !is.contains_key(*w)) {
                    self.push(
                        out,
                        Kind::EnumValueRemoved,
                        format!("{name}::{variant}"),
                        format!("`{wire}`"),
                    );
                }
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let (was, is) = (variants(self.old, a), variants(self.new, b));
                for (variant, payload) in is.iter().filter(|(v, _)| !was.contains_key(*v)) {
                    self.push(
                        out,
                        Kind::VariantAdded,
                        format!("{name}::{variant}"),
                        payload.clone(),
                    );
                }
                for (variant, payload) in was.iter().filter(|(v, _)| !is.contains_key(*v)) {
                    self.push(
                        out,
                        Kind::VariantRemoved,
                        format!("{name}::{variant}"),
                        payload.clone(),
                    );
                }
            }
            (TypeKind::Id, TypeKind::Id) => {}
            (a, b) => self.push(
                out,
                Kind::TypeKindChanged,
                name.clone(),
                format!("{} → {}", kind_name(a), kind_name(b)),
            ),
        }
    }

    fn fields(&self, a: &Struct, b: &Struct, out: &mut Vec<Finding>) {
        let request = self.after.usage.request && !self.after.usage.response;
        let by_wire = |s: &Struct| {
            s.fields
                .iter()
                .map(|f| (f.wire_name.clone(), f.clone()))
                .collect::<BTreeMap<String, Field>>()
        };
        let (was, is) = (by_wire(a), by_wire(b));
        let subject = |f: &Field| format!("{}.{}", self.after.name, f.name);
        for (wire, field) in &is {
            let Some(previous) = was.get(wire) else {
                let kind = match (request, field.required) {
                    (true, true) => Kind::RequiredParameterAdded,
                    (true, false) => Kind::ParameterAdded,
                    (false, _) => Kind::FieldAdded,
                };
                self.push(
                    out,
                    kind,
                    subject(field),
                    format!("`{}`", label(self.new, &field.ty)),
                );
                continue;
            };
            let (old_ty, new_ty) = (label(self.old, &previous.ty), label(self.new, &field.ty));
            if old_ty != new_ty && !self.same_for_users(&previous.ty, &field.ty) {
                let kind = if request {
                    Kind::ParameterTypeChanged
                } else {
                    Kind::FieldTypeChanged
                };
                self.push(
                    out,
                    kind,
                    subject(field),
                    format!("`{old_ty}` → `{new_ty}`"),
                );
            }
            if request && previous.required != field.required {
                let detail = if field.required {
                    "optional → required"
                } else {
                    "required → optional"
                };
                self.push(
                    out,
                    Kind::ParameterRequiredChanged,
                    subject(field),
                    detail.to_owned(),
                );
            }
            let (was_optional, is_optional) = (
                previous.optional(self.before.usage),
                field.optional(self.after.usage),
            );
            if !request && was_optional != is_optional {
                let detail = if is_optional {
                    "`T` → `Option<T>`"
                } else {
                    "`Option<T>` → `T`"
                };
                self.push(
                    out,
                    Kind::FieldNullabilityChanged,
                    subject(field),
                    detail.to_owned(),
                );
            }
        }
        for (wire, field) in &was {
            if !is.contains_key(wire) {
                let kind = if request {
                    Kind::ParameterRemoved
                } else {
                    Kind::FieldRemoved
                };
                self.push(
                    out,
                    kind,
                    subject(field),
                    format!("was `{}`", label(self.old, &field.ty)),
                );
            }
        }
    }
}

/// What of a type's documentation changed: its own description, and the fields present
/// on both sides whose description changed, folded into one line.
fn docs_changed(before: &TypeDef, after: &TypeDef) -> Option<String> {
    let mut parts = Vec::new();
    if before.docs != after.docs {
        parts.push("the type's description".to_owned());
    }
    if let (TypeKind::Struct(was), TypeKind::Struct(is)) = (&before.kind, &after.kind) {
        let fields: Vec<String> = is
            .fields
            .iter()
            .filter(|f| {
                was.fields
                    .iter()
                    .any(|p| p.wire_name == f.wire_name && p.docs != f.docs)
            })
            .map(|f| format!("`{}`", f.name))
            .collect();
        if !fields.is_empty() {
            parts.push(format!("fields {}", fields.join(", ")));
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A union's variants by name, with what each holds.
fn variants(ir: &Ir, union: &crate::ir::Union) -> BTreeMap<String, String> {
    union
        .variants
        .iter()
        .map(|v| {
            let payload = match &v.payload {
                crate::ir::Payload::Value(ty) => format!("holds `{}`", label(ir, ty)),
                crate::ir::Payload::Const(value) => format!("the string `{value}`"),
            };
            (v.name.clone(), payload)
        })
        .collect()
}

/// What an added or removed type is, in a few words.
fn shape(ir: &Ir, def: &TypeDef) -> String {
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    match &def.kind {
        TypeKind::Struct(s) if s.id.is_some() => {
            format!("an object with {}", count(s.fields.len(), "field"))
        }
        TypeKind::Struct(s) => format!("a struct with {}", count(s.fields.len(), "field")),
        TypeKind::Enum(e) => format!("an enum of {}", count(e.values.len(), "value")),
        TypeKind::Union(u) => format!("a union of {}", count(u.variants.len(), "variant")),
        TypeKind::Id => "an id type".to_owned(),
        TypeKind::Alias(ty) => format!("another name for `{}`", label(ir, ty)),
    }
}

fn resolve<'a>(ir: &'a Ir, def: &'a TypeDef) -> &'a TypeDef {
    match &def.kind {
        TypeKind::Alias(Ty::Named(target)) => ir.resolved(*target),
        _ => def,
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Id => "id",
        TypeKind::Alias(_) => "alias",
    }
}

impl TypePair<'_> {
    /// Whether a field type that reads differently is the same type to code using the
    /// crate: each name of the old type still exists and is another name of the same
    /// definition as the new one (a struct that stops being an alias gets field types of
    /// its own names, aliases of the ones it had).
    fn same_for_users(&self, old: &Ty, new: &Ty) -> bool {
        let definition = |def: &TypeDef| match &def.kind {
            TypeKind::Alias(Ty::Named(target)) => self.new.resolved(*target).name.clone(),
            _ => def.name.clone(),
        };
        let old_in_new = label_with(old, &|id| {
            let name = &self.old.ty(id).name;
            self.new_types
                .get(name.as_str())
                .map_or_else(|| name.clone(), |def| definition(def))
        });
        old_in_new == label_with(new, &|id| definition(self.new.ty(id)))
    }
}

/// A type as users write it, without `Option` (reported separately).
fn label(ir: &Ir, ty: &Ty) -> String {
    label_with(ty, &|id| ir.ty(id).name.clone())
}

/// A type as users write it, with `name` giving each named type's name.
fn label_with(ty: &Ty, name: &dyn Fn(TypeId) -> String) -> String {
    let label = |ty: &Ty| label_with(ty, name);
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Integer => "i64".to_owned(),
        Ty::Number => "f64".to_owned(),
        Ty::Timestamp => "Timestamp".to_owned(),
        Ty::Decimal => "Decimal".to_owned(),
        Ty::Binary => "Vec<u8>".to_owned(),
        Ty::Json => "Value".to_owned(),
        Ty::Named(id) => name(*id),
        Ty::Vec(t) => format!("Vec<{}>", label(t)),
        Ty::Map(t) => format!("BTreeMap<String, {}>", label(t)),
        Ty::List(t) => format!("List<{}>", label(t)),
        Ty::SearchList(t) => format!("SearchList<{}>", label(t)),
        Ty::Expandable(id) => format!("Expandable<{}>", name(*id)),
        Ty::ExpandableJson => "Expandable<Value>".to_owned(),
        Ty::Clearable(t) => format!("Clearable<{}>", label(t)),
        Ty::Range(t) => format!("RangeFilter<{}>", label(t)),
        Ty::Boxed(t) => format!("Box<{}>", label(t)),
    }
}
