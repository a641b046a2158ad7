//! The intermediate representation: what will be generated, independent of Rust syntax.
//!
//! The IR is built from an OpenAPI document by [`crate::build_ir`], with Stripe's conventions
//! (expansions, "clear with an empty string", `object` tags, ids, range filters, list
//! pages, what an operation does) recognised once in [`crate::stripe`] and recorded as
//! the kinds below. Renderers only read it. This module is data only: it depends on no
//! other stage.

use crate::openapi::pointer::Pointer;

/// Index of a [`TypeDef`] in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Everything the generator knows about the selected API.
#[derive(Debug, Clone)]
pub struct Ir {
    /// The Stripe API version the spec describes (`info.version`).
    pub api_version: String,
    /// Every named type, in a deterministic order.
    pub types: Vec<TypeDef>,
    /// Every selected operation, ordered by path and method.
    pub operations: Vec<Operation>,
    /// The cargo features items are gated behind, with those on by default; empty when
    /// the selection has no features (every item is then always compiled).
    pub features: Features,
}

/// The crate's cargo features: one per resource area of the selected operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Every feature name.
    pub all: std::collections::BTreeSet<String>,
    /// The features `default` turns on.
    pub default: std::collections::BTreeSet<String>,
}

/// When an item is compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gate {
    /// In every build.
    #[default]
    Always,
    /// When any of these features is on.
    Any(std::collections::BTreeSet<String>),
}

impl Gate {
    /// A gate open when either is: the union of their features.
    pub fn or(&self, other: &Gate) -> Gate {
        match (self, other) {
            (Gate::Any(a), Gate::Any(b)) => Gate::Any(a.union(b).cloned().collect()),
            _ => Gate::Always,
        }
    }
}

impl Ir {
    /// The type behind an id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The type behind an id, through aliases.
    pub fn resolved(&self, id: TypeId) -> &TypeDef {
        self.ty(self.resolved_id(id))
    }

    /// The id of the type behind an id, through aliases.
    pub fn resolved_id(&self, mut id: TypeId) -> TypeId {
        while let TypeKind::Alias(Ty::Named(target)) = &self.ty(id).kind {
            id = *target;
        }
        id
    }

    /// The parameters an operation's method may be called without: all of them, when
    /// every one is optional (the method then takes none, and a `…_with` twin takes them).
    pub fn optional_params(&self, op: &Operation) -> Option<TypeId> {
        let params = op.params?;
        let def = self.ty(params);
        match &def.kind {
            TypeKind::Struct(s) if s.fields.iter().all(|f| f.optional(def.usage)) => Some(params),
            _ => None,
        }
    }

    /// The struct a union variant holds, if it holds one.
    pub fn variant_struct(&self, variant: &Variant) -> Option<&Struct> {
        match &variant.payload {
            Payload::Value(Ty::Named(id)) => match &self.resolved(*id).kind {
                TypeKind::Struct(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// The id newtype of an object (`CustomerId`), when its id field has one.
    pub fn id_type(&self, s: &Struct) -> Option<TypeId> {
        match s.id_field()?.ty {
            Ty::Named(id) if matches!(self.ty(id).kind, TypeKind::Id) => Some(id),
            _ => None,
        }
    }
}

/// A named Rust type to generate.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, unique across the crate.
    pub name: String,
    /// Module path inside the generated crate (`["checkout", "session"]`).
    pub module: Vec<String>,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// Where the type was defined in the spec.
    pub origin: Pointer,
    /// Whether the type appears in requests, responses or both.
    pub usage: Usage,
    /// What the type is.
    pub kind: TypeKind,
    /// When the type is compiled.
    pub gate: Gate,
    /// For an API object, which is always compiled so that every field naming it keeps
    /// one type whatever the features: when its fields other than the id are typed
    /// (else they are kept in its unknown fields). `Always` for every other type.
    pub fields_gate: Gate,
}

/// Where a type is used, which decides what it must be able to do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Sent to the API: must serialize.
    pub request: bool,
    /// Received from the API: must deserialize (and serialize back).
    pub response: bool,
}

/// The kinds of named types.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with named fields.
    Struct(Struct),
    /// A string enum that keeps values it does not know.
    Enum(OpenEnum),
    /// One of several shapes.
    Union(Union),
    /// The id of an object (`CheckoutSessionId`): a string newtype without validation.
    Id,
    /// Another name for a type: an enum or struct of the same meaning and shape as
    /// another is an alias of it, so the crate compiles the type once.
    Alias(Ty),
}

impl TypeKind {
    /// The types this type is made of: its fields' and its variants' types. Every pass
    /// that follows references between types starts here.
    pub fn tys(&self) -> impl Iterator<Item = &Ty> {
        let (fields, variants, alias) = match self {
            TypeKind::Struct(s) => (&s.fields[..], &[][..], None),
            TypeKind::Union(u) => (&[][..], &u.variants[..], None),
            TypeKind::Alias(target) => (&[][..], &[][..], Some(target)),
            TypeKind::Enum(_) | TypeKind::Id => (&[][..], &[][..], None),
        };
        let variant_tys = variants.iter().filter_map(|v| match &v.payload {
            Payload::Value(ty) => Some(ty),
            Payload::Const(_) => None,
        });
        fields.iter().map(|f| &f.ty).chain(variant_tys).chain(alias)
    }

    /// [`TypeKind::tys`], to change them.
    pub fn tys_mut(&mut self) -> Vec<&mut Ty> {
        match self {
            TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .filter_map(|v| match &mut v.payload {
                    Payload::Value(ty) => Some(ty),
                    Payload::Const(_) => None,
                })
                .collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Enum(_) | TypeKind::Id => Vec::new(),
        }
    }

    /// Every named type this type mentions, at any depth of its type expressions.
    pub fn all_names(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        self.tys().for_each(|ty| ty.all_names(&mut out));
        out
    }
}

/// A struct and its fields.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// The index of the field that holds the object's id, if it has one.
    pub id: Option<usize>,
    /// For an API object (`x-resourceId`), its `object` value and whether it marks a
    /// deletion: what the fake Stripe stores it under.
    pub tag: Option<ObjectTag>,
}

impl Struct {
    /// The field that holds the object's id, if it has one.
    pub fn id_field(&self) -> Option<&Field> {
        self.id.and_then(|i| self.fields.get(i))
    }
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name (keywords escaped).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// The value's type, before optionality.
    pub ty: Ty,
    /// Whether the spec lists the field as required.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// The longest string the API takes here (the spec's `maxLength`, for a string or
    /// each string of a list): the fake's table enforces it.
    pub max_length: Option<usize>,
    /// Documentation from the spec.
    pub docs: Option<String>,
}

impl Field {
    /// Whether the Rust type is an `Option`: in responses a field may be absent or null
    /// unless it is required and not nullable; in requests, unless it is required.
    pub fn optional(&self, usage: Usage) -> bool {
        !self.required || (usage.response && self.nullable)
    }

    /// Whether a received object may leave this field out or send it as `null`, both
    /// meaning unset (nullable, not required): the decoder notes which it was, so that
    /// serializing gives back the same keys. Received-only structs; a parameter has no
    /// `null`.
    pub fn absent_or_null(&self, usage: Usage) -> bool {
        usage.response && !usage.request && self.nullable && !self.required
    }
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct OpenEnum {
    /// The values the spec lists.
    pub values: Vec<EnumValue>,
    /// Name of the variant that keeps any other value.
    pub fallback: String,
    /// Whether the API takes values outside the list in requests (Stripe's
    /// `x-stripeBypassValidation`): the fake accepts any string for it, and its docs say so.
    pub accepts_unlisted: bool,
}

/// One listed value of an enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// A union of shapes.
#[derive(Debug, Clone)]
pub struct Union {
    /// The alternatives in spec order.
    pub variants: Vec<Variant>,
    /// How a received value picks its variant.
    pub tagging: Tagging,
    /// Name of the variant that keeps a received value no listed variant matches.
    pub fallback: String,
    /// Name of the variant that keeps an object whose tag names a variant but which does
    /// not decode as its type (rendered in another API version), with the error; without
    /// one, such an object fails the union's decoding. Object-tagged unions only.
    pub undecoded: Option<String>,
}

/// How a union value is told apart when received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagging {
    /// By the `object` field (and `deleted`); anything else lands in the fallback variant.
    Object,
    /// By trying each variant in order; anything else lands in the fallback variant.
    Untagged,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// What the variant holds.
    pub payload: Payload,
    /// For object-tagged unions, the tag that selects this variant.
    pub tag: Option<ObjectTag>,
}

/// The contents of a union variant.
#[derive(Debug, Clone)]
pub enum Payload {
    /// A value of a type.
    Value(Ty),
    /// A fixed string such as `now`.
    Const(String),
}

/// What identifies an object in a polymorphic field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectTag {
    /// The value of the `object` field.
    pub object: String,
    /// Whether the object is a deletion marker (`deleted: true`).
    pub deleted: bool,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A string.
    String,
    /// A boolean.
    Bool,
    /// A 64-bit integer.
    Integer,
    /// A floating-point number.
    Number,
    /// Seconds since the Unix epoch (`format: unix-time`).
    Timestamp,
    /// A decimal number sent as a string (`format: decimal`); never a float.
    Decimal,
    /// Raw bytes (`format: binary`).
    Binary,
    /// Any JSON value.
    Json,
    /// A named type.
    Named(TypeId),
    /// A JSON array.
    Vec(Box<Ty>),
    /// A JSON object used as a map from string keys (`additionalProperties`).
    Map(Box<Ty>),
    /// A page of a list (`object: list`), paginated with `starting_after`.
    List(Box<Ty>),
    /// A page of search results (`object: search_result`), paginated with `page`.
    SearchList(Box<Ty>),
    /// Either an id or, when expanded, the object (a struct or an object-tagged union).
    Expandable(TypeId),
    /// Either an id or, when expanded, an object the selection does not generate, kept
    /// as raw JSON.
    ExpandableJson,
    /// A request value that can be set, or cleared by sending an empty string.
    Clearable(Box<Ty>),
    /// A request filter: an exact value or a range (`gt`, `gte`, `lt`, `lte`).
    Range(Box<Ty>),
    /// A heap indirection that breaks a recursive type.
    Boxed(Box<Ty>),
}

impl Ty {
    /// The type a wrapper (`Vec`, map, list, `Clearable`, ...) holds.
    pub fn inner(&self) -> Option<&Ty> {
        match self {
            Ty::Vec(inner)
            | Ty::Map(inner)
            | Ty::List(inner)
            | Ty::SearchList(inner)
            | Ty::Clearable(inner)
            | Ty::Range(inner)
            | Ty::Boxed(inner) => Some(inner),
            _ => None,
        }
    }

    /// [`Ty::inner`], to change.
    pub fn inner_mut(&mut self) -> Option<&mut Ty> {
        match self {
            Ty::Vec(inner)
            | Ty::Map(inner)
            | Ty::List(inner)
            | Ty::SearchList(inner)
            | Ty::Clearable(inner)
            | Ty::Range(inner)
            | Ty::Boxed(inner) => Some(inner),
            _ => None,
        }
    }

    /// Whether a value of the wrapper holds its inner value in place, not on the heap.
    fn holds_inline(&self) -> bool {
        matches!(self, Ty::Clearable(_) | Ty::Range(_))
    }

    /// Named types this type mentions directly, without heap indirection in between.
    pub fn direct_names(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            wrapper if wrapper.holds_inline() => wrapper
                .inner()
                .into_iter()
                .for_each(|t| t.direct_names(out)),
            _ => {}
        }
    }

    /// Every named type this type mentions.
    pub fn all_names(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) | Ty::Expandable(id) => out.push(*id),
            wrapper => wrapper.inner().into_iter().for_each(|t| t.all_names(out)),
        }
    }
}

/// HTTP methods of operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// Where an operation's parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// In the query string (GET and DELETE).
    Query,
    /// In a `application/x-www-form-urlencoded` body.
    Form,
    /// In a `multipart/form-data` body; fields of type [`Ty::Binary`] are file parts.
    Multipart,
}

/// One API operation.
/// Where a client method lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Namespace {
    /// Methods on `Client`.
    Client,
    /// Methods on `client.test_helpers()`: Stripe's test-mode helpers.
    TestHelpers,
}

/// What an operation does to the objects its path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// Stores a new object (`POST /v1/things`, or nested under a parent).
    Create,
    /// Answers one object (`GET /v1/things/{id}`, or a singleton such as `GET /v1/balance`).
    Retrieve,
    /// Changes a stored object (`POST /v1/things/{id}`).
    Update,
    /// Deletes a stored object (`DELETE /v1/things/{id}`).
    Delete,
    /// Answers a page of a list, top level or nested.
    List,
    /// Answers a page of search results (`GET /v1/things/search`).
    Search,
    /// Acts on a stored object and answers it (`POST /v1/things/{id}/verb`).
    Action,
    /// Answers bytes that are not JSON (a quote's PDF).
    File,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// HTTP method.
    pub method: Method,
    /// Path template (`/v1/checkout/sessions/{session}`).
    pub path: String,
    /// Which receiver the method is on.
    pub namespace: Namespace,
    /// What the operation does.
    pub kind: OperationKind,
    /// The method (`create_checkout_session`), unique across the crate; its parameter
    /// type has the same name in camel case.
    pub name: String,
    /// Module of the resource the operation belongs to.
    pub module: Vec<String>,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// Parameters in the path, in template order.
    pub path_params: Vec<PathParam>,
    /// The struct holding query or body parameters, if the operation takes any.
    pub params: Option<TypeId>,
    /// Where `params` are sent.
    pub body: Body,
    /// The host the operation is sent to when it is not the API's (`https://files.stripe.com`).
    pub server: Option<String>,
    /// The successful response: JSON of a type, or [`Ty::Binary`] for other content.
    pub response: Ty,
    /// Where the operation is in the spec.
    pub origin: Pointer,
    /// When its method is compiled.
    pub gate: Gate,
}

/// A path parameter.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Rust name.
    pub name: String,
    /// Its type (an id newtype where the parameter names an object).
    pub ty: Ty,
}
