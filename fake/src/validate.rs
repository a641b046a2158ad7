//! Checking parameters against the spec's shapes, as Stripe does: an unknown or missing
//! parameter, a value of the wrong type or outside an enum is a 400 naming the parameter.
//! What passes comes back as typed JSON (numbers, booleans, lists), ready to store.

use serde_json::{Map, Number, Value};

use crate::form::list_items;
use crate::table::{Param, Shape};

/// A parameter Stripe would refuse: its bracketed name and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter (`line_items[0][price]`).
    pub param: String,
    /// Stripe's wording.
    pub message: String,
}

fn error(param: &str, message: impl Into<String>) -> ParamError {
    ParamError {
        param: param.to_owned(),
        message: message.into(),
    }
}

/// Parameters to treat otherwise than the spec says: ones newer than it.
#[derive(Debug, Clone, Default)]
pub struct Relaxed {
    /// Top-level parameters taken as they are although the spec does not list them.
    pub accepted: Vec<String>,
    /// Top-level parameters not required although the spec requires them.
    pub optional: Vec<String>,
    /// Enum values taken although the spec does not list them: the parameter's name (its
    /// last bracket, at any depth) and the value.
    pub values: Vec<(String, String)>,
}

/// The typed parameters, or the first one Stripe would refuse.
pub fn validate(
    params: &[Param],
    input: &Map<String, Value>,
    relaxed: &Relaxed,
) -> Result<Map<String, Value>, ParamError> {
    object(params, input, "", relaxed)
}

fn object(
    params: &[Param],
    input: &Map<String, Value>,
    at: &str,
    relaxed: &Relaxed,
) -> Result<Map<String, Value>, ParamError> {
    let name = |key: &str| {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}[{key}]")
        }
    };
    let mut out = Map::new();
    for (key, value) in input {
        let Some(param) = params.iter().find(|p| p.name == key) else {
            if at.is_empty() && relaxed.accepted.contains(key) {
                out.insert(key.clone(), value.clone());
                continue;
            }
            return Err(error(
                &name(key),
                format!("Received unknown parameter: {}", name(key)),
            ));
        };
        out.insert(
            key.clone(),
            shape(&param.shape, value, &name(key), relaxed)?,
        );
    }
    let missing = params.iter().find(|p| {
        p.required
            && !input.contains_key(p.name)
            && !(at.is_empty() && relaxed.optional.iter().any(|o| o == p.name))
    });
    if let Some(missing) = missing {
        let param = name(missing.name);
        return Err(error(&param, format!("Missing required param: {param}.")));
    }
    Ok(out)
}

fn shape(
    expected: &Shape,
    value: &Value,
    at: &str,
    relaxed: &Relaxed,
) -> Result<Value, ParamError> {
    let shape = |expected: &Shape, value: &Value, at: &str| shape(expected, value, at, relaxed);
    let text = value.as_str();
    match (expected, value) {
        (Shape::Any | Shape::File, _) => Ok(value.clone()),
        (Shape::String, Value::String(_)) => Ok(value.clone()),
        (Shape::Text(max), Value::String(text)) if text.chars().count() <= *max => {
            Ok(value.clone())
        }
        (Shape::Text(max), Value::String(text)) => {
            let start: String = text.chars().take(20).collect();
            let message = format!("Invalid string: {start}...; must be at most {max} characters");
            Err(error(at, message))
        }
        (Shape::Integer, _) => text
            .and_then(|t| t.parse::<i64>().ok())
            .map(Value::from)
            .ok_or_else(|| error(at, format!("Invalid integer: {}", shown(value)))),
        (Shape::Number, _) => text
            .and_then(|t| t.parse::<f64>().ok())
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| error(at, format!("Invalid number: {}", shown(value)))),
        (Shape::Decimal, _) => text
            .filter(|t| t.parse::<f64>().is_ok())
            .map(Value::from)
            .ok_or_else(|| error(at, format!("Invalid decimal: {}", shown(value)))),
        (Shape::Bool, _) => match text {
            Some("true") => Ok(Value::Bool(true)),
            Some("false") => Ok(Value::Bool(false)),
            _ => Err(error(at, format!("Invalid boolean: {}", shown(value)))),
        },
        (Shape::Enum(values), Value::String(v)) if values.contains(&v.as_str()) => {
            Ok(value.clone())
        }
        (Shape::Enum(_), Value::String(v))
            if relaxed
                .values
                .iter()
                .any(|(p, newer)| p == leaf(at) && newer == v) =>
        {
            Ok(value.clone())
        }
        (Shape::Enum(values), _) => Err(error(
            at,
            format!("Invalid {}: must be one of {}", leaf(at), one_of(values)),
        )),
        (Shape::Const(expected), Value::String(v)) if v == expected => Ok(value.clone()),
        (Shape::Object(fields), Value::Object(map)) => {
            object(fields, map, at, relaxed).map(Value::Object)
        }
        (Shape::Array(item), Value::Object(map)) => match list_items(map) {
            Some(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| shape(item, v, &format!("{at}[{i}]")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            None => Err(error(at, format!("Invalid array: {at}"))),
        },
        (Shape::Map(inner), Value::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), shape(inner, v, &format!("{at}[{k}]"))?)))
            .collect::<Result<Map<_, _>, _>>()
            .map(Value::Object),
        (Shape::Map(_), Value::String(s)) if s.is_empty() => Ok(Value::Null),
        (Shape::Clearable(_), Value::String(s)) if s.is_empty() => Ok(Value::Null),
        (Shape::Clearable(inner), _) => shape(inner, value, at),
        (Shape::Range(inner), Value::Object(map)) => {
            let bounds = ["gt", "gte", "lt", "lte"];
            map.iter()
                .map(|(k, v)| match bounds.contains(&k.as_str()) {
                    true => Ok((k.clone(), shape(inner, v, &format!("{at}[{k}]"))?)),
                    false => Err(error(
                        &format!("{at}[{k}]"),
                        format!("Received unknown parameter: {at}[{k}]"),
                    )),
                })
                .collect::<Result<Map<_, _>, _>>()
                .map(Value::Object)
        }
        (Shape::Range(inner), _) => shape(inner, value, at),
        (Shape::AnyOf(shapes), _) => {
            let mut first_error = None;
            for candidate in *shapes {
                match shape(candidate, value, at) {
                    Ok(v) => return Ok(v),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            Err(first_error.unwrap_or_else(|| error(at, format!("Invalid value for {at}"))))
        }
        (Shape::Object(_) | Shape::Map(_), _) => {
            Err(error(at, format!("Invalid object: {at} must be a hash")))
        }
        (Shape::Array(_), _) => Err(error(at, format!("Invalid array: {at}"))),
        (Shape::String | Shape::Text(_) | Shape::Const(_), _) => {
            Err(error(at, format!("Invalid string: {}", shown(value))))
        }
    }
}

/// The last bracket of a parameter name: what Stripe's enum errors call it.
fn leaf(at: &str) -> &str {
    at.rsplit('[').next().unwrap_or(at).trim_end_matches(']')
}

fn one_of(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::parse;
    use serde_json::json;

    const ITEM: &[Param] = &[
        Param {
            name: "price",
            required: false,
            shape: Shape::String,
        },
        Param {
            name: "quantity",
            required: false,
            shape: Shape::Integer,
        },
    ];
    const PARAMS: &[Param] = &[
        Param {
            name: "success_url",
            required: true,
            shape: Shape::String,
        },
        Param {
            name: "mode",
            required: false,
            shape: Shape::Enum(&["payment", "setup", "subscription"]),
        },
        Param {
            name: "line_items",
            required: false,
            shape: Shape::Array(&Shape::Object(ITEM)),
        },
        Param {
            name: "metadata",
            required: false,
            shape: Shape::Map(&Shape::String),
        },
    ];

    fn check(form: &str) -> Result<Value, ParamError> {
        validate(PARAMS, &parse(form).unwrap(), &Relaxed::default()).map(Value::Object)
    }

    #[test]
    fn valid_parameters_come_back_typed() {
        let typed =
            check("success_url=u&mode=payment&line_items[0][quantity]=2&metadata[a]=b").unwrap();
        assert_eq!(
            typed,
            json!({"success_url": "u", "mode": "payment", "line_items": [{"quantity": 2}], "metadata": {"a": "b"}})
        );
    }

    #[test]
    fn refusals_name_the_parameter() {
        let cases = [
            (
                "mode=payment",
                "success_url",
                "Missing required param: success_url.",
            ),
            (
                "success_url=u&colour=red",
                "colour",
                "Received unknown parameter: colour",
            ),
            (
                "success_url=u&line_items[0][quantity]=two",
                "line_items[0][quantity]",
                "Invalid integer: two",
            ),
            (
                "success_url=u&mode=pay",
                "mode",
                "Invalid mode: must be one of payment, setup, or subscription",
            ),
            (
                "success_url=u&line_items[0][colour]=1",
                "line_items[0][colour]",
                "Received unknown parameter: line_items[0][colour]",
            ),
        ];
        for (form, param, message) in cases {
            let refused = check(form).unwrap_err();
            assert_eq!(
                (refused.param.as_str(), refused.message.as_str()),
                (param, message),
                "{form}"
            );
        }
    }

    #[test]
    fn accepted_parameters_pass_as_sent() {
        let relaxed = Relaxed {
            accepted: vec!["ui_mode".to_owned()],
            optional: vec!["success_url".to_owned()],
            values: vec![("mode".to_owned(), "pay_later".to_owned())],
        };
        let form = parse("ui_mode=custom&mode=pay_later").unwrap();
        let typed = validate(PARAMS, &form, &relaxed).unwrap();
        assert_eq!(typed["ui_mode"], json!("custom"));
        assert_eq!(typed["mode"], json!("pay_later"));
        let other = parse("mode=later").unwrap();
        let refused = validate(PARAMS, &other, &relaxed).unwrap_err();
        assert_eq!(refused.param, "mode");
        // Relaxing is for the top level: a nested unknown parameter is still refused.
        let nested = parse("line_items[0][ui_mode]=custom").unwrap();
        let refused = validate(PARAMS, &nested, &relaxed).unwrap_err();
        assert_eq!(refused.param, "line_items[0][ui_mode]");
    }
}
