//! Reading Stripe's bracket-form parameters (`line_items[0][price]=price_1&expand[]=x`),
//! from a query string or a form body, into a JSON tree of strings: brackets become
//! nested objects, and a list is an object keyed by index (`[]` appends).

use serde_json::{Map, Value};

/// The parameters of a query string or form body.
pub fn parse(text: &str) -> Map<String, Value> {
    let mut root = Map::new();
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        let mut segments = key.split('[').map(|s| s.trim_end_matches(']'));
        let Some(first) = segments.next() else {
            continue;
        };
        let rest: Vec<&str> = segments.collect();
        insert(&mut root, first, &rest, value);
    }
    root
}

fn insert(map: &mut Map<String, Value>, key: &str, rest: &[&str], value: String) {
    let key = if key.is_empty() {
        map.len().to_string()
    } else {
        key.to_owned()
    };
    let Some((next, deeper)) = rest.split_first() else {
        map.insert(key, Value::String(value));
        return;
    };
    let child = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !child.is_object() {
        *child = Value::Object(Map::new());
    }
    if let Value::Object(child) = child {
        insert(child, next, deeper, value);
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
        );
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
        let parsed = parse("a[10]=x&a[2]=y");
        let items = list_items(parsed["a"].as_object().unwrap()).unwrap();
        assert_eq!(items, [&json!("y"), &json!("x")]);
    }
}
