//! Operations: method names, path parameters, the parameter struct and the response.

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Schema, SchemaKind,
    StatusCode, Type,
};

use super::builder::{docs_of, Builder, Cx, Owner};
use crate::error::Result;
use crate::ir::{Body, Field, Gate, Method, Operation, PathParam, Struct, Ty, TypeKind};
use crate::naming;
use crate::openapi::pointer::Pointer;
use crate::openapi::refs::ref_name;
use crate::stripe::{self, Answer, Paging};

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

pub(super) fn build_operations(b: &mut Builder<'_>) -> Result<Vec<Operation>> {
    let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> =
        b.doc.openapi.paths.paths.iter().collect();
    paths.sort_by_key(|(path, _)| *path);
    let mut operations = Vec::new();
    for (path, item) in paths {
        let at = Pointer::root().join(["paths", path.as_str()]);
        let ReferenceOr::Item(item) = item else {
            return Err(b.unsupported(&at, "`$ref` path items are not supported"));
        };
        for (method, op) in item.iter() {
            operations.push(build_operation(b, path, method, op, &at.push(method))?);
        }
    }
    Ok(operations)
}

fn build_operation(
    b: &mut Builder<'_>,
    path: &str,
    method: &str,
    op: &openapiv3::Operation,
    at: &Pointer,
) -> Result<Operation> {
    let http_method = match method {
        "get" => Method::Get,
        "post" => Method::Post,
        "delete" => Method::Delete,
        other => {
            return Err(b.unsupported(at, format!("the HTTP method `{other}` is not supported")))
        }
    };
    let response = Response::of(b, op, at)?;
    let resource = stripe::path_resource(path, &b.resources);
    let kind = stripe::operation_kind(method, path, response.answer(b, path, resource.as_ref()));
    let named = stripe::operation_name(method, path, kind, response.object.as_deref())
        .ok_or_else(|| b.unsupported(at, "the path has no segment to name the operation by"))?;
    let (namespace, name) = (named.namespace, naming::field_name(&named.method));
    let module = module_of(b, path, resource.as_ref(), response.object.as_deref());
    let type_name = naming::type_name(&name);
    let cx = Cx {
        at: at.clone(),
        name: type_name.clone(),
        owner: Owner::Module(module.clone()),
        component: None,
        field: None,
        binary: false,
    };
    let path_params = path_params(b, op, path, at, resource.as_ref())?;
    let body = match method {
        "post" if has_content(op, MULTIPART) => Body::Multipart,
        "post" => Body::Form,
        _ => Body::Query,
    };
    let params = params_struct(b, op, &cx)?;
    if let Some(params) = params {
        let summary = format!("Parameters of `{} {path}`.", method.to_uppercase());
        let docs = docs_of(op.description.as_deref())
            .map_or(summary.clone(), |d| format!("{summary}\n\n{d}"));
        b.types[params.0].docs = Some(docs);
    }
    let response = response.ty(b, &cx, &type_name)?;
    Ok(Operation {
        method: http_method,
        path: path.to_owned(),
        namespace,
        kind,
        name,
        module,
        docs: docs_of(op.description.as_deref().or(op.summary.as_deref())),
        path_params,
        params,
        body,
        server: server(b, op, at)?,
        response,
        origin: at.clone(),
        gate: Gate::Always,
    })
}

/// The module (file) of an operation: that of the resource its path names, else of the
/// object it returns, else one named after its path.
fn module_of(
    b: &Builder<'_>,
    path: &str,
    resource: Option<&(String, Option<String>)>,
    object: Option<&str>,
) -> Vec<String> {
    match (resource, object) {
        (Some((resource, _)), _) => stripe::resource_module(resource),
        (None, Some(object)) if b.resources.contains(object) => stripe::resource_module(object),
        _ => stripe::path_module(path),
    }
}

/// The operation's own host, when it names one (`https://files.stripe.com/`).
fn server(b: &Builder<'_>, op: &openapiv3::Operation, at: &Pointer) -> Result<Option<String>> {
    match op.servers.as_slice() {
        [] => Ok(None),
        [server] if server.variables.as_ref().is_none_or(|v| v.is_empty()) => {
            Ok(Some(server.url.trim_end_matches('/').to_owned()))
        }
        _ => Err(b.unsupported(
            &at.push("servers"),
            "only one server without variables is supported per operation",
        )),
    }
}

/// The successful response of an operation, before its type is built.
struct Response<'o> {
    /// The JSON schema, or `None` for other content (read as bytes).
    schema: Option<&'o ReferenceOr<openapiv3::Schema>>,
    /// How the answer pages, if it is a page of objects.
    paging: Option<Paging>,
    /// The schema name of the object it returns (the item of a list).
    object: Option<String>,
    /// Where the schema is.
    at: Pointer,
}

impl<'o> Response<'o> {
    fn of(b: &Builder<'_>, op: &'o openapiv3::Operation, at: &Pointer) -> Result<Self> {
        let at = at.join(["responses", "200"]);
        let response = match op.responses.responses.get(&StatusCode::Code(200)) {
            Some(ReferenceOr::Item(response)) => response,
            Some(ReferenceOr::Reference { .. }) => {
                return Err(b.unsupported(&at, "`$ref` responses are not supported"))
            }
            None => return Err(b.unsupported(&at, "an operation without a 200 response")),
        };
        let Some(json) = response.content.get(JSON) else {
            return Ok(Response {
                schema: None,
                paging: None,
                object: None,
                at,
            });
        };
        let at = at.join(["content", JSON, "schema"]);
        let raw = at.resolve(&b.doc.raw).unwrap_or(&serde_json::Value::Null);
        let schema = json.schema.as_ref();
        Ok(Response {
            schema,
            paging: schema.and_then(|s| paging_of(b, s)),
            object: stripe::returned_objects(raw).into_iter().next(),
            at,
        })
    }

    /// The answer as the operation's kind needs it. An object answer is "the object of
    /// the path" when the path's last parameter holds the id of the resource it returns.
    fn answer(
        &self,
        b: &Builder<'_>,
        path: &str,
        resource: Option<&(String, Option<String>)>,
    ) -> Answer {
        match (self.schema, self.paging) {
            (None, _) => Answer::Binary,
            (Some(_), Some(Paging::Cursor)) => Answer::List,
            (Some(_), Some(Paging::Search)) => Answer::Search,
            (Some(_), None) => {
                let last_param = path.rsplit('/').find_map(|s| s.strip_prefix('{'));
                let last_param = last_param.map(|p| p.trim_end_matches('}'));
                let same_as_path = match (resource, &self.object) {
                    (Some((resource, Some(id_param))), Some(object)) => {
                        last_param == Some(id_param.as_str())
                            && stripe::base_resource(resource) == stripe::base_resource(object)
                            && has_string_id(b, resource)
                            && b.resources.contains(object)
                            && has_string_id(b, object)
                    }
                    _ => false,
                };
                Answer::Object { same_as_path }
            }
        }
    }

    fn ty(&self, b: &mut Builder<'_>, cx: &Cx, type_name: &str) -> Result<Ty> {
        let Some(schema) = self.schema else {
            return Ok(Ty::Binary);
        };
        let mut response_cx = cx.clone();
        response_cx.at = self.at.clone();
        response_cx.name = format!("{type_name}Response");
        b.ref_or_ty(schema, &response_cx)
    }
}

/// How a response schema pages, by the one rule that also makes its type a list
/// ([`stripe::page_item`]).
fn paging_of(b: &Builder<'_>, schema: &ReferenceOr<openapiv3::Schema>) -> Option<Paging> {
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => match b.schemas().get(&ref_name(reference)?)? {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { .. } => return None,
        },
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => stripe::page_item(object).map(|(p, _)| p),
        _ => None,
    }
}

/// The schema of a component's `id` field, if it is an object that has one.
fn id_field<'a>(b: &Builder<'a>, component: &str) -> Option<&'a ReferenceOr<Box<Schema>>> {
    match b.schemas().get(component)? {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object.properties.get(stripe::ID_FIELD),
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    }
}

/// Whether a component's `id` field is a string, which is what makes the builder give
/// the component an id type.
fn has_string_id(b: &Builder<'_>, component: &str) -> bool {
    matches!(
        id_field(b, component),
        Some(ReferenceOr::Item(id)) if matches!(id.schema_kind, SchemaKind::Type(Type::String(_)))
    )
}

fn has_content(op: &openapiv3::Operation, media: &str) -> bool {
    matches!(&op.request_body, Some(ReferenceOr::Item(body)) if body.content.contains_key(media))
}

/// The path parameters in the order the template names them, which is the order the
/// renderer fills them in; a template parameter the operation does not declare, or the
/// other way round, is an error.
fn path_params(
    b: &mut Builder<'_>,
    op: &openapiv3::Operation,
    path: &str,
    at: &Pointer,
    resource: Option<&(String, Option<String>)>,
) -> Result<Vec<PathParam>> {
    let (resource, id_param) = match resource {
        Some((resource, id_param)) => (resource.as_str(), id_param.as_deref()),
        None => ("", None),
    };
    let has_id_field = id_field(b, resource).is_some();
    let declared: Vec<&str> = op
        .parameters
        .iter()
        .filter_map(|param| match param {
            ReferenceOr::Item(Parameter::Path { parameter_data, .. }) => {
                Some(parameter_data.name.as_str())
            }
            _ => None,
        })
        .collect();
    let template: Vec<&str> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect();
    let mut sorted = declared.clone();
    sorted.sort_unstable();
    let mut expected = template.clone();
    expected.sort_unstable();
    if sorted != expected {
        let message = format!(
            "the path names the parameters {template:?} but the operation declares {declared:?}"
        );
        return Err(b.unsupported(&at.push("parameters"), message));
    }
    let mut out = Vec::with_capacity(template.len());
    for name in template {
        let ty = if id_param == Some(name) && has_id_field {
            Ty::Named(b.id_type(stripe::base_resource(resource)))
        } else {
            Ty::String
        };
        out.push(PathParam {
            name: naming::field_name(name),
            ty,
        });
    }
    Ok(out)
}

/// The struct of query and body parameters, or `None` when the operation takes none.
fn params_struct(
    b: &mut Builder<'_>,
    op: &openapiv3::Operation,
    cx: &Cx,
) -> Result<Option<crate::ir::TypeId>> {
    let id = b.new_type(cx, None);
    let mut fields = Vec::new();
    for (i, param) in op.parameters.iter().enumerate() {
        let param_at = cx.at.join(["parameters".to_owned(), i.to_string()]);
        let data = match param {
            ReferenceOr::Item(Parameter::Path { .. }) => continue,
            ReferenceOr::Item(Parameter::Query { parameter_data, .. }) => parameter_data,
            ReferenceOr::Item(Parameter::Header { .. } | Parameter::Cookie { .. }) => {
                return Err(
                    b.unsupported(&param_at, "header and cookie parameters are not supported")
                )
            }
            ReferenceOr::Reference { .. } => {
                return Err(b.unsupported(&param_at, "`$ref` parameters are not supported"))
            }
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(b.unsupported(&param_at, "parameters with `content` are not supported"));
        };
        let param = Param {
            at: param_at.push("schema"),
            wire: &data.name,
            required: data.required,
            docs: data.description.as_deref(),
            file: false,
        };
        fields.push(param.field(b, cx, id, schema)?);
    }
    // GET and DELETE declare form bodies too; their parameters are sent in the query.
    body_fields(b, op, cx, id, &mut fields)?;
    if fields.is_empty() {
        b.discard_last_type(id);
        return Ok(None);
    }
    naming::dedupe(fields.iter_mut().map(|f| &mut f.name));
    b.set_kind(
        id,
        TypeKind::Struct(Struct {
            fields,
            id: None,
            tag: None,
        }),
    );
    Ok(Some(id))
}

fn body_fields(
    b: &mut Builder<'_>,
    op: &openapiv3::Operation,
    cx: &Cx,
    id: crate::ir::TypeId,
    fields: &mut Vec<Field>,
) -> Result<()> {
    let body_at = cx.at.push("requestBody");
    let Some(body) = &op.request_body else {
        return Ok(());
    };
    let ReferenceOr::Item(RequestBody { content, .. }) = body else {
        return Err(b.unsupported(&body_at, "`$ref` request bodies are not supported"));
    };
    let Some((media, content)) = content.iter().find(|(m, _)| *m == FORM || *m == MULTIPART) else {
        return Err(b.unsupported(
            &body_at,
            "request body is neither form nor multipart encoded",
        ));
    };
    let schema_at = body_at.join(["content", media.as_str(), "schema"]);
    let object = match &content.schema {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object,
            _ => return Err(b.unsupported(&schema_at, "request body schema is not an object")),
        },
        Some(ReferenceOr::Reference { .. }) => {
            return Err(b.unsupported(&schema_at, "`$ref` request body schemas are not supported"))
        }
        None => return Ok(()),
    };
    for (wire, property) in &object.properties {
        let docs = match property {
            ReferenceOr::Item(p) => p.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        };
        let param = Param {
            at: schema_at.join(["properties", wire.as_str()]),
            wire,
            required: object.required.contains(wire),
            docs: docs.as_deref(),
            file: media == MULTIPART,
        };
        fields.push(param.field(b, cx, id, property)?);
    }
    Ok(())
}

/// One query or body parameter, before its type is built.
struct Param<'p> {
    at: Pointer,
    wire: &'p str,
    required: bool,
    docs: Option<&'p str>,
    /// Whether the parameter may be a file (a top-level field of a multipart body).
    file: bool,
}

impl Param<'_> {
    fn field<T: crate::openapi::refs::AsSchema>(
        self,
        b: &mut Builder<'_>,
        cx: &Cx,
        parent: crate::ir::TypeId,
        schema: &ReferenceOr<T>,
    ) -> Result<Field> {
        let field_cx = Cx {
            at: self.at,
            name: format!("{}{}", cx.name, naming::type_name(self.wire)),
            owner: Owner::Inline(parent),
            component: None,
            field: Some(self.wire.to_owned()),
            binary: self.file,
        };
        let ty = b.ref_or_ty(schema, &field_cx)?;
        Ok(Field {
            name: naming::field_name(self.wire),
            wire_name: self.wire.to_owned(),
            docs: b.field_docs(self.docs, self.wire, &ty),
            ty,
            required: self.required,
            nullable: false,
            max_length: super::limits::max_length(schema),
        })
    }
}
