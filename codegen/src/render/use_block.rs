//! Short paths for reading: the renderers write every path in full (`::std::option::Option`,
//! `crate::api::Price`, `crate::runtime::Expandable`), which is correct anywhere; this pass
//! rewrites one file's paths to the short names a person would write and puts the `use`
//! block that makes them resolve at the top. Because the block lists exactly the paths
//! that were shortened, it never holds an unused import.
//!
//! A short name that could mean two things in the file keeps its full path: a std or
//! runtime type named like a spec type, or a spec type defined in the file itself (which
//! needs no import at all).

use std::collections::BTreeSet;

use proc_macro2::{Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// Types the Rust prelude already names.
const PRELUDE: &[&str] = &["Box", "Option", "Result", "String", "Vec"];

/// Words after which a `::` starts a path rather than continuing one.
const KEYWORDS: &[&str] = &[
    "as", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "move", "mut", "pub",
    "ref", "return", "static", "type", "unsafe", "use", "where", "while",
];

/// Crates whose paths lose only their leading `::` (`serde::Serialize`): an import of them
/// could be used only under `#[cfg(feature = "serialize")]`.
const CRATES: &[&str] = &["serde", "serde_json"];

/// What the names of one file may collide with.
pub struct Scope<'a> {
    /// Every spec type's name (the crate root re-exports them all).
    pub spec_names: &'a BTreeSet<String>,
    /// Whether some items are gated behind features: a build with some of them off may
    /// then leave an import unused.
    pub gated: bool,
    /// Names the file itself defines: its types and child modules.
    pub local: BTreeSet<String>,
}

/// The file's tokens with short paths, after its inner attributes and the `use` block
/// they need.
pub fn shorten(tokens: TokenStream, scope: &Scope<'_>) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let inner = inner_attributes(&trees);
    let mut imports = Imports::default();
    let body = rewrite(
        trees[inner..].iter().cloned().collect(),
        scope,
        &mut imports,
    );
    let mut attributes: TokenStream = trees[..inner].iter().cloned().collect();
    if scope.gated && !imports.is_empty() {
        attributes.extend(quote!(#![allow(unused_imports)]));
    }
    let uses = imports.render(scope);
    quote!(#attributes #uses #body)
}

/// How many token trees the leading `#![...]` attributes (and `//!` docs) span.
fn inner_attributes(trees: &[TokenTree]) -> usize {
    let mut end = 0;
    while let [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(group), ..] =
        &trees[end..]
    {
        let is_inner = hash.as_char() == '#' && bang.as_char() == '!';
        if !is_inner || group.delimiter() != proc_macro2::Delimiter::Bracket {
            break;
        }
        end += 3;
    }
    end
}

#[derive(Default)]
struct Imports {
    std: BTreeSet<Vec<String>>,
    api: BTreeSet<String>,
    runtime: BTreeSet<String>,
    runtime_module: bool,
}

impl Imports {
    fn is_empty(&self) -> bool {
        self.std.is_empty()
            && self.api.is_empty()
            && self.runtime.is_empty()
            && !self.runtime_module
    }

    fn render(&self, scope: &Scope<'_>) -> TokenStream {
        let std = self.std.iter().map(|path| {
            let segments = path.iter().map(|s| ident(s));
            quote!(use #(#segments)::*;)
        });
        // With features, one glob: a name some features leave out is then simply not
        // there, and a file changes only with what it uses, not with when other files'
        // types are compiled.
        let api = if self.api.is_empty() {
            None
        } else if scope.gated {
            Some(quote!(
                use crate::api::*;
            ))
        } else {
            let names = braced(self.api.iter().map(|s| ident(s)).collect());
            Some(quote!(use crate::api::#names;))
        };
        let mut runtime: Vec<Ident> = self.runtime.iter().map(|s| ident(s)).collect();
        if self.runtime_module {
            runtime.insert(0, Ident::new("self", Span::call_site()));
        }
        let runtime = match runtime.as_slice() {
            [] => None,
            [only] if only == "self" => Some(quote!(
                use crate::runtime;
            )),
            _ => {
                let list = braced(runtime);
                Some(quote!(use crate::runtime::#list;))
            }
        };
        quote!(#(#std)* #api #runtime)
    }
}

/// `Name` alone, or `{A, B}`.
fn braced(names: Vec<Ident>) -> TokenStream {
    match names.as_slice() {
        [one] => quote!(#one),
        _ => quote!({#(#names),*}),
    }
}

fn rewrite(tokens: TokenStream, scope: &Scope<'_>, imports: &mut Imports) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let Some((leading, segments, len)) = path_at(&trees, i, &out) {
            let (leading, kept) = short_form(leading, &segments, scope, imports);
            if leading {
                out.extend(colons());
            }
            for (n, segment) in kept.iter().enumerate() {
                if n > 0 {
                    out.extend(colons());
                }
                out.push(TokenTree::Ident(segment.clone()));
            }
            i += len;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(group) => {
                let inner = rewrite(group.stream(), scope, imports);
                let mut rebuilt = Group::new(group.delimiter(), inner);
                rebuilt.set_span(group.span());
                TokenTree::Group(rebuilt)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// A path that starts at `i` (`::std::…` or `crate::…`): whether it has a leading `::`,
/// its segments, and how many token trees it spans. A `::` right after a name or a `>`
/// continues an earlier path (`Self::None`, `Vec::<u8>::new`) and starts none; after a
/// keyword (`&mut ::std::…`) or an arrow (`-> ::std::…`) it starts one.
fn path_at(
    trees: &[TokenTree],
    i: usize,
    before: &[TokenTree],
) -> Option<(bool, Vec<Ident>, usize)> {
    let leading = is_colons(trees, i);
    let continues = match before {
        [.., TokenTree::Punct(dash), TokenTree::Punct(arrow)]
            if dash.as_char() == '-' && arrow.as_char() == '>' =>
        {
            false
        }
        [.., TokenTree::Ident(name)] => !KEYWORDS.contains(&name.to_string().as_str()),
        [.., TokenTree::Punct(p)] => p.as_char() == '>',
        _ => false,
    };
    if leading && continues {
        return None;
    }
    let mut j = if leading { i + 2 } else { i };
    let first = match trees.get(j) {
        Some(TokenTree::Ident(first)) => first.clone(),
        _ => return None,
    };
    if !leading && first != "crate" {
        return None;
    }
    let mut segments = vec![first];
    j += 1;
    while is_colons(trees, j) {
        match trees.get(j + 2) {
            Some(TokenTree::Ident(next)) => segments.push(next.clone()),
            _ => break,
        }
        j += 3;
    }
    (segments.len() > 1).then_some((leading, segments, j - i))
}

fn is_colons(trees: &[TokenTree], i: usize) -> bool {
    let colon = |t: Option<&TokenTree>, spacing: Spacing| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == spacing);
    colon(trees.get(i), Spacing::Joint) && colon(trees.get(i + 1), Spacing::Alone)
}

fn colons() -> [TokenTree; 2] {
    [
        TokenTree::Punct(Punct::new(':', Spacing::Joint)),
        TokenTree::Punct(Punct::new(':', Spacing::Alone)),
    ]
}

/// The shortest unambiguous form of a path, recording the import it needs.
fn short_form(
    leading: bool,
    segments: &[Ident],
    scope: &Scope<'_>,
    imports: &mut Imports,
) -> (bool, Vec<Ident>) {
    let names: Vec<String> = segments.iter().map(Ident::to_string).collect();
    let taken = |name: &str| scope.spec_names.contains(name) || scope.local.contains(name);
    let full = (leading, segments.to_vec());
    match (leading, names[0].as_str()) {
        (true, "std") => {
            let Some(k) = names.iter().position(|n| is_type(n)) else {
                return full;
            };
            if taken(&names[k]) {
                return full;
            }
            if !PRELUDE.contains(&names[k].as_str()) {
                imports.std.insert(names[..=k].to_vec());
            }
            (false, segments[k..].to_vec())
        }
        (true, name) if CRATES.contains(&name) => (false, segments.to_vec()),
        (false, "crate") if names.len() > 2 && names[1] == "api" => {
            if !scope.local.contains(&names[2]) {
                imports.api.insert(names[2].clone());
            }
            (false, segments[2..].to_vec())
        }
        (false, "crate") if names.len() > 2 && names[1] == "runtime" => {
            if !is_type(&names[2]) {
                if taken("runtime") {
                    return full;
                }
                imports.runtime_module = true;
                return (false, segments[1..].to_vec());
            }
            if taken(&names[2]) {
                return full;
            }
            imports.runtime.insert(names[2].clone());
            (false, segments[2..].to_vec())
        }
        _ => full,
    }
}

fn is_type(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortened(tokens: TokenStream, spec: &[&str], local: &[&str]) -> String {
        let spec_names = spec.iter().map(|s| s.to_string()).collect();
        let scope = Scope {
            spec_names: &spec_names,
            gated: false,
            local: local.iter().map(|s| s.to_string()).collect(),
        };
        shorten(tokens, &scope).to_string()
    }

    #[test]
    fn paths_become_names_with_exactly_the_imports_they_need() {
        let tokens = quote! {
            pub struct Session {
                pub price: ::std::option::Option<crate::api::Price>,
                pub meta: ::std::collections::BTreeMap<::std::string::String, crate::api::Session>,
                pub at: crate::runtime::Timestamp,
            }
            fn f(r: &mut crate::runtime::json::Reader<'_>) -> ::std::result::Result<(), ()> { crate::runtime::read(r, Self::None, ::serde::Serialize) }
        };
        let out = shortened(tokens, &["Price", "Session"], &["Session"]);
        let expected = quote! {
            use std::collections::BTreeMap;
            use crate::api::Price;
            use crate::runtime::{self, Timestamp};
            pub struct Session {
                pub price: Option<Price>,
                pub meta: BTreeMap<String, Session>,
                pub at: Timestamp,
            }
            fn f(r: &mut runtime::json::Reader<'_>) -> Result<(), ()> { runtime::read(r, Self::None, serde::Serialize) }
        };
        assert_eq!(out, expected.to_string());
    }

    #[test]
    fn a_name_a_spec_type_also_has_keeps_its_full_path() {
        let tokens = quote! {
            pub struct A {
                pub x: ::std::option::Option<crate::runtime::Timestamp>,
                pub y: crate::api::Option,
            }
        };
        let out = shortened(tokens, &["Option", "Timestamp", "A"], &["A"]);
        let expected = quote! {
            use crate::api::Option;
            pub struct A {
                pub x: ::std::option::Option<crate::runtime::Timestamp>,
                pub y: Option,
            }
        };
        assert_eq!(out, expected.to_string());
    }

    #[test]
    fn the_use_block_follows_inner_attributes() {
        let tokens = quote! {
            //! Docs.
            fn f() -> crate::runtime::Timestamp {}
        };
        let expected = quote! {
            //! Docs.
            use crate::runtime::Timestamp;
            fn f() -> Timestamp {}
        };
        assert_eq!(shortened(tokens, &[], &[]), expected.to_string());
    }

    #[test]
    fn paths_that_continue_another_path_are_left_alone() {
        let tokens = quote!(Vec::<u8>::new(); Self::None; T::std::x);
        assert_eq!(shortened(tokens.clone(), &[], &[]), tokens.to_string());
    }
}
