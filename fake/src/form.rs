//! Reading Stripe's bracket-form parameters (`line_items[0][price]=price_1&expand[]=x`),
//! from a query string or a form body, into a JSON tree of strings: brackets become
//! nested objects, and a list is an object keyed by index (`[]` appends).

use serde_json::{Map, Value};

/// Most brackets a key may have: Stripe's deepest parameters have six
/// (`line_items[0][price_data][product_data][metadata][key]` has five).
pub const MAX_DEPTH: usize = 20;

/// Most parameters a request may send: about ten times what the largest Stripe request
/// (a session with a hundred line items) needs.
pub const MAX_PAIRS: usize = 10_000;

/// The parameters of a query string or form body, or why they are refused (too deep,
/// too many); the tree is built iteratively, so no request can drive a recursion.
pub fn parse(text: &str) -> Result<Map<String, Value>, String> {
    let mut root = Map::new();
    for (count, pair) in text.split('&').filter(|pair| !pair.is_empty()).enumerate() {
        if count == MAX_PAIRS {
            return Err(format!(
                "This request has more than {MAX_PAIRS} parameters; send fewer."
            ));
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        let mut segments = key.split('[').map(|s| s.trim_end_matches(']'));
        let Some(first) = segments.next() else {
            continue;
        };
        let rest: Vec<&str> = segments.collect();
        if rest.len() > MAX_DEPTH {
            let shown: String = key.chars().take(60).collect();
            return Err(format!(
                "Invalid parameter `{shown}`…: parameters nest at most {MAX_DEPTH} levels deep."
            ));
        }
        insert(&mut root, first, &rest, value);
    }
    Ok(root)
}

fn insert(root: &mut Map<String, Value>, first: &str, rest: &[&str], value: String) {
    let mut map = root;
    let mut key = first;
    for next in rest {
        let name = slot_name(map, key);
        let child = map.entry(name).or_insert_with(|| Value::Object(Map::new()));
        if !child.is_object() {
            *child = Value::Object(Map::new());
        }
        match child {
            Value::Object(child) => map = child,
            _ => return,
        }
        key = next;
    }
    let name = slot_name(map, key);
    map.insert(name, Value::String(value));
}

/// `[]` appends: the next index of the list.
fn slot_name(map: &Map<String, Value>, key: &str) -> String {
    if key.is_empty() {
        map.len().to_string()
    } else {
        key.to_owned()
    }
}

/// Percent-decoding, with `+` as a space.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The items of a list parameter in index order, if `value` is one (an object whose keys
/// are all indexes).
pub fn list_items(value: &Map<String, Value>) -> Option<Vec<&Value>> {
    let mut items: Vec<(usize, &Value)> = value
        .iter()
        .map(|(key, item)| key.parse().ok().map(|index| (index, item)))
        .collect::<Option<_>>()?;
    items.sort_by_key(|(index, _)| *index);
    Some(items.into_iter().map(|(_, item)| item).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn brackets_become_objects_and_lists() {
        let parsed = parse(
            "line_items[0][price]=price_1&line_items[1][quantity]=2&metadata[order+id]=67%2035\
             &expand[]=a&expand[]=b&mode=payment",
        )
        .unwrap();
        assert_eq!(
            Value::Object(parsed),
            json!({
                "line_items": {"0": {"price": "price_1"}, "1": {"quantity": "2"}},
                "metadata": {"order id": "67 35"},
                "expand": {"0": "a", "1": "b"},
                "mode": "payment"
            })
        );
    }

    #[test]
    fn lists_come_back_in_index_order() {
        let parsed = parse("a[10]=x&a[2]=y").unwrap();
        let items = list_items(parsed["a"].as_object().unwrap()).unwrap();
        assert_eq!(items, [&json!("y"), &json!("x")]);
    }

    #[test]
    fn deep_or_numerous_parameters_are_refused_without_recursion() {
        let deep = format!("metadata{}=v", "[a]".repeat(3000));
        assert!(parse(&deep).unwrap_err().contains("at most 20 levels"));
        let deepest = format!("metadata{}=v", "[a]".repeat(MAX_DEPTH));
        assert!(parse(&deepest).is_ok());
        let many = vec!["a=b"; MAX_PAIRS + 1].join("&");
        assert!(parse(&many).unwrap_err().contains("more than 10000"));
        assert_eq!(parse(&many[4..]).unwrap().len(), 1);
    }
}
