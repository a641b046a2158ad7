//! What an operation does (create, retrieve, update, delete, list, search, action,
//! file), read off its method, its path and its answer the way Stripe's REST layout
//! places them. Computed once per operation and recorded on the IR; the naming rules,
//! the client and the fake read it from there.

pub use crate::ir::OperationKind;

/// The shape of an operation's answer, as far as the kind cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// One object.
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

/// The kind of an operation from its method (lower case), its path and its answer.
pub fn operation_kind(method: &str, path: &str, answer: Answer) -> OperationKind {
    let ends_with_id = path.ends_with('}');
    let has_ids = path.contains('{');
    match (answer, method) {
        (Answer::Binary, _) => OperationKind::File,
        (Answer::List, _) => OperationKind::List,
        (Answer::Search, _) => OperationKind::Search,
        (_, "delete") => OperationKind::Delete,
        (_, "get") => OperationKind::Retrieve,
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
                "post",
                "/v1/checkout/sessions",
                object,
                OperationKind::Create,
            ),
            (
                "get",
                "/v1/customers/{customer}",
                same,
                OperationKind::Retrieve,
            ),
            (
                "post",
                "/v1/customers/{customer}",
                same,
                OperationKind::Update,
            ),
            (
                "delete",
                "/v1/customers/{customer}",
                object,
                OperationKind::Delete,
            ),
            (
                "get",
                "/v1/checkout/sessions/{session}/line_items",
                Answer::List,
                OperationKind::List,
            ),
            (
                "post",
                "/v1/checkout/sessions/{session}/expire",
                same,
                OperationKind::Action,
            ),
            (
                "post",
                "/v1/customers/{customer}/tax_ids",
                object,
                OperationKind::Create,
            ),
            (
                "get",
                "/v1/customers/search",
                Answer::Search,
                OperationKind::Search,
            ),
            (
                "get",
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
}
