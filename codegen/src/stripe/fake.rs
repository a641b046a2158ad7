//! What the fake Stripe needs to know that the spec does not say: the prefix of each
//! object's ids, and what an operation does to the stored objects, read off its method
//! and path the way Stripe's REST conventions lay them out.

/// Id prefixes Stripe uses in test mode, by `object` value. Objects not listed get the
/// initials of their name's words (`shipping_rate` → `sr`).
const ID_PREFIXES: &[(&str, &str)] = &[
    ("bank_account", "ba"),
    ("card", "card"),
    ("charge", "ch"),
    ("checkout.session", "cs_test"),
    ("coupon", "co"),
    ("customer", "cus"),
    ("discount", "di"),
    ("event", "evt"),
    ("file", "file"),
    ("file_link", "link"),
    ("invoice", "in"),
    ("invoiceitem", "ii"),
    ("item", "li"),
    ("line_item", "il"),
    ("payment_intent", "pi"),
    ("payment_method", "pm"),
    ("price", "price"),
    ("product", "prod"),
    ("promotion_code", "promo"),
    ("quote", "qt"),
    ("refund", "re"),
    ("setup_intent", "seti"),
    ("shipping_rate", "shr"),
    ("source", "src"),
    ("subscription", "sub"),
    ("subscription_item", "si"),
    ("tax_id", "txi"),
    ("tax_rate", "txr"),
    ("webhook_endpoint", "we"),
];

/// The prefix of ids of objects with this `object` value.
pub fn id_prefix(object: &str) -> String {
    if let Some((_, prefix)) = ID_PREFIXES.iter().find(|(name, _)| *name == object) {
        return (*prefix).to_owned();
    }
    object
        .split(['.', '_'])
        .filter_map(|word| word.chars().next())
        .collect()
}

/// What an operation does, for the fake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// `POST /v1/things` (or nested under a parent): stores a new object.
    Create,
    /// `GET /v1/things/{id}`, or a singleton such as `GET /v1/balance`.
    Retrieve,
    /// `POST /v1/things/{id}`: changes a stored object.
    Update,
    /// `DELETE /v1/things/{id}`.
    Delete,
    /// A list, top level or nested (`GET /v1/checkout/sessions/{session}/line_items`).
    List,
    /// `GET /v1/things/search`.
    Search,
    /// `POST /v1/things/{id}/verb`: acts on a stored object and returns it.
    Action,
    /// An answer that is not JSON (a quote's PDF).
    File,
}

/// The shape of an operation's answer, as far as the kind cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// One object, with the `object` value of the given kind of stored object, if the
    /// answer is the object an id in the path names.
    Object {
        /// Whether the answer is the object of the path's last id.
        same_as_path: bool,
    },
    /// A list page.
    List,
    /// A search page.
    Search,
    /// Bytes.
    Binary,
}

/// The kind of an operation from its method, its path and its answer.
pub fn operation_kind(method: &str, path: &str, answer: Answer) -> OperationKind {
    let ends_with_id = path.ends_with('}');
    let has_ids = path.contains('{');
    match (answer, method) {
        (Answer::Binary, _) => OperationKind::File,
        (Answer::List, _) => OperationKind::List,
        (Answer::Search, _) => OperationKind::Search,
        (_, "DELETE") => OperationKind::Delete,
        (_, "GET") => OperationKind::Retrieve,
        (_, _) if ends_with_id => OperationKind::Update,
        (Answer::Object { same_as_path: true }, _) if has_ids => OperationKind::Action,
        _ => OperationKind::Create,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_rest_layout() {
        let object = Answer::Object {
            same_as_path: false,
        };
        let same = Answer::Object { same_as_path: true };
        let cases = [
            (
                "POST",
                "/v1/checkout/sessions",
                object,
                OperationKind::Create,
            ),
            (
                "GET",
                "/v1/customers/{customer}",
                same,
                OperationKind::Retrieve,
            ),
            (
                "POST",
                "/v1/customers/{customer}",
                same,
                OperationKind::Update,
            ),
            (
                "DELETE",
                "/v1/customers/{customer}",
                object,
                OperationKind::Delete,
            ),
            (
                "GET",
                "/v1/checkout/sessions/{session}/line_items",
                Answer::List,
                OperationKind::List,
            ),
            (
                "POST",
                "/v1/checkout/sessions/{session}/expire",
                same,
                OperationKind::Action,
            ),
            (
                "POST",
                "/v1/customers/{customer}/tax_ids",
                object,
                OperationKind::Create,
            ),
            (
                "GET",
                "/v1/customers/search",
                Answer::Search,
                OperationKind::Search,
            ),
            (
                "GET",
                "/v1/quotes/{quote}/pdf",
                Answer::Binary,
                OperationKind::File,
            ),
        ];
        for (method, path, answer, kind) in cases {
            assert_eq!(
                operation_kind(method, path, answer),
                kind,
                "{method} {path}"
            );
        }
    }

    #[test]
    fn unlisted_objects_get_their_initials() {
        assert_eq!(id_prefix("checkout.session"), "cs_test");
        assert_eq!(id_prefix("terminal.reader"), "tr");
        assert_eq!(id_prefix("apple_pay_domain"), "apd");
    }
}
