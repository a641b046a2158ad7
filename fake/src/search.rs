//! Search as Stripe's query language describes it
//! (<https://docs.stripe.com/search#search-query-language>), for the fields the fake
//! stores: clauses `field:value` (exact, case-insensitive), `field~value` (substring, at
//! least 3 characters), `field>value`, `>=`, `<`, `<=` (numbers), `-` before a clause to
//! negate it, `metadata['key']` and nested `a.b` fields, `null` for a missing value;
//! joined by `AND` or by `OR` (not both), at most 10 clauses. Results are newest first;
//! `limit` as for lists, and `page` takes the `next_page` of the page before.

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::state::State;
use crate::table::Operation;

const MAX_CLAUSES: usize = 10;

#[derive(Debug, PartialEq)]
struct Clause {
    negated: bool,
    field: Vec<String>,
    operator: Operator,
    value: Literal,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Operator {
    Exact,
    Contains,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

#[derive(Debug, PartialEq)]
enum Literal {
    Text(String),
    Number(f64),
    Null,
}

/// The `search_result` a search operation answers with.
pub fn search(
    state: &State,
    op: &Operation,
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let object = op.object.unwrap_or("object");
    let query = params.get("query").and_then(Value::as_str).unwrap_or("");
    let (clauses, any) = parse(query).map_err(|message| {
        StripeError::invalid(format!("Invalid search query: {message}"), Some("query"))
    })?;
    let limit = params.get("limit").and_then(Value::as_i64).unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(StripeError::invalid(
            "This value must be greater than or equal to 1 and less than or equal to 100.",
            Some("limit"),
        ));
    }
    let found: Vec<Value> = state
        .store
        .all(object)
        .into_iter()
        .filter(|item| {
            let mut results = clauses.iter().map(|clause| holds(clause, item));
            if any {
                results.any(|r| r)
            } else {
                results.all(|r| r)
            }
        })
        .cloned()
        .collect();
    let skipped = match params.get("page").and_then(Value::as_str) {
        Some(token) => page_offset(token)?,
        None => 0,
    };
    let rest = found.len().saturating_sub(skipped);
    let has_more = rest > limit as usize;
    let next_page = has_more.then(|| format!("{PAGE_PREFIX}{}", skipped + limit as usize));
    let data: Vec<Value> = found
        .into_iter()
        .skip(skipped)
        .take(limit as usize)
        .collect();
    Ok(json!({
        "object": "search_result", "data": data, "has_more": has_more,
        "next_page": next_page, "url": op.path, "total_count": null,
    }))
}

/// A `next_page` token: opaque to clients, as Stripe's are; the fake's hold how many
/// results the pages before skipped.
const PAGE_PREFIX: &str = "page_fake_";

fn page_offset(token: &str) -> Result<usize, StripeError> {
    token
        .strip_prefix(PAGE_PREFIX)
        .and_then(|offset| offset.parse().ok())
        .ok_or_else(|| {
            let message = format!("The page token '{token}' is not one a search answered with: pass a search result's `next_page` as `page`.");
            StripeError::invalid(message, Some("page"))
        })
}

fn holds(clause: &Clause, item: &Value) -> bool {
    let field = clause
        .field
        .iter()
        .try_fold(item, |value, key| value.get(key))
        .filter(|value| !value.is_null());
    let result = match (&clause.value, field) {
        (Literal::Null, field) => field.is_none(),
        (_, None) => false,
        (Literal::Text(wanted), Some(field)) => {
            let text = match field {
                Value::String(text) => text.to_lowercase(),
                other => other.to_string(),
            };
            let wanted = wanted.to_lowercase();
            match clause.operator {
                Operator::Contains => text.contains(&wanted),
                _ => text == wanted,
            }
        }
        (Literal::Number(wanted), Some(field)) => {
            let Some(number) = field.as_f64() else {
                return clause.negated;
            };
            match clause.operator {
                Operator::Exact | Operator::Contains => number == *wanted,
                Operator::Greater => number > *wanted,
                Operator::GreaterOrEqual => number >= *wanted,
                Operator::Less => number < *wanted,
                Operator::LessOrEqual => number <= *wanted,
            }
        }
    };
    result != clause.negated
}

/// The clauses of a query, and whether they are joined by `OR`.
fn parse(query: &str) -> Result<(Vec<Clause>, bool), String> {
    let mut rest = query.trim();
    let mut clauses = Vec::new();
    let mut joiner: Option<&str> = None;
    while !rest.is_empty() {
        let (clause, after) = clause(rest)?;
        clauses.push(clause);
        rest = after.trim_start();
        if rest.is_empty() {
            break;
        }
        let (word, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if word != "AND" && word != "OR" {
            return Err(format!("expected AND or OR before `{rest}`"));
        }
        if joiner.is_some_and(|j| j != word) {
            return Err("AND and OR cannot be combined in one query".to_owned());
        }
        joiner = Some(word);
        rest = after.trim_start();
    }
    if clauses.is_empty() {
        return Err("the query is empty".to_owned());
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(format!("at most {MAX_CLAUSES} clauses are allowed"));
    }
    Ok((clauses, joiner == Some("OR")))
}

/// One clause at the start of `text`, and what follows it.
fn clause(text: &str) -> Result<(Clause, &str), String> {
    let (negated, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let end = text
        .find([':', '~', '<', '>'])
        .ok_or_else(|| format!("no operator in `{text}`"))?;
    let field = field_path(&text[..end])?;
    let rest = &text[end..];
    let (operator, rest) = [
        (">=", Operator::GreaterOrEqual),
        ("<=", Operator::LessOrEqual),
        (">", Operator::Greater),
        ("<", Operator::Less),
        (":", Operator::Exact),
        ("~", Operator::Contains),
    ]
    .into_iter()
    .find_map(|(token, operator)| Some((operator, rest.strip_prefix(token)?)))
    .ok_or_else(|| format!("no operator in `{text}`"))?;
    let (value, rest) = literal(rest)?;
    if operator == Operator::Contains && matches!(&value, Literal::Text(t) if t.chars().count() < 3)
    {
        return Err("a substring match needs at least 3 characters".to_owned());
    }
    let clause = Clause {
        negated,
        field,
        operator,
        value,
    };
    Ok((clause, rest))
}

/// `email`, `address.city`, `metadata['order']` as keys to follow.
fn field_path(text: &str) -> Result<Vec<String>, String> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("metadata[")
        .and_then(|t| t.strip_suffix(']'))
    {
        let key = inner.trim_matches(|c| c == '\'' || c == '"');
        return Ok(vec!["metadata".to_owned(), key.to_owned()]);
    }
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(format!("`{text}` is not a field"));
    }
    Ok(text.split('.').map(str::to_owned).collect())
}

/// A quoted string, a number or `null` at the start of `text`, and what follows it.
fn literal(text: &str) -> Result<(Literal, &str), String> {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, quote @ ('\'' | '"'))) => {
            let mut value = String::new();
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    '\\' if !escaped => escaped = true,
                    c if c == quote && !escaped => {
                        return Ok((Literal::Text(value), &text[i + 1..]));
                    }
                    c => {
                        value.push(c);
                        escaped = false;
                    }
                }
            }
            Err(format!("unterminated string in `{text}`"))
        }
        Some(_) => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            let word = &text[..end];
            let value = match word {
                "null" => Literal::Null,
                _ => Literal::Number(
                    word.parse()
                        .map_err(|_| format!("`{word}` must be quoted"))?,
                ),
            };
            Ok((value, &text[end..]))
        }
        None => Err("a clause has no value".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, item: &Value) -> bool {
        let (clauses, any) = parse(query).unwrap();
        let mut results = clauses.iter().map(|c| holds(c, item));
        if any {
            results.any(|r| r)
        } else {
            results.all(|r| r)
        }
    }

    #[test]
    fn the_documented_examples() {
        let customer = json!({"email": "Jenny@Example.com", "name": "Jenny Rosen",
            "created": 1_700_000_000, "metadata": {"order": "6735"}, "phone": null});
        assert!(matches("email:'jenny@example.com'", &customer));
        assert!(!matches("email:'c1@x.y'", &customer));
        assert!(matches("name~\"Ros\"", &customer));
        assert!(matches("metadata['order']:'6735'", &customer));
        assert!(matches("created>1600000000 AND -name:'Bob'", &customer));
        assert!(!matches("created<1600000000 AND name~'Jen'", &customer));
        assert!(matches("created<1600000000 OR name~'Jen'", &customer));
        assert!(matches("phone:null", &customer));
    }

    #[test]
    fn malformed_queries_are_refused() {
        for query in [
            "",
            "email",
            "email:jenny",
            "email:'open",
            "name~'ab'",
            "a:1 AND b:2 OR c:3",
            "a:1 b:2",
        ] {
            assert!(parse(query).is_err(), "{query}");
        }
    }
}
