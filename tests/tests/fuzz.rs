//! The attack kept running: seeded randomized inputs against the JSON reader (compared
//! with serde_json), the union decoder, the webhook signature check, the form encoder,
//! the generator and the fake's HTTP layer (`fuzz/http.rs`). Each runs a few seconds here; `FUZZ_SCALE` runs more, `FUZZ_SEED` others
//! (see `tests/src/fuzz.rs`).

use serde_json::{json, Map, Value};
use stripe_api::runtime::{from_json, FormPairs};
use stripe_api::webhook::{self, Webhook, WebhookError};
use stripe_api::Address;
use tests::fuzz::{cases, report, Rng};

#[path = "fuzz/http.rs"]
mod http;

fn random_string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", " ", "é", "中", "😀", "\"", "\\", "/", "\n", "\t", "\u{0}", "[", "]", "&",
        "=", "%", "+", "?", "#", ".", "-", "_",
    ];
    (0..rng.below(8)).map(|_| *rng.pick(PIECES)).collect()
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 3 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.one_in(2)),
        2 => json!(rng.bits() as i64 >> rng.below(64)),
        3 => json!((rng.below(4001) as f64 - 2000.0) / 4.0),
        4 => json!(random_string(rng)),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| (random_string(rng), random_value(rng, depth + 1)))
                .collect(),
        ),
    }
}

/// Text near JSON: a valid document with a few bytes changed, inserted or removed.
fn mutated_json(rng: &mut Rng) -> String {
    const BYTES: &[u8] = b"{}[]\",:0123456789eE.+-tfnul\\ \n";
    const WORDS: &[&str] = &[
        "1e999", "-1e400", "tru", "nul", "\\ud83d", "01", "1.", "\u{7f}",
    ];
    let mut text = random_value(rng, 0).to_string().into_bytes();
    for _ in 0..rng.below(4) {
        let at = rng.below(text.len() + 1);
        match rng.below(4) {
            0 if at < text.len() => text[at] = *rng.pick(BYTES),
            1 if at < text.len() => drop(text.remove(at)),
            2 => text.splice(at..at, rng.pick(WORDS).bytes()).for_each(drop),
            _ => text.insert(at, *rng.pick(BYTES)),
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

#[test]
fn json_reader_agrees_with_serde_json() {
    let mut rng = Rng::new(1);
    let n = cases(20_000);
    let mut findings = Vec::new();
    for _ in 0..n {
        let text = mutated_json(&mut rng);
        let (ours, theirs) = (
            from_json::<Value>(text.as_bytes()),
            serde_json::from_str::<Value>(&text),
        );
        if ours.as_ref().ok() != theirs.as_ref().ok() {
            findings.push(format!(
                "Value {text:?}: ours {ours:?}, serde_json {theirs:?}"
            ));
        }
        // A typed object with the text as an unknown field: both decode paths agree.
        let address = format!(r#"{{"city":"x","extra":{text}}}"#);
        let (ours, theirs) = (
            from_json::<Address>(address.as_bytes()).is_ok(),
            serde_json::from_str::<Address>(&address).is_ok(),
        );
        if ours != theirs {
            findings.push(format!("Address {address:?}: ours {ours}, serde {theirs}"));
        }
    }
    report("json reader vs serde_json", n * 2, &findings);
}

/// Payment method options of several shapes: whatever the keys, decoding then encoding
/// gives the object back, so no key is ever dropped.
#[test]
fn unions_never_drop_keys() {
    type WechatPay =
        stripe_api::PaymentMethodOptionsWechatPayOrPaymentIntentTypeSpecificPaymentMethodOptionsClient;
    const KEYS: &[&str] = &[
        "app_id",
        "client",
        "setup_future_usage",
        "capture_method",
        "verification_method",
        "installments",
        "added_later",
    ];
    let mut rng = Rng::new(2);
    let n = cases(10_000);
    let mut findings = Vec::new();
    for _ in 0..n {
        let mut object = Map::new();
        for _ in 0..rng.below(KEYS.len() + 1) {
            let value = match rng.below(3) {
                0 => json!(rng.pick(&["android", "ios", "off_session", "manual", "x"])),
                1 => random_value(&mut rng, 2),
                _ => json!(random_string(&mut rng)),
            };
            object.insert(rng.pick(KEYS).to_string(), value);
        }
        let text = Value::Object(object).to_string();
        match from_json::<WechatPay>(text.as_bytes()) {
            Ok(decoded) => {
                let back = without_nulls(serde_json::to_value(&decoded).unwrap());
                let sent = without_nulls(serde_json::from_str(&text).unwrap());
                if back != sent {
                    findings.push(format!("{text} came back as {back}"));
                }
            }
            Err(error) => findings.push(format!("{text}: {error}")),
        }
    }
    report("union decoder", n, &findings);
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// Random `Stripe-Signature` headers: never a panic, and a pass only when a valid
/// signature for the payload is among at most 16 entries and fresh enough.
#[test]
fn signature_headers_never_panic_and_pass_only_when_valid() {
    let mut rng = Rng::new(3);
    let n = cases(20_000);
    let mut findings = Vec::new();
    let payload = br#"{"id":"evt_1"}"#;
    for _ in 0..n {
        let t: i64 = match rng.below(4) {
            0 => i64::MIN,
            1 => i64::MAX,
            2 => rng.bits() as i64,
            _ => 1_700_000_000,
        };
        let valid = webhook::sign(payload, "whsec_fuzz", t);
        let signature = valid.split_once(",v1=").map(|(_, s)| s.to_owned()).unwrap();
        let mut entries = vec![format!("t={t}")];
        let mut v1s = 0;
        let mut has_valid = false;
        for _ in 0..rng.below(24) {
            entries.push(match rng.below(6) {
                0 => {
                    has_valid |= v1s < 16;
                    v1s += 1;
                    format!("v1={signature}")
                }
                1 => {
                    v1s += 1;
                    format!("v1={:x}", rng.bits())
                }
                2 => format!("v0={}", random_string(&mut rng)),
                3 => random_string(&mut rng),
                4 => format!("t={}", rng.bits() as i64),
                _ => "v1=".repeat(rng.below(3)),
            });
        }
        if rng.one_in(3) {
            let at = rng.below(entries.len());
            entries.swap(0, at);
        }
        let header = entries.join(if rng.one_in(5) { ", " } else { "," });
        let now = match rng.below(3) {
            0 => t.saturating_add(rng.below(600) as i64),
            1 => rng.bits() as i64,
            _ => i64::MAX,
        };
        let tolerance = std::time::Duration::from_secs(match rng.below(3) {
            0 => 300,
            1 => rng.bits(),
            _ => 0,
        });
        let hook = Webhook::new("whsec_fuzz").tolerance(tolerance);
        let verdict = std::panic::catch_unwind(|| hook.verify_at(payload, Some(&header), now));
        match verdict {
            Err(_) => findings.push(format!("panic on {header:?} at {now}")),
            Ok(Ok(())) if !has_valid => {
                findings.push(format!("passed without a valid v1: {header:?}"))
            }
            Ok(Err(WebhookError::MalformedHeader(_) | WebhookError::NoV1Signature)) => {}
            Ok(_) => {}
        }
    }
    report("webhook signature header", n, &findings);
}

/// Random parameters encode as Stripe's bracket form: every pair is what an independent
/// flattening gives, and only unreserved bytes, brackets and `%XX` are sent.
#[test]
fn form_encoding_matches_an_independent_flattening() {
    let mut rng = Rng::new(4);
    let n = cases(10_000);
    let mut findings = Vec::new();
    for _ in 0..n {
        let Value::Object(mut params) = random_value(&mut rng, 0) else {
            continue;
        };
        // A parameter needs a name; an empty one is refused, rightly, as a bare value.
        params.remove("");
        let params = Value::Object(params);
        let mut expected = Vec::new();
        flatten("", &params, &mut expected);
        let encoded = match FormPairs::from_value(&params) {
            Ok(pairs) => pairs,
            Err(error) => {
                findings.push(format!("{params}: {error}"));
                continue;
            }
        };
        let decoded: Vec<(String, String)> = encoded
            .pairs()
            .iter()
            .map(|(k, v)| (percent_decode(k), percent_decode(v)))
            .collect();
        if decoded != expected {
            findings.push(format!("{params}: {decoded:?} != {expected:?}"));
        }
        let sent = encoded.to_query();
        if let Some(bad) = sent
            .bytes()
            .find(|b| !(b.is_ascii_alphanumeric() || b"-_.~%[]&=".contains(b)))
        {
            findings.push(format!("{params}: `{}` sent raw in {sent}", bad as char));
        }
    }
    report("form encoder", n, &findings);
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let child = |key: &str| match prefix {
        "" => key.to_owned(),
        _ => format!("{prefix}[{key}]"),
    };
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix.to_owned(), b.to_string())),
        Value::Number(n) => out.push((
            prefix.to_owned(),
            n.as_i64()
                .map_or_else(|| n.as_f64().unwrap().to_string(), |i| i.to_string()),
        )),
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&child(&i.to_string()), item, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                flatten(&child(key), item, out);
            }
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Mutated specs through the generator: an error that names where, or Rust that parses;
/// never a panic.
#[test]
fn the_generator_never_panics_on_mutated_specs() {
    let base: Value =
        serde_yaml::from_str(&tests::widget_spec("        size: {type: integer}\n        kind:\n          type: string\n          enum: [a, b]\n        parts:\n          type: array\n          items: {$ref: '#/components/schemas/widget'}"))
            .unwrap();
    let mut rng = Rng::new(5);
    let n = cases(1_500);
    let mut findings = Vec::new();
    for _ in 0..n {
        let mut spec = base.clone();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut spec, &mut rng);
        }
        let outcome = std::panic::catch_unwind(|| {
            let doc = codegen::openapi::load::document_from_tree(
                std::path::Path::new("fuzz.yaml"),
                spec.clone(),
            )?;
            codegen::generate(&doc, "fuzz")
        });
        match outcome {
            Err(_) => findings.push(format!("panic on {spec}")),
            Ok(Err(codegen::Error::InvalidRust { file, message })) => {
                findings.push(format!("invalid Rust in {file} ({message}) from {spec}"))
            }
            Ok(Err(error)) if error.location().is_none() => {
                findings.push(format!("an error without a location: {error}"))
            }
            Ok(_) => {}
        }
    }
    report("generator on mutated specs", n, &findings);
}

const SHAPES: &[&str] = &[
    r#"{"anyOf": []}"#,
    r#"{"oneOf": [{"type": "string"}]}"#,
    r#"{"allOf": [{"type": "string"}]}"#,
    r##"{"$ref": "#/components/schemas/nowhere"}"##,
    r##"{"$ref": "#/components/schemas/widget"}"##,
    r##"{"anyOf": [{"$ref": "#/components/schemas/widget"}, {"type": "string"}]}"##,
    r#"{"type": "string", "enum": [1, true]}"#,
    r#"{"type": "object", "additionalProperties": {"type": "integer"}}"#,
    r#"{"type": "array"}"#,
    r#"{"type": "string", "format": "binary"}"#,
    r#"{"type": "integer", "format": "unix-time"}"#,
    r#"{"nullable": true}"#,
    r#"null"#,
    r#"42"#,
];

fn shape(rng: &mut Rng) -> Value {
    let text: &&str = rng.pick(SHAPES);
    serde_json::from_str(text).unwrap()
}

/// Replaces, removes or adds one node somewhere in the document.
fn mutate(spec: &mut Value, rng: &mut Rng) {
    // Choose where, reading; then change it through a pointer.
    let mut pointer = String::new();
    let mut at: &Value = spec;
    for _ in 0..rng.below(7) {
        let step = match at {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
                Some((key.replace('~', "~0").replace('/', "~1"), &map[&key]))
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                Some((i.to_string(), &items[i]))
            }
            _ => None,
        };
        let Some((token, child)) = step else { break };
        pointer.push('/');
        pointer.push_str(&token);
        at = child;
    }
    let node = spec.pointer_mut(&pointer).unwrap();
    match (rng.below(3), node) {
        (0, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
            map.remove(&key);
        }
        (1, Value::Object(map)) => {
            let key = random_string(rng);
            map.insert(key, shape(rng));
        }
        (_, node) => *node = shape(rng),
    }
}
