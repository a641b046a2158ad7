//! Client methods: one per operation, on the hand-written `runtime::Client` (or on
//! `runtime::TestHelpers` for Stripe's test helpers), returning a `Request` typed with
//! the operation's response.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::ty::{ident, named, ty};
use crate::ir::{Body, Field, Ir, Method, Namespace, Operation, Ty, TypeId, TypeKind};

/// The impl blocks with the methods of the given operations, one per receiver.
pub fn render_methods(ir: &Ir, operations: &[&Operation]) -> TokenStream {
    let on = |namespace: Namespace| {
        let methods: Vec<TokenStream> = operations
            .iter()
            .filter(|op| op.namespace == namespace)
            .map(|op| render_method(ir, op))
            .collect();
        if methods.is_empty() {
            return TokenStream::new();
        }
        match namespace {
            Namespace::Client => quote! {
                impl crate::runtime::Client {
                    #(#methods)*
                }
            },
            Namespace::TestHelpers => quote! {
                impl<'c> crate::runtime::TestHelpers<'c> {
                    #(#methods)*
                }
            },
        }
    };
    let client = on(Namespace::Client);
    let test_helpers = on(Namespace::TestHelpers);
    quote!(#client #test_helpers)
}

/// The method of an operation. When every parameter is optional, the method takes none,
/// and a second one, `…_with`, takes them, as the official libraries make them optional.
fn render_method(ir: &Ir, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let summary = format!("`{} {}`", op.method.as_str(), op.path);
    let docs = op
        .docs
        .as_deref()
        .map_or(summary.clone(), |docs| format!("{docs}\n\n{summary}"));
    let Some(params) = ir.optional_params(op) else {
        return method(ir, op, &name, &docs, op.params);
    };
    let bare = method(ir, op, &name, &docs, None);
    let with = ident(&format!("{}_with", op.name));
    let params_name = &ir.ty(params).name;
    let with_docs = format!(
        "[`{0}`](Self::{0}) with [`{1}`](crate::{1}).\n\n{summary}",
        op.name, params_name
    );
    let with = method(ir, op, &with, &with_docs, Some(params));
    quote!(#bare #with)
}

fn method(
    ir: &Ir,
    op: &Operation,
    name: &Ident,
    docs: &str,
    params: Option<TypeId>,
) -> TokenStream {
    let docs = doc_attrs(Some(docs));
    let http = match op.method {
        Method::Get => quote!(crate::runtime::Method::Get),
        Method::Post => quote!(crate::runtime::Method::Post),
        Method::Delete => quote!(crate::runtime::Method::Delete),
    };
    let path_args = op.path_params.iter().map(|p| {
        let arg = ident(&p.name);
        match &p.ty {
            Ty::Named(id) => {
                let id_ty = named(ir, *id);
                quote!(#arg: &#id_ty)
            }
            _ => quote!(#arg: &str),
        }
    });
    let params_arg = params.map(|id| {
        let params_ty = named(ir, id);
        quote!(params: &#params_ty)
    });
    let args = path_args.chain(params_arg);
    let path = path_expression(op);
    let with_params = params.map(|_| quote!(.params(params).raw_params(&params.raw_params)));
    let files = params.map(|_| files(ir, op)).unwrap_or_default();
    let server = op.server.as_ref().map(|url| quote!(.server(#url)));
    let response = ty(ir, &op.response);
    let (lifetime, client) = match op.namespace {
        Namespace::Client => (quote!('_), quote!(self)),
        Namespace::TestHelpers => (quote!('c), quote!(self.client())),
    };
    let gate = super::gates::cfg(&op.gate);
    quote! {
        #docs
        #gate
        pub fn #name(&self, #(#args),*) -> crate::runtime::Request<#lifetime, #response> {
            crate::runtime::Request::new(#client, #http, #path) #server #with_params #(#files)*
        }
    }
}

/// For a multipart body, the file parts: every top-level binary field of the parameters.
fn files(ir: &Ir, op: &Operation) -> Vec<TokenStream> {
    let (Body::Multipart, Some(params)) = (op.body, op.params) else {
        return Vec::new();
    };
    let def = ir.ty(params);
    let TypeKind::Struct(s) = &def.kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter(|f| f.ty == Ty::Binary)
        .map(|f: &Field| {
            let (wire, field) = (&f.wire_name, ident(&f.name));
            if f.optional(def.usage) {
                quote!(.file_opt(#wire, params.#field.as_ref()))
            } else {
                quote!(.file(#wire, &params.#field))
            }
        })
        .collect()
}

/// The request path: a literal, or the template with each `{parameter}` filled in,
/// percent-encoded, by the runtime.
fn path_expression(op: &Operation) -> TokenStream {
    let template = &op.path;
    if op.path_params.is_empty() {
        return quote!(#template.to_owned());
    }
    let values = op.path_params.iter().map(|p| {
        let arg = ident(&p.name);
        match &p.ty {
            Ty::Named(_) => quote!(#arg.as_str()),
            _ => quote!(#arg),
        }
    });
    quote!(crate::runtime::fill_path(#template, &[#(#values),*]))
}
