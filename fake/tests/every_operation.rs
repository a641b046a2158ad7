//! Every operation of the table, whatever the spec and the selection: parameters made
//! from the spec's own shapes pass the fake's checks, every route answers, and every
//! object the fake creates decodes with the crate's types. The update rehearsal runs
//! this against each spec in the shared folder.

use serde_json::{json, Map, Value};
use stripe_fake::table::{Kind, Param, Shape};
use stripe_fake::{FakeStripe, OPERATIONS};

/// A value of a shape: the first of an enum, one item of a list, the required fields of
/// an object.
fn sample(shape: &Shape, depth: usize) -> Option<Value> {
    Some(match shape {
        Shape::String | Shape::Text(_) | Shape::Any => json!("x"),
        Shape::Integer => json!(1),
        Shape::Number | Shape::Decimal => json!("1.5"),
        Shape::Bool => json!(true),
        Shape::File => return None,
        Shape::Enum(values) => json!(values.first()?),
        Shape::Const(value) => json!(value),
        Shape::Object(fields) if depth < 6 => Value::Object(object(fields, depth + 1)?),
        Shape::Object(_) => return None,
        Shape::Array(item) => json!([sample(item, depth + 1)?]),
        Shape::Map(value) => json!({ "k": sample(value, depth + 1)? }),
        Shape::Clearable(inner) | Shape::Range(inner) => sample(inner, depth)?,
        Shape::AnyOf(shapes) => shapes.iter().find_map(|s| sample(s, depth))?,
    })
}

fn required(params: &[Param], depth: usize) -> Option<Map<String, Value>> {
    params
        .iter()
        .filter(|p| p.required)
        .map(|p| Some((p.name.to_owned(), sample(&p.shape, depth)?)))
        .collect()
}

/// A nested object's required fields, or if it has none its first field that has a
/// sample: an empty object cannot be sent in a form.
fn object(fields: &[Param], depth: usize) -> Option<Map<String, Value>> {
    let required = required(fields, depth)?;
    if !required.is_empty() {
        return Some(required);
    }
    let (name, value) = fields
        .iter()
        .find_map(|p| Some((p.name, sample(&p.shape, depth)?)))?;
    Some(Map::from_iter([(name.to_owned(), value)]))
}

/// Stripe's bracket form of a parameter tree.
fn encode(prefix: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}[{k}]")
            };
            encode(&key, v, out);
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| encode(&format!("{prefix}[{i}]"), v, out)),
        Value::String(s) => out.push(format!("{prefix}={}", stripe_api::runtime::encode(s))),
        other => out.push(format!("{prefix}={other}")),
    }
}

async fn send(url: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (target, body) = match method {
        "POST" => (path.to_owned(), body),
        _ if body.is_empty() => (path.to_owned(), ""),
        _ => (format!("{path}?{body}"), ""),
    };
    let request = format!(
        "{method} {target} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\
         authorization: Bearer {}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: {}\r\n\r\n{body}",
        stripe_fake::DEFAULT_SECRET_KEY,
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// Refusals that would mean the table and the checks disagree with each other.
fn is_a_check_failure(body: &str) -> bool {
    [
        "Received unknown parameter",
        "Missing required param",
        "Invalid ",
        "Unrecognized request URL",
    ]
    .iter()
    .any(|refusal| body.contains(refusal))
}

#[tokio::test]
async fn every_operation_answers_and_what_it_creates_decodes() {
    let stripe = FakeStripe::start().await;
    let mut created = 0;
    for op in OPERATIONS {
        let Some(mut params) = required(op.params, 0) else {
            continue; // a file upload: multipart, not form parameters
        };
        if op.kind == Kind::Search {
            // Stripe's query language refuses a bare word such as the sample's `x`.
            params.insert("query".to_owned(), json!("created>0"));
        }
        let mut pairs = Vec::new();
        encode("", &Value::Object(params), &mut pairs);
        let path = op
            .path
            .split('/')
            .map(|s| if s.starts_with('{') { "x_1" } else { s });
        let path: Vec<&str> = path.collect();
        let (status, body) = send(stripe.url(), op.method, &path.join("/"), &pairs.join("&")).await;
        let what = format!("{} {} -> {status} {body}", op.method, op.path);
        assert!(status != 0 && status < 500, "{what}");
        assert!(!is_a_check_failure(&body), "{what}");
        if op.kind == Kind::Create && status == 200 && op.path.matches('{').count() == 0 {
            let object: stripe_api::EventObject =
                stripe_api::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(!format!("{object:?}").starts_with("Unknown"), "{what}");
            created += 1;
        }
    }
    assert!(created > 0 || OPERATIONS.iter().all(|op| op.kind != Kind::Create));
}
