//! Operations: method names, path parameters, the parameter struct and the response.

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, SchemaKind,
    StatusCode, Type,
};

use super::build::{docs_of, Builder, Cx, Owner};
use super::{Field, Method, Operation, ParamsIn, PathParam, Struct, Ty, TypeKind};
use crate::error::Result;
use crate::naming;
use crate::spec::pointer::Pointer;
use crate::stripe;

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

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
    dedupe_fn_names(&mut operations);
    Ok(operations)
}

fn build_operation(
    b: &mut Builder<'_>,
    path: &str,
    method: &str,
    op: &openapiv3::Operation,
    at: &Pointer,
) -> Result<Operation> {
    let operation_id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{method} {path}"));
    let response_schema = success_schema(op);
    let returns_list = response_schema.is_some_and(|s| match s {
        ReferenceOr::Item(s) => matches!(&s.schema_kind, SchemaKind::Type(Type::Object(o)) if stripe::list_item(o).is_some()),
        ReferenceOr::Reference { .. } => false,
    });
    let named = stripe::operation_name(method, path, returns_list, &b.resources);
    let (module, fn_name, resource, client_fn) = match &named {
        Some(n) => (
            stripe::resource_module(&n.resource),
            n.method.clone(),
            n.resource.clone(),
            naming::field_name(&n.client_method),
        ),
        None => {
            let name = naming::field_name(&operation_id);
            (vec!["other".to_owned()], name.clone(), String::new(), name)
        }
    };
    let type_name = naming::type_name(&format!("{fn_name}_{resource}"));
    let cx = Cx {
        at: at.clone(),
        name: type_name.clone(),
        owner: Owner::Module(module.clone()),
        component: None,
        field: None,
    };
    let id_param = named.as_ref().and_then(|n| n.id_param.clone());
    let path_params = path_params(b, op, &resource, id_param.as_deref())?;
    let params_in = match method {
        "post" if has_content(op, MULTIPART) => ParamsIn::Multipart,
        "post" | "put" | "patch" => ParamsIn::Form,
        _ => ParamsIn::Query,
    };
    let params = params_struct(b, op, &cx, method == "get")?;
    if let Some(params) = params {
        let summary = format!("Parameters of `{} {path}`.", method.to_uppercase());
        let docs = docs_of(op.description.as_deref())
            .map_or(summary.clone(), |d| format!("{summary}\n\n{d}"));
        b.types[params.0].docs = Some(docs);
    }
    let response = match response_schema {
        Some(schema) => {
            let mut response_cx = cx.clone();
            response_cx.at = at.join(["responses", "200", "content", "application/json", "schema"]);
            response_cx.name = format!("{type_name}Response");
            b.ref_or_ty(schema, &response_cx)?
        }
        None => Ty::Json,
    };
    Ok(Operation {
        operation_id,
        method: match method {
            "get" => Method::Get,
            "post" => Method::Post,
            "delete" => Method::Delete,
            _ => Method::Other,
        },
        path: path.to_owned(),
        fn_name,
        client_fn,
        module,
        docs: docs_of(op.description.as_deref().or(op.summary.as_deref())),
        path_params,
        params,
        params_in,
        response,
        origin: at.clone(),
    })
}

fn success_schema(op: &openapiv3::Operation) -> Option<&ReferenceOr<openapiv3::Schema>> {
    match op.responses.responses.get(&StatusCode::Code(200))? {
        ReferenceOr::Item(response) => response.content.get("application/json")?.schema.as_ref(),
        ReferenceOr::Reference { .. } => None,
    }
}

fn has_content(op: &openapiv3::Operation, media: &str) -> bool {
    matches!(&op.request_body, Some(ReferenceOr::Item(body)) if body.content.contains_key(media))
}

fn path_params(
    b: &mut Builder<'_>,
    op: &openapiv3::Operation,
    resource: &str,
    id_param: Option<&str>,
) -> Result<Vec<PathParam>> {
    let has_id_field = matches!(
        b.schemas().get(resource),
        Some(ReferenceOr::Item(s)) if matches!(&s.schema_kind, SchemaKind::Type(Type::Object(o)) if o.properties.contains_key("id"))
    );
    let mut out = Vec::new();
    for param in &op.parameters {
        let ReferenceOr::Item(Parameter::Path {
            parameter_data: data,
            ..
        }) = param
        else {
            continue;
        };
        let ty = if id_param == Some(data.name.as_str()) && has_id_field {
            Ty::Named(b.id_type(stripe::base_resource(resource)))
        } else {
            Ty::String
        };
        out.push(PathParam {
            name: naming::field_name(&data.name),
            wire_name: data.name.clone(),
            ty,
            docs: docs_of(data.description.as_deref()),
        });
    }
    Ok(out)
}

/// The struct of query and body parameters, or `None` when the operation takes none.
fn params_struct(
    b: &mut Builder<'_>,
    op: &openapiv3::Operation,
    cx: &Cx,
    skip_body: bool,
) -> Result<Option<super::TypeId>> {
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
        let field = field(
            b,
            cx,
            id,
            param_at.push("schema"),
            &data.name,
            schema,
            data.required,
            data.description.as_deref(),
        )?;
        fields.push(field);
    }
    if !skip_body {
        body_fields(b, op, cx, id, &mut fields)?;
    }
    if fields.is_empty() {
        b.discard_last_type(id);
        return Ok(None);
    }
    naming::dedupe(fields.iter_mut().map(|f| &mut f.name));
    b.set_kind(
        id,
        TypeKind::Struct(Struct {
            fields,
            object_id: None,
        }),
    );
    Ok(Some(id))
}

fn body_fields(
    b: &mut Builder<'_>,
    op: &openapiv3::Operation,
    cx: &Cx,
    id: super::TypeId,
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
        let required = object.required.contains(wire);
        let at = schema_at.join(["properties", wire.as_str()]);
        fields.push(field(
            b,
            cx,
            id,
            at,
            wire,
            property,
            required,
            docs.as_deref(),
        )?);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn field<T: stripe::AsSchema>(
    b: &mut Builder<'_>,
    cx: &Cx,
    parent: super::TypeId,
    at: Pointer,
    wire: &str,
    schema: &ReferenceOr<T>,
    required: bool,
    docs: Option<&str>,
) -> Result<Field> {
    let field_cx = Cx {
        at,
        name: format!("{}{}", cx.name, naming::type_name(wire)),
        owner: Owner::Inline(parent),
        component: None,
        field: Some(wire.to_owned()),
    };
    let ty = b.ref_or_ty(schema, &field_cx)?;
    Ok(Field {
        name: naming::field_name(wire),
        wire_name: wire.to_owned(),
        docs: b.field_docs(docs, wire, &ty),
        ty,
        required,
        nullable: false,
    })
}

/// Method names must be unique within a module; clashing ones fall back to the
/// operation id, which the spec guarantees unique.
fn dedupe_fn_names(operations: &mut [Operation]) {
    let mut counts = std::collections::HashMap::new();
    for op in operations.iter() {
        *counts
            .entry((op.module.clone(), op.fn_name.clone()))
            .or_insert(0) += 1;
    }
    for op in operations.iter_mut() {
        if counts[&(op.module.clone(), op.fn_name.clone())] > 1 {
            op.fn_name = naming::field_name(&op.operation_id);
        }
    }
}
