//! JSON pointers (RFC 6901) in the `#/a/b` fragment form OpenAPI uses.

use std::fmt;

/// A JSON pointer built up while walking a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses a `#/...` fragment such as the target of a local `$ref`.
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        let rest = fragment.strip_prefix('#')?;
        if rest.is_empty() || rest.starts_with('/') {
            Some(Pointer(rest.to_owned()))
        } else {
            None
        }
    }

    /// This pointer extended by one object key or array index.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{token}", self.0))
    }

    /// This pointer extended by several tokens.
    pub fn join<I, T>(&self, tokens: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: fmt::Display,
    {
        tokens.into_iter().fold(self.clone(), |p, t| p.push(t))
    }

    /// The unescaped tokens of this pointer.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    /// The node this pointer names inside `value`.
    pub fn resolve<'a>(&self, value: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        self.tokens().try_fold(value, |node, token| match node {
            serde_json::Value::Object(map) => map.get(&token),
            serde_json::Value::Array(items) => items.get(token.parse::<usize>().ok()?),
            _ => None,
        })
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}
