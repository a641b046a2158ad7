//! One request through the fake, as Stripe handles it: a scheduled fault, the key, the
//! route, idempotency, the parameters, then the operation on the stored objects.

use serde_json::{json, Map, Value};

use crate::answer::{json_answer, Answer, StripeError};
use crate::events::PendingDelivery;
use crate::generated::{API_VERSION, OPERATIONS};
use crate::http::{HttpAnswer, HttpRequest};
use crate::state::State;
use crate::store::Store;
use crate::table::{Kind, Operation};
use crate::validate::validate;
use crate::{form, objects, rules, Fault};

/// The answer to a request, and the webhook deliveries it caused.
pub fn handle(state: &mut State, request: &HttpRequest) -> (HttpAnswer, Vec<PendingDelivery>) {
    let request_id = format!("req_{}", state.store.random_text(14));
    let fault = state.faults.pop_front();
    let answer = match fault {
        Some(Fault::ServerError) => Ok(StripeError {
            status: 500,
            type_: "api_error",
            code: None,
            message: "An unknown error occurred (a fault scheduled on the fake).".to_owned(),
            param: None,
        }
        .answer()),
        Some(Fault::LockTimeout) => Ok(StripeError {
            status: 429,
            code: Some("lock_timeout"),
            ..StripeError::invalid("This object cannot be accessed right now because another API request or Stripe process is currently accessing it.", None)
        }
        .answer()),
        Some(Fault::DropConnection) => return (HttpAnswer::Drop, Vec::new()),
        Some(Fault::DropResponse) | None => authorized(state, request, &request_id),
    };
    let (answer, deliveries, replayed) = match answer {
        Ok(answer) => (answer, Vec::new(), None),
        Err(Executed {
            answer,
            deliveries,
            replayed,
        }) => (answer, deliveries, replayed),
    };
    if matches!(fault, Some(Fault::DropResponse)) {
        return (HttpAnswer::Drop, deliveries);
    }
    let mut headers = vec![
        ("Content-Type".to_owned(), answer.content_type.to_owned()),
        ("Request-Id".to_owned(), request_id),
        ("Stripe-Version".to_owned(), API_VERSION.to_owned()),
    ];
    if let Some(original) = replayed {
        headers.push(("Idempotent-Replayed".to_owned(), "true".to_owned()));
        headers.push(("Original-Request".to_owned(), original));
    }
    let reply = HttpAnswer::Reply {
        status: answer.status,
        headers,
        body: answer.body,
    };
    (reply, deliveries)
}

/// A request that got past the faults: its answer, what it delivers, and the original
/// request's id when it is a replay.
struct Executed {
    answer: Answer,
    deliveries: Vec<PendingDelivery>,
    replayed: Option<String>,
}

fn authorized(
    state: &mut State,
    request: &HttpRequest,
    request_id: &str,
) -> Result<Answer, Executed> {
    if let Err(error) = check_key(state, request) {
        return Ok(error.answer());
    }
    let Some((op, ids)) = route(&request.method, &request.path) else {
        let message = format!(
            "Unrecognized request URL ({}: {}).",
            request.method, request.path
        );
        return Ok(StripeError {
            status: 404,
            ..StripeError::invalid(message, None)
        }
        .answer());
    };
    let multipart = request
        .header("content-type")
        .is_some_and(|t| t.starts_with("multipart/"));
    let text = match request.method.as_str() {
        "POST" if !multipart => String::from_utf8_lossy(&request.body).into_owned(),
        "POST" => String::new(),
        _ => request.query.clone(),
    };
    let fingerprint = format!("{} {} {text}", request.method, request.path);
    let key = request
        .header("idempotency-key")
        .filter(|_| request.method == "POST");
    if key.is_some_and(|k| k.chars().count() > rules::IDEMPOTENCY_KEY_LENGTH) {
        let message = format!(
            "Idempotency keys can be up to {} characters long.",
            rules::IDEMPOTENCY_KEY_LENGTH
        );
        return Ok(StripeError::invalid(message, None).answer());
    }
    if let Some((saved, answer, original)) = key.and_then(|k| state.idempotent.get(k)) {
        if *saved != fingerprint {
            let message = format!("Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{}' if you meant to execute a different request.", key.unwrap_or_default());
            return Ok(StripeError {
                type_: "idempotency_error",
                ..StripeError::invalid(message, None)
            }
            .answer());
        }
        let (answer, original) = (answer.clone(), Some(original.clone()));
        return Err(Executed {
            answer,
            deliveries: Vec::new(),
            replayed: original,
        });
    }
    let form = match form::parse(&text) {
        Ok(form) => form,
        Err(message) => return Ok(StripeError::invalid(message, None).answer()),
    };
    let params = match validate(op.params, &form, &state.relaxed) {
        Ok(params) => params,
        Err(refused) => {
            return Ok(StripeError::invalid(refused.message, Some(&refused.param)).answer())
        }
    };
    state.request = Some((request_id.to_owned(), key.map(str::to_owned)));
    state.store.begin();
    let executed = execute(state, op, &ids, &params);
    state.request = None;
    let mut deliveries = std::mem::take(&mut state.outbox);
    match &executed {
        // Stripe checks a request before it acts: one it refuses made nothing (no
        // `product_data` product, no events). A declined card is the outcome of acting,
        // and what it made (the failed charge, its events) stays.
        Err(error) if error.type_ != "card_error" => {
            state.store.undo();
            deliveries.clear();
        }
        _ => state.store.keep(),
    }
    let answer = match executed {
        Ok(value) if op.kind == Kind::File => Answer {
            status: 200,
            body: value.as_str().unwrap_or_default().as_bytes().to_vec(),
            content_type: "application/pdf",
        },
        Ok(value) => {
            let expand = strings(params.get("expand"));
            json_answer(200, &state.store.expanded(value, &expand))
        }
        Err(error) => error.answer(),
    };
    if let Some(key) = key {
        let saved = (fingerprint, answer.clone(), request_id.to_owned());
        state.idempotent.insert(key.to_owned(), saved);
    }
    Err(Executed {
        answer,
        deliveries,
        replayed: None,
    })
}

fn check_key(state: &State, request: &HttpRequest) -> Result<(), StripeError> {
    let unauthorized = |message: String| StripeError {
        status: 401,
        ..StripeError::invalid(message, None)
    };
    let Some(given) = request.header("authorization").and_then(credentials) else {
        return Err(unauthorized("You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').".to_owned()));
    };
    if given.trim() != state.key {
        let shown: String = given
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(unauthorized(format!(
            "Invalid API Key provided: sk_test_****{shown}"
        )));
    }
    Ok(())
}

/// The key in an `Authorization` header: `Bearer KEY`, or `Basic` with the key as the
/// user name (`curl -u sk_test_...:`, as Stripe's own docs show); schemes are
/// case-insensitive.
fn credentials(header: &str) -> Option<String> {
    let (scheme, rest) = header.trim().split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(rest.to_owned());
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(rest)?).ok()?;
    let (user, _password) = decoded.split_once(':').unwrap_or((&decoded, ""));
    Some(user.to_owned())
}

/// Standard base64, padding optional; `None` on any other character.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// The operation a method and path name, with the path's ids; literal segments win over
/// ids (`/v1/customers/search` is not a customer).
fn route(method: &str, path: &str) -> Option<(&'static Operation, Vec<(String, String)>)> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    OPERATIONS
        .iter()
        .filter(|op| op.method == method)
        .filter_map(|op| {
            let template: Vec<&str> = op.path.split('/').collect();
            if template.len() != segments.len() {
                return None;
            }
            let mut ids = Vec::new();
            for (t, s) in template.iter().zip(&segments) {
                match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    Some(name) if !s.is_empty() => ids.push((name.to_owned(), form::decode(s))),
                    Some(_) => return None,
                    None if t != s => return None,
                    None => {}
                }
            }
            Some((op, ids))
        })
        .min_by_key(|(_, ids)| ids.len())
}

/// The strings of a list parameter (`expand`).
pub fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The operation on the stored objects.
fn execute(
    state: &mut State,
    op: &Operation,
    ids: &[(String, String)],
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let object = op.object.unwrap_or("object");
    let found = |state: &State| -> Result<Value, StripeError> {
        let (param, id) = ids
            .last()
            .ok_or_else(|| StripeError::invalid("No id in the path", None))?;
        state
            .store
            .get_of(object, id)
            .cloned()
            .ok_or_else(|| StripeError::missing(object, id, param))
    };
    if op.method == "POST" {
        rules::check_references(state, params)?;
        rules::check_metadata(params, "")?;
    }
    match op.kind {
        Kind::Create => objects::create(state, object, params, ids),
        Kind::Retrieve if ids.is_empty() => Ok(Value::Object(Store::skeleton(object))),
        Kind::Retrieve => found(state).or_else(|missing| {
            let (_, id) = ids.last().ok_or(missing.clone())?;
            match state.store.deleted(id) {
                Some(marker) if marker["object"] == object => Ok(marker.clone()),
                _ => Err(missing),
            }
        }),
        Kind::Update => {
            let current = found(state)?;
            objects::update(state, current, params)
        }
        Kind::Delete => {
            let (param, id) = ids
                .last()
                .ok_or_else(|| StripeError::invalid("No id in the path", None))?;
            objects::delete(state, object, id, param)
        }
        Kind::List => crate::list::list(state, op, ids, params),
        Kind::Search => crate::search::search(state, op, params),
        Kind::Action => {
            let current = found(state)?;
            crate::actions::act(state, op, current, params)
        }
        // The fake stores no documents: every file it serves is the same small PDF.
        Kind::File => Ok(json!("%PDF-1.4\n% a document from the fake Stripe\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::credentials;

    #[test]
    fn keys_come_from_bearer_or_basic_auth() {
        assert_eq!(
            credentials("Bearer sk_test_1").as_deref(),
            Some("sk_test_1")
        );
        assert_eq!(
            credentials("bearer sk_test_1").as_deref(),
            Some("sk_test_1")
        );
        // `curl -u sk_test_123:`
        assert_eq!(
            credentials("Basic c2tfdGVzdF8xMjM6").as_deref(),
            Some("sk_test_123")
        );
        assert_eq!(
            credentials("basic c2tfdGVzdF8xMjM=").as_deref(),
            Some("sk_test_123")
        );
        assert_eq!(credentials("Basic not*base64"), None);
        assert_eq!(credentials("Digest x"), None);
        assert_eq!(credentials("sk_test_1"), None);
    }
}
