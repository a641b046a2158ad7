//! Schemas to types.
//!
//! Component schemas become named types lazily, the first time something reaches them,
//! with the type reserved before its fields are built so recursive schemas work. Inline
//! object and enum schemas become named types named after where they appear.

use std::collections::{BTreeSet, HashMap};

use openapiv3::{
    AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::error::{Error, Result};
use crate::ir::{EnumValue, Field, Gate, OpenEnum, Struct, Ty, TypeDef, TypeId, TypeKind, Usage};
use crate::naming;
use crate::openapi::load::Document;
use crate::openapi::pointer::Pointer;
use crate::openapi::refs::AsSchema;
use crate::stripe;

/// Who decides the module a type lives in.
#[derive(Debug, Clone)]
pub(super) enum Owner {
    /// A fixed module (resources, ids, operation parameters).
    Module(Vec<String>),
    /// A shared component: placed by which resources reach it.
    Component,
    /// An inline type: lives with the type it was found in.
    Inline(TypeId),
}

/// Where a schema is being turned into a type, and what an inline type there is called.
#[derive(Debug, Clone)]
pub(super) struct Cx {
    pub at: Pointer,
    pub name: String,
    pub owner: Owner,
    /// The component this schema is the root of, if any.
    pub component: Option<String>,
    /// The wire name of the field this schema is the value of, if any.
    pub field: Option<String>,
    /// Whether binary content is allowed here: only a top-level field of a multipart body
    /// (the client sends it as a file part).
    pub binary: bool,
}

impl Cx {
    /// The context of a schema nested in this one; it stays the value of the same field.
    pub(super) fn child(&self, tokens: &[&str], name: String, parent: Option<TypeId>) -> Cx {
        Cx {
            at: self.at.join(tokens),
            name,
            owner: parent.map_or_else(|| self.owner.clone(), Owner::Inline),
            component: None,
            field: self.field.clone(),
            binary: false,
        }
    }
}

pub(super) struct Builder<'a> {
    pub doc: &'a Document,
    pub resources: BTreeSet<String>,
    pub types: Vec<TypeDef>,
    pub owners: Vec<Owner>,
    pub component_names: HashMap<TypeId, String>,
    components: HashMap<String, Ty>,
    reserved: HashMap<String, TypeId>,
    in_progress: Vec<String>,
    id_types: HashMap<String, TypeId>,
    pub(super) unions: HashMap<Vec<TypeId>, TypeId>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(doc: &'a Document) -> Self {
        let resources = doc
            .openapi
            .components
            .iter()
            .flat_map(|c| &c.schemas)
            .filter_map(|(name, s)| match s {
                ReferenceOr::Item(s) => stripe::resource_id(&s.schema_data).map(|_| name.clone()),
                ReferenceOr::Reference { .. } => None,
            })
            .collect();
        Builder {
            doc,
            resources,
            types: Vec::new(),
            owners: Vec::new(),
            component_names: HashMap::new(),
            components: HashMap::new(),
            reserved: HashMap::new(),
            in_progress: Vec::new(),
            id_types: HashMap::new(),
            unions: HashMap::new(),
        }
    }

    pub(super) fn schemas(&self) -> &'a indexmap::IndexMap<String, ReferenceOr<Schema>> {
        static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::OnceLock::new();
        match &self.doc.openapi.components {
            Some(c) => &c.schemas,
            None => EMPTY.get_or_init(Default::default),
        }
    }

    pub(super) fn unsupported(&self, at: &Pointer, message: impl Into<String>) -> Error {
        Error::Unsupported {
            location: self.doc.at(at),
            message: message.into(),
        }
    }

    /// Adds a type whose contents are filled in later by [`Builder::set_kind`].
    pub(super) fn new_type(&mut self, cx: &Cx, docs: Option<&str>) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: cx.name.clone(),
            module: Vec::new(),
            docs: docs_of(docs).or_else(|| Some(self.fallback_docs(cx))),
            origin: cx.at.clone(),
            usage: Usage::default(),
            kind: TypeKind::Id,
            gate: Gate::Always,
            fields_gate: Gate::Always,
        });
        self.owners.push(cx.owner.clone());
        if let Some(component) = &cx.component {
            self.reserved.insert(component.clone(), id);
            self.component_names.insert(id, component.clone());
        }
        id
    }

    /// Documentation for a type the spec does not describe, from what the spec does say.
    fn fallback_docs(&self, cx: &Cx) -> String {
        match (&cx.component, &cx.field, &cx.owner) {
            (Some(component), _, _) => format!("The `{component}` object."),
            (None, Some(field), Owner::Inline(parent)) => {
                format!("The `{field}` of `{}`.", self.types[parent.0].name)
            }
            (None, Some(field), _) => format!("The `{field}` value."),
            (None, None, _) => format!("A `{}`.", cx.name),
        }
    }

    /// Documentation for a field: its description, else the description of its type.
    pub(super) fn field_docs(
        &self,
        description: Option<&str>,
        wire: &str,
        ty: &Ty,
    ) -> Option<String> {
        docs_of(description).or_else(|| {
            let mut names = Vec::new();
            ty.all_names(&mut names);
            let from_type = names.first().and_then(|id| self.types[id.0].docs.clone());
            Some(from_type.unwrap_or_else(|| format!("The `{wire}` field.")))
        })
    }

    /// Drops a type made by [`Builder::new_type`] that turned out to be unneeded; it must
    /// be the newest type, so no other type can refer to it.
    pub(super) fn discard_last_type(&mut self, id: TypeId) {
        debug_assert_eq!(id.0 + 1, self.types.len());
        self.types.pop();
        self.owners.pop();
    }

    pub(super) fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        self.types[id.0].kind = kind;
    }

    /// The type of a component schema, built on first use.
    pub(super) fn component(&mut self, name: &str, at: &Pointer) -> Result<Ty> {
        if let Some(ty) = self.components.get(name) {
            return Ok(ty.clone());
        }
        if let Some(id) = self.reserved.get(name) {
            return Ok(Ty::Named(*id));
        }
        if let Some(start) = self.in_progress.iter().position(|n| n == name) {
            let mut cycle = self.in_progress[start..].to_vec();
            cycle.push(name.to_owned());
            return Err(Error::RefCycle {
                location: self.doc.at(at),
                cycle,
            });
        }
        let Some(schema) = self.schemas().get(name) else {
            return Err(Error::DanglingRef {
                location: self.doc.at(at),
                target: format!("#/components/schemas/{name}"),
            });
        };
        let cx = Cx {
            at: Pointer::root().join(["components", "schemas", name]),
            name: naming::type_name(stripe::component_words(name)),
            owner: match schema {
                ReferenceOr::Item(s) if stripe::resource_id(&s.schema_data).is_some() => {
                    Owner::Module(stripe::resource_module(name))
                }
                _ => Owner::Component,
            },
            component: Some(name.to_owned()),
            field: None,
            binary: false,
        };
        self.in_progress.push(name.to_owned());
        let ty = self.ref_or_ty(schema, &cx);
        self.in_progress.pop();
        let ty = ty?;
        self.components.insert(name.to_owned(), ty.clone());
        Ok(ty)
    }

    /// The type of a schema or a `$ref` to one.
    pub(super) fn ref_or_ty<T: AsSchema>(
        &mut self,
        schema: &ReferenceOr<T>,
        cx: &Cx,
    ) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let at = cx.at.push("$ref");
                match crate::openapi::refs::ref_name(reference) {
                    Some(name) => self.component(&name, &at),
                    None => Err(Error::DanglingRef {
                        location: self.doc.at(&at),
                        target: reference.clone(),
                    }),
                }
            }
            ReferenceOr::Item(schema) => self.schema_ty(schema.as_schema(), cx),
        }
    }

    pub(super) fn schema_ty(&mut self, schema: &Schema, cx: &Cx) -> Result<Ty> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
                Ok(match (&st.format, values.is_empty()) {
                    (_, false) => self.string_enum(values, schema, cx),
                    (VariantOrUnknownOrEmpty::Unknown(f), true) if f == stripe::DECIMAL_FORMAT => {
                        Ty::Decimal
                    }
                    (VariantOrUnknownOrEmpty::Item(StringFormat::Binary), true) if cx.binary => {
                        Ty::Binary
                    }
                    (VariantOrUnknownOrEmpty::Item(StringFormat::Binary), true) => {
                        return Err(self.unsupported(
                            &cx.at,
                            "binary content outside the top level of a multipart/form-data body",
                        ))
                    }
                    _ => Ty::String,
                })
            }
            SchemaKind::Type(Type::Integer(it)) => Ok(match &it.format {
                VariantOrUnknownOrEmpty::Unknown(f) if f == stripe::UNIX_TIME_FORMAT => {
                    Ty::Timestamp
                }
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32 | IntegerFormat::Int64)
                | VariantOrUnknownOrEmpty::Unknown(_)
                | VariantOrUnknownOrEmpty::Empty => Ty::Integer,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(Ty::Number),
            SchemaKind::Type(Type::Boolean(_)) => Ok(Ty::Bool),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item_cx = cx.child(&["items"], cx.name.clone(), None);
                    Ok(Ty::Vec(Box::new(self.ref_or_ty(items, &item_cx)?)))
                }
                None => Ok(Ty::Vec(Box::new(Ty::Json))),
            },
            SchemaKind::Type(Type::Object(object)) => self.object_ty(object, schema, cx),
            SchemaKind::AnyOf { any_of } => self.any_of_ty(any_of, schema, cx),
            SchemaKind::OneOf { .. } => Err(self.unsupported(
                &cx.at,
                "`oneOf` is not supported; Stripe's specs use `anyOf`",
            )),
            SchemaKind::AllOf { .. } => Err(self.unsupported(&cx.at, "`allOf` is not supported")),
            SchemaKind::Not { .. } => Err(self.unsupported(&cx.at, "`not` is not supported")),
            SchemaKind::Any(any) if is_unconstrained(any) => Ok(Ty::Json),
            SchemaKind::Any(any) => Err(self.unsupported(&cx.at, describe_any(any))),
        }
    }

    fn string_enum(&mut self, values: Vec<String>, schema: &Schema, cx: &Cx) -> Ty {
        if cx
            .field
            .as_deref()
            .is_some_and(|f| stripe::is_object_tag_field(f, &values))
        {
            return Ty::String;
        }
        let id = self.new_type(cx, schema.schema_data.description.as_deref());
        let mut values: Vec<EnumValue> = values
            .into_iter()
            .map(|wire| EnumValue {
                name: stripe::enum_variant_name(&wire),
                wire,
            })
            .collect();
        naming::dedupe(values.iter_mut().map(|v| &mut v.name));
        let fallback = naming::unused_name(values.iter().map(|v| v.name.as_str()), "Unknown");
        let accepts_unlisted = stripe::accepts_unlisted_values(&schema.schema_data);
        self.set_kind(
            id,
            TypeKind::Enum(OpenEnum {
                values,
                fallback,
                accepts_unlisted,
            }),
        );
        Ty::Named(id)
    }

    fn object_ty(
        &mut self,
        object: &openapiv3::ObjectType,
        schema: &Schema,
        cx: &Cx,
    ) -> Result<Ty> {
        if let Some((paging, item)) = stripe::page_item(object) {
            let item_cx = cx.child(&["properties", "data", "items"], cx.name.clone(), None);
            let item = Box::new(self.ref_or_ty(item, &item_cx)?);
            return Ok(match paging {
                stripe::Paging::Cursor => Ty::List(item),
                stripe::Paging::Search => Ty::SearchList(item),
            });
        }
        // A named component without properties is still a distinct object (it can be a
        // variant of a union); an inline one is a free-form map.
        if object.properties.is_empty() && cx.component.is_none() {
            let value = match &object.additional_properties {
                Some(openapiv3::AdditionalProperties::Schema(value)) => {
                    let value_cx = cx.child(&["additionalProperties"], cx.name.clone(), None);
                    self.ref_or_ty(value, &value_cx)?
                }
                _ => Ty::Json,
            };
            return Ok(Ty::Map(Box::new(value)));
        }
        let id = self.new_type(cx, schema.schema_data.description.as_deref());
        let is_resource = stripe::resource_id(&schema.schema_data).is_some();
        let mut fields = Vec::with_capacity(object.properties.len());
        for (wire, property) in &object.properties {
            let mut field_cx = cx.child(
                &["properties", wire],
                format!("{}{}", cx.name, naming::type_name(wire)),
                Some(id),
            );
            field_cx.field = Some(wire.clone());
            let mut ty = self.ref_or_ty(property, &field_cx)?;
            if is_resource && wire == stripe::ID_FIELD && ty == Ty::String {
                let resource = cx.component.as_deref().unwrap_or_default();
                ty = Ty::Named(self.id_type(stripe::base_resource(resource)));
            }
            let (nullable, docs) = match property {
                ReferenceOr::Item(p) => {
                    (p.schema_data.nullable, p.schema_data.description.as_deref())
                }
                ReferenceOr::Reference { .. } => (false, None),
            };
            fields.push(Field {
                name: naming::field_name(wire),
                wire_name: wire.clone(),
                docs: self.field_docs(docs, wire, &ty),
                ty,
                required: object.required.contains(wire),
                nullable,
                max_length: super::limits::max_length(property),
            });
        }
        naming::dedupe(fields.iter_mut().map(|f| &mut f.name));
        let id_field = fields.iter().position(|f| f.wire_name == stripe::ID_FIELD);
        self.set_kind(
            id,
            TypeKind::Struct(Struct {
                fields,
                id: id_field,
                tag: is_resource.then(|| stripe::object_tag(schema)).flatten(),
            }),
        );
        Ok(Ty::Named(id))
    }

    /// The id newtype of a resource (`customer` → `CustomerId`), shared by its deletion marker.
    pub(super) fn id_type(&mut self, resource: &str) -> TypeId {
        if let Some(id) = self.id_types.get(resource) {
            return *id;
        }
        let cx = Cx {
            at: Pointer::root().join([
                "components",
                "schemas",
                resource,
                "properties",
                stripe::ID_FIELD,
            ]),
            name: format!("{}Id", naming::type_name(resource)),
            owner: Owner::Module(stripe::resource_module(resource)),
            component: None,
            field: None,
            binary: false,
        };
        let docs = format!("Identifier of `{resource}` objects.");
        let id = self.new_type(&cx, Some(&docs));
        self.id_types.insert(resource.to_owned(), id);
        id
    }
}

pub(super) fn docs_of(description: Option<&str>) -> Option<String> {
    description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

fn is_unconstrained(any: &AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.additional_properties.is_none()
}

fn describe_any(any: &AnySchema) -> String {
    match &any.typ {
        Some(t) => format!("schema of type `{t}` with keywords that do not fit that type"),
        None => "schema without `type` that constrains its value".to_owned(),
    }
}
