//! Client methods: one per operation, on the hand-written `runtime::Client`, returning a
//! `Request` typed with the operation's response.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ty::{ident, named, ty};
use crate::ir::{Ir, Method, Operation, Ty};

/// `impl crate::runtime::Client { ... }` with the methods of the given operations.
pub fn render_methods(ir: &Ir, operations: &[&Operation]) -> TokenStream {
    if operations.is_empty() {
        return TokenStream::new();
    }
    let methods = operations.iter().map(|op| render_method(ir, op));
    quote! {
        impl crate::runtime::Client {
            #(#methods)*
        }
    }
}

fn render_method(ir: &Ir, op: &Operation) -> TokenStream {
    let name = ident(&op.client_fn);
    let method_name = match op.method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Other => "OTHER",
    };
    let summary = format!("`{method_name} {}`", op.path);
    let docs = doc_attrs(Some(&match &op.docs {
        Some(docs) => format!("{docs}\n\n{summary}"),
        None => summary,
    }));
    let method = match op.method {
        Method::Post => quote!(crate::runtime::Method::Post),
        Method::Delete => quote!(crate::runtime::Method::Delete),
        Method::Get | Method::Other => quote!(crate::runtime::Method::Get),
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
    let params_arg = op.params.map(|id| {
        let params_ty = named(ir, id);
        quote!(params: &#params_ty)
    });
    let args = path_args.chain(params_arg);
    let path = path_expression(op);
    let with_params = op.params.map(|_| quote!(.params(params)));
    let response = ty(ir, &op.response);
    quote! {
        #docs
        pub fn #name(&self, #(#args),*) -> crate::runtime::Request<'_, #response> {
            crate::runtime::Request::new(self, #method, #path) #with_params
        }
    }
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
        quote!(#arg.as_ref())
    });
    quote!(crate::runtime::fill_path(#template, &[#(#values),*]))
}
