//! `#[cfg(feature = ..)]` for what the IR gates behind cargo features.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ir::Gate;

/// The attribute that compiles an item only when its gate is open; nothing for `Always`.
pub fn cfg(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Any(features) => {
            let mut features = features.iter();
            match (features.next(), features.len()) {
                (Some(only), 0) => quote!(#[cfg(feature = #only)]),
                (first, _) => {
                    let all = first.into_iter().chain(features);
                    quote!(#[cfg(any(#(feature = #all),*))])
                }
            }
        }
    }
}

/// Every top-level item of `tokens` (a type's definition and its impls) behind `gate`.
pub fn gate_items(tokens: TokenStream, gate: &Gate) -> TokenStream {
    if *gate == Gate::Always {
        return tokens;
    }
    let attribute = cfg(gate);
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file
            .items
            .iter()
            .map(|item| quote!(#attribute #item))
            .collect(),
        // Renderers write whole items; a fragment that does not parse is printed as it
        // is, and the printer reports it with its file.
        Err(_) => tokens,
    }
    .into_token_stream()
}
