//! The crate's own JSON reader, which every response goes through, checked against
//! serde_json: the same strings and numbers, the same verdict on malformed text, and no
//! panic or stack overflow on hostile input.

use serde_json::Value;
use stripe_api::runtime::{from_json, Decode, JsonError};
use stripe_api::{Address, CheckoutSession, CustomerOrDeletedCustomer};

fn ours<T: Decode>(text: &str) -> Result<T, JsonError> {
    from_json(text.as_bytes())
}

/// A deterministic generator, so every run checks the same inputs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 11
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn strings_decode_as_serde_json_decodes_them() {
    let valid = [
        r#""plain""#,
        r#""""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u00e9\u4E2D\ud83d\ude00\u0000""#,
        "\"é中😀 raw\"",
        r#""ends with escape\n""#,
        r#"  "surrounded by whitespace"  "#,
    ];
    for text in valid {
        let expected: String = serde_json::from_str(text).unwrap();
        assert_eq!(ours::<String>(text).unwrap(), expected, "{text}");
    }
    let invalid = [
        r#""\ud83d""#,
        r#""\ud83d\u0041""#,
        r#""\ude00""#,
        r#""\x""#,
        r#""\u12""#,
        r#""\u12G4""#,
        "\"raw\ncontrol\"",
        "\"unterminated",
        "\"unterminated escape\\",
        r#""two" "strings""#,
        "",
    ];
    for text in invalid {
        assert!(serde_json::from_str::<String>(text).is_err(), "{text}");
        assert!(ours::<String>(text).is_err(), "{text}");
    }
}

#[test]
fn integers_decode_as_serde_json_decodes_them() {
    let cases = [
        "0",
        "-0",
        "42",
        " 7 ",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "1.0",
        "1e3",
        "01",
        "-",
        "+1",
        "\"1\"",
        "true",
    ];
    for text in cases {
        let expected = serde_json::from_str::<i64>(text).ok();
        assert_eq!(ours::<i64>(text).ok(), expected, "{text}");
    }
}

/// serde_json with `float_roundtrip` (enabled in this crate's manifest) rounds correctly;
/// its default parser may be off by one bit on long inputs.
#[test]
fn floats_decode_to_the_same_bits_as_serde_json() {
    let mut fixed = vec![
        "0",
        "-0.0",
        "1.5",
        "1E5",
        "1e-5",
        "0.1e+2",
        "123456789012345678901234567890",
        "2.2250738585072014e-308",
        "5e-324",
        "1.7976931348623157e308",
        "1e400",
        "-1e400",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "0x10",
        "NaN",
        "Infinity",
        "1.5.2",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>();
    let mut random = Lcg(7);
    for _ in 0..2000 {
        let value = f64::from_bits(random.next() << 11 | random.next() & 0x7ff);
        if value.is_finite() {
            fixed.push(format!("{value}"));
            fixed.push(format!("{value:e}"));
        }
    }
    for text in &fixed {
        let expected = serde_json::from_str::<f64>(text).ok().map(f64::to_bits);
        assert_eq!(ours::<f64>(text).ok().map(f64::to_bits), expected, "{text}");
    }
}

/// Values an object key may hold that the types do not know, valid and not: the reader
/// skips them, and must accept exactly what serde_json accepts.
#[test]
fn skipped_values_are_checked_like_serde_json_checks_them() {
    let values = [
        "null",
        "true",
        "false",
        "-12.5e3",
        r#""\u00e9 \"quoted\"""#,
        "[]",
        "{}",
        " [ 1 , [ 2 , { \"a\" : [ ] } ] ] ",
        r#"{"nested": {"deeper": [1, "two", null, {"x": false}]}}"#,
        "[1,]",
        "[,]",
        "[1 2]",
        r#"{"a":1,}"#,
        "{,}",
        r#"{"a" 1}"#,
        "{1: 2}",
        r#"{"a": 1 "b": 2}"#,
        "tru",
        "nul",
        "fals",
        "[",
        "{",
        r#"{"a":"#,
        "'single'",
        "01",
        "]",
        "",
    ];
    for value in values {
        let text = format!(r#"{{"city": "Berlin", "unknown": {value}}}"#);
        let theirs = serde_json::from_str::<Value>(&text).is_ok();
        let result = ours::<Address>(&text);
        assert_eq!(result.is_ok(), theirs, "{text}: {result:?}");
        if let Ok(address) = result {
            assert_eq!(address.city.as_deref(), Some("Berlin"));
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [100, 200, 100_000] {
        let text = format!(
            r#"{{"unknown": {}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let result = ours::<Address>(&text);
        assert_eq!(result.is_ok(), depth < 127, "depth {depth}");
        if let Err(e) = result {
            assert_eq!(e.message(), "recursion limit exceeded");
        }
    }
}

/// Random damage to a real session: whatever serde_json rejects as JSON, the reader
/// rejects too, and nothing panics.
#[test]
fn damaged_sessions_never_panic_and_broken_text_is_rejected() {
    let session = tests::fixture_or_skip!("checkout.session").to_string();
    assert!(ours::<CheckoutSession>(&session).is_ok());
    let inserts = [
        "{", "}", "[", "]", "\"", ",", ":", "0", "-", "\\", " ", "null", "é",
    ];
    let mut random = Lcg(42);
    for round in 0..3000 {
        let mut text = session.clone();
        let at = random.below(text.len());
        if !text.is_char_boundary(at) {
            continue;
        }
        match round % 3 {
            0 => text.truncate(at),
            1 => text.insert_str(at, inserts[random.below(inserts.len())]),
            _ => {
                let end = (at + 1 + random.below(8)).min(text.len());
                if !text.is_char_boundary(end) {
                    continue;
                }
                text.replace_range(at..end, "");
            }
        }
        if serde_json::from_str::<Value>(&text).is_err() {
            assert!(ours::<CheckoutSession>(&text).is_err(), "accepted: {text}");
        }
    }
}

#[test]
fn errors_give_the_line_column_and_path() {
    let text = "{\"id\": \"cs_1\",\n  \"customer_details\": {\"address\": {\"city\": 7}}}";
    let error = ours::<CheckoutSession>(text).unwrap_err();
    assert_eq!(error.path(), "customer_details.address.city");
    assert_eq!(
        error.message(),
        "invalid type: integer `7`, expected a string"
    );
    assert_eq!(
        error.to_string(),
        "invalid type: integer `7`, expected a string at line 2 column 44 \
         (at `customer_details.address.city`)"
    );
    let error = ours::<CheckoutSession>("[1, 2]").unwrap_err();
    assert_eq!(error.path(), ".");
    assert_eq!(
        error.message(),
        "invalid type: sequence, expected a `CheckoutSession` object"
    );
    let error = from_json::<String>(b"\"caf\xc3\"").unwrap_err();
    assert_eq!(error.message(), "invalid UTF-8");
    let error = ours::<Address>(r#"{"city": "Berlin"} trailing"#).unwrap_err();
    assert_eq!(error.message(), "trailing characters");
}

#[test]
fn duplicate_keys_keep_the_last_value_like_serde_json() {
    let text = r#"{"city": "Berlin", "city": "Paris"}"#;
    let theirs: Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        ours::<Address>(text).unwrap().city.as_deref(),
        theirs["city"].as_str()
    );
}

#[test]
fn unions_find_the_object_tag_wherever_it_is() {
    let deleted = r#"{"id": "cus_1", "deleted": true, "object": "customer"}"#;
    assert!(matches!(
        ours::<CustomerOrDeletedCustomer>(deleted).unwrap(),
        CustomerOrDeletedCustomer::DeletedCustomer(d) if d.id.as_str() == "cus_1"
    ));
    let customer = tests::fixture_or_skip!("customer");
    let mut text = customer.to_string();
    assert!(text.ends_with('}'));
    text.insert_str(1, r#""metadata": {"object": "not the tag"}, "#);
    assert!(matches!(
        ours::<CustomerOrDeletedCustomer>(&text).unwrap(),
        CustomerOrDeletedCustomer::Customer(c) if c.id.as_str() == customer["id"]
    ));
    let newer = r#"{"id": "x_1", "object": "customer_v2", "name": "new"}"#;
    match ours::<CustomerOrDeletedCustomer>(newer).unwrap() {
        CustomerOrDeletedCustomer::Unknown(raw) => {
            assert_eq!(raw, serde_json::from_str::<Value>(newer).unwrap())
        }
        other => panic!("{other:?}"),
    }
}

/// The crate's reader and its serde path (which buffers a `serde_json::Value`) agree on
/// what is JSON, even in fields the types do not know.
#[test]
fn unknown_fields_are_checked_like_serde_json_checks_them() {
    for (text, accepted) in [
        (r#"{"city":"Paris","extra":1e999}"#, false),
        (r#"{"city":"Paris","extra":-1e999}"#, false),
        (r#"{"city":"Paris","extra":1e308}"#, true),
        (
            r#"{"city":"Paris","extra":123456789012345678901234567890}"#,
            true,
        ),
        (r#"{"city":"Paris","extra":[1,{"a":1e400}]}"#, false),
    ] {
        assert_eq!(ours::<Address>(text).is_ok(), accepted, "{text}");
        assert_eq!(
            serde_json::from_str::<Address>(text).is_ok(),
            accepted,
            "{text}"
        );
    }
}

#[test]
fn a_syntax_error_in_an_unknown_field_names_that_field() {
    let error = ours::<Address>(r#"{"city":"Paris","extra":{"a":[1,}]}}"#).unwrap_err();
    assert_eq!(error.path(), "extra");
    let error = ours::<Address>(r#"{"city":tru}"#).unwrap_err();
    assert!(error.message().starts_with("expected `true`"), "{error}");
    assert_eq!(error.path(), "city");
}
