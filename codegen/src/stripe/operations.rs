//! How Stripe's REST paths name operations, the way Stripe's own SDKs read them:
//! resource first, verb from the method and the path's shape.
//!
//! A name depends only on the operation itself (its method, its path and the object its
//! response returns), never on which other operations are selected, so adding an
//! operation to the selection cannot rename another.
//!
//! - `GET /v1/checkout/sessions` → `list_checkout_sessions`; `POST` → `create_checkout_session`
//! - `GET|POST|DELETE /v1/customers/{customer}` → `retrieve_|update_|delete_customer`
//! - `POST /v1/checkout/sessions/{session}/expire` → `expire_checkout_session`
//! - `GET /v1/checkout/sessions/{session}/line_items` → `list_checkout_session_line_items`
//! - `GET /v1/charges/{charge}/refunds/{refund}` → `retrieve_charge_refund`
//! - `GET|POST /v1/charges/{charge}/dispute` (a single nested object) →
//!   `retrieve_|update_charge_dispute`
//! - `GET /v1/customers/search` → `search_customers`
//! - `/v1/test_helpers/...` → the same rules, in the [`Namespace::TestHelpers`] namespace

use crate::ir::{Namespace, OperationKind};

/// The name of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationName {
    /// Where the method lives.
    pub namespace: Namespace,
    /// The method name, snake case (`list_checkout_session_line_items`).
    pub method: String,
}

/// Operations the rules would misname, with the name Stripe's SDKs give them.
const OVERRIDES: &[(&str, &str, &str)] = &[
    // A plural-looking single object that POST creates rather than updates.
    (
        "post",
        "/v1/customers/{customer}/funding_instructions",
        "create_customer_funding_instructions",
    ),
    // `people` is an alias of `persons` whose singular the rules cannot form.
    (
        "post",
        "/v1/accounts/{account}/people",
        "create_account_people",
    ),
    // Deleting a subscription cancels it (it stays, `status: canceled`): every official
    // library calls this `cancel`.
    (
        "delete",
        "/v1/subscriptions/{subscription_exposed_id}",
        "cancel_subscription",
    ),
];

/// Path prefixes that name a resource differently: `/v1/account` is the account of the
/// API key, not an item of `/v1/accounts`.
const ALIASES: &[(&str, &str)] = &[("account", "current_account")];

const TEST_HELPERS: &str = "test_helpers";
const CRUD_VERBS: [&str; 5] = ["create", "list", "retrieve", "update", "delete"];

/// Names an operation from its method (lower case), its path, what it does and the
/// schema name of the object its response returns (the list item for lists). Of the
/// kind, the names read only whether the answer is a list or search page. `None` for a
/// path without literal segments after the version.
pub fn operation_name(
    method: &str,
    path: &str,
    kind: OperationKind,
    object: Option<&str>,
) -> Option<OperationName> {
    let mut segments: Vec<&str> = path
        .trim_start_matches('/')
        .split('/')
        .skip(1)
        .filter(|s| !s.is_empty())
        .collect();
    let namespace = if segments.first() == Some(&TEST_HELPERS) && segments.len() > 1 {
        segments.remove(0);
        Namespace::TestHelpers
    } else {
        Namespace::Client
    };
    if let Some((_, _, name)) = OVERRIDES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
    {
        return Some(OperationName {
            namespace,
            method: (*name).to_owned(),
        });
    }
    let object = object.map(|o| super::base_resource(o).replace('.', "_"));
    let mut parsed = Parsed::of(&segments, object.as_deref())?;
    if let Some((from, alias)) = ALIASES.iter().find(|(from, _)| segments[0] == *from) {
        parsed.nouns[0] = parsed.nouns[0].replacen(from, alias, 1);
        if parsed.nouns.len() == 1 {
            parsed.plural = parsed.plural.replacen(from, alias, 1);
        }
    }
    Some(OperationName {
        namespace,
        method: parsed.name(method, kind, object.as_deref()),
    })
}

/// A path read as nouns (the resource and any nested resources), what follows the last
/// one, and whether it ends on an id.
struct Parsed<'p> {
    /// Singular nouns: `["customer", "bank_account"]`.
    nouns: Vec<String>,
    /// The last noun as the path writes it (`checkout_sessions`), for list names.
    plural: String,
    /// Literal segments after the last noun (`["expire"]`, `["dispute", "close"]`).
    tail: Vec<&'p str>,
    /// Whether the path has an id parameter.
    has_id: bool,
    /// Whether the resource is a single object without an id (`/v1/balance`).
    singleton: bool,
}

impl<'p> Parsed<'p> {
    fn of(segments: &[&'p str], object: Option<&str>) -> Option<Self> {
        let first_param = segments
            .iter()
            .position(|s| s.starts_with('{'))
            .unwrap_or(segments.len());
        let head = &segments[..first_param];
        if head.is_empty() {
            return None;
        }
        if first_param == segments.len() {
            return Some(Self::without_id(head, object));
        }
        let mut nouns = vec![noun(head, true)];
        let mut run: Vec<&str> = Vec::new();
        let mut plural = head.join("_");
        for segment in &segments[first_param + 1..] {
            if segment.starts_with('{') {
                plural = run.join("_");
                nouns.push(singular(&plural));
                run.clear();
            } else {
                run.push(segment);
            }
        }
        Some(Parsed {
            nouns,
            plural,
            tail: run,
            has_id: true,
            singleton: false,
        })
    }

    /// A path without parameters: the longest prefix that names the returned object is
    /// the resource, the rest names an action (`/v1/apps/secrets/find`).
    fn without_id(head: &[&'p str], object: Option<&str>) -> Self {
        let matched = (1..=head.len()).rev().find_map(|n| {
            let prefix = &head[..n];
            let object = object?;
            if prefix.join("_") == object {
                Some((n, true))
            } else {
                (noun(prefix, true) == object).then_some((n, false))
            }
        });
        let (split, singleton) = matched.unwrap_or_else(|| {
            let plural_first = head.len() > 1 && singular(head[0]) != head[0];
            (if plural_first { 1 } else { head.len() }, false)
        });
        let resource = &head[..split];
        Parsed {
            nouns: vec![noun(resource, !singleton)],
            plural: resource.join("_"),
            tail: head[split..].to_vec(),
            has_id: false,
            singleton,
        }
    }

    fn subject(&self) -> String {
        self.nouns.join("_")
    }

    /// The subject with its last noun as the path writes it: `checkout_session_line_items`.
    fn plural_subject(&self) -> String {
        let mut words: Vec<&str> = self.nouns[..self.nouns.len() - 1]
            .iter()
            .map(String::as_str)
            .collect();
        words.push(&self.plural);
        words.join("_")
    }

    fn name(&self, method: &str, kind: OperationKind, object: Option<&str>) -> String {
        let subject = self.subject();
        if self.tail.is_empty() {
            return match (method, kind) {
                ("get", OperationKind::List) => format!("list_{}", self.plural_subject()),
                ("get", OperationKind::Search) => format!("search_{}", self.plural_subject()),
                ("get", _) => format!("retrieve_{subject}"),
                ("post", _) if self.has_id || self.singleton => format!("update_{subject}"),
                ("post", _) => format!("create_{subject}"),
                ("delete", _) => format!("delete_{subject}"),
                (other, _) => format!("{other}_{subject}"),
            };
        }
        let tail = self.tail.join("_");
        match (method, kind) {
            ("get", OperationKind::List) => return format!("list_{subject}_{tail}"),
            ("get", OperationKind::Search) => return format!("search_{}", self.plural_subject()),
            ("get", _) if self.has_id => return format!("retrieve_{subject}_{tail}"),
            _ => {}
        }
        let [word] = self.tail.as_slice() else {
            let (last, rest) = self.tail.split_last().unwrap_or((&"", &[]));
            return format!("{last}_{subject}_{}", rest.join("_"));
        };
        let owner = self.nouns.last().map(String::as_str);
        let nested_object = object.is_some_and(|o| o == *word || o.ends_with(&format!("_{word}")));
        if nested_object && self.has_id {
            let verb = match method {
                "get" => "retrieve",
                "post" => "update",
                other => other,
            };
            return format!("{verb}_{subject}_{word}");
        }
        if method == "post" && singular(word) != *word && object != owner {
            return format!("create_{subject}_{}", singular(word));
        }
        match word.split_once('_') {
            Some((verb, rest)) if CRUD_VERBS.contains(&verb) => format!("{verb}_{subject}_{rest}"),
            _ => format!("{word}_{subject}"),
        }
    }
}

/// Path words as one noun, the last one singular if asked: `checkout/sessions` →
/// `checkout_session`.
fn noun(words: &[&str], singular_last: bool) -> String {
    let mut out: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    if let (Some(last), true) = (out.last_mut(), singular_last) {
        *last = singular(last);
    }
    out.join("_")
}

/// English singular of a path word: `sessions` → `session`, `capabilities` →
/// `capability`, `boxes` → `box`; words that do not end in a plural `s` stay.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_owned();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_owned(),
        _ => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(method: &str, path: &str, kind: OperationKind, object: &str) -> String {
        let named = operation_name(method, path, kind, Some(object)).expect("named");
        match named.namespace {
            Namespace::Client => named.method,
            Namespace::TestHelpers => format!("test_helpers.{}", named.method),
        }
    }

    #[test]
    fn resources_collections_and_actions() {
        // Names read only whether the answer is a page; every other answer is one object.
        use OperationKind::{List, Retrieve as Object, Search};
        let session = "checkout.session";
        let cases = [
            (
                "get",
                "/v1/checkout/sessions",
                List,
                session,
                "list_checkout_sessions",
            ),
            (
                "post",
                "/v1/checkout/sessions",
                Object,
                session,
                "create_checkout_session",
            ),
            (
                "get",
                "/v1/checkout/sessions/{session}",
                Object,
                session,
                "retrieve_checkout_session",
            ),
            (
                "post",
                "/v1/checkout/sessions/{session}/expire",
                Object,
                session,
                "expire_checkout_session",
            ),
            (
                "get",
                "/v1/checkout/sessions/{session}/line_items",
                List,
                "item",
                "list_checkout_session_line_items",
            ),
            (
                "delete",
                "/v1/customers/{customer}",
                Object,
                "deleted_customer",
                "delete_customer",
            ),
            (
                "get",
                "/v1/customers/search",
                Search,
                "customer",
                "search_customers",
            ),
            (
                "get",
                "/v1/charges/{charge}/refunds/{refund}",
                Object,
                "refund",
                "retrieve_charge_refund",
            ),
            (
                "post",
                "/v1/charges/{charge}/refunds",
                Object,
                "refund",
                "create_charge_refund",
            ),
            (
                "post",
                "/v1/charges/{charge}/refund",
                Object,
                "charge",
                "refund_charge",
            ),
            (
                "get",
                "/v1/charges/{charge}/dispute",
                Object,
                "dispute",
                "retrieve_charge_dispute",
            ),
            (
                "post",
                "/v1/charges/{charge}/dispute",
                Object,
                "dispute",
                "update_charge_dispute",
            ),
            (
                "post",
                "/v1/charges/{charge}/dispute/close",
                Object,
                "dispute",
                "close_charge_dispute",
            ),
            (
                "post",
                "/v1/payment_intents/{intent}/verify_microdeposits",
                Object,
                "payment_intent",
                "verify_microdeposits_payment_intent",
            ),
            ("get", "/v1/balance", Object, "balance", "retrieve_balance"),
            (
                "post",
                "/v1/tax/settings",
                Object,
                "tax.settings",
                "update_tax_settings",
            ),
            (
                "get",
                "/v1/account",
                Object,
                "account",
                "retrieve_current_account",
            ),
            (
                "get",
                "/v1/apps/secrets/find",
                Object,
                "apps.secret",
                "find_apps_secret",
            ),
            (
                "post",
                "/v1/apps/secrets/delete",
                Object,
                "apps.secret",
                "delete_apps_secret",
            ),
            (
                "post",
                "/v1/tax/transactions/create_reversal",
                Object,
                "tax.transaction",
                "create_tax_transaction_reversal",
            ),
            (
                "get",
                "/v1/invoices/upcoming/lines",
                List,
                "line_item",
                "list_invoice_upcoming_lines",
            ),
            (
                "get",
                "/v1/quotes/{quote}/pdf",
                Object,
                "",
                "retrieve_quote_pdf",
            ),
            (
                "post",
                "/v1/customers/{customer}/funding_instructions",
                Object,
                "funding_instructions",
                "create_customer_funding_instructions",
            ),
            (
                "post",
                "/v1/test_helpers/test_clocks/{test_clock}/advance",
                Object,
                "test_helpers.test_clock",
                "test_helpers.advance_test_clock",
            ),
            (
                "post",
                "/v1/test_helpers/issuing/cards/{card}/shipping/deliver",
                Object,
                "issuing.card",
                "test_helpers.deliver_issuing_card_shipping",
            ),
        ];
        for (method, path, kind, object, expected) in cases {
            assert_eq!(
                name(method, path, kind, object),
                expected,
                "{method} {path}"
            );
        }
    }

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("sessions", "session"),
            ("capabilities", "capability"),
            ("boxes", "box"),
            ("addresses", "address"),
            ("settings", "setting"),
            ("dispute", "dispute"),
            ("class", "class"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
