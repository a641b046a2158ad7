//! Turns spec descriptions (Markdown with some HTML) into doc attributes that rustdoc
//! renders without warnings: no bare URLs, no stray brackets read as intra-doc links, no
//! accidental code blocks or doctests, no unknown HTML.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, for a description.
pub fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let Some(docs) = docs else {
        return TokenStream::new();
    };
    let text = to_markdown(docs);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The rustdoc-safe Markdown form of a description.
pub fn to_markdown(docs: &str) -> String {
    let html = convert_html(docs);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in html.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            out.push(if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            });
        } else if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(escape_line(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    collapse_blank_lines(&out)
}

fn collapse_blank_lines(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = true;
    for line in lines {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    out.trim_end().to_owned()
}

/// Rewrites the HTML Stripe uses into Markdown and drops other tags.
fn convert_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str("&lt;");
            rest = &after[1..];
            continue;
        };
        let tag = &after[1..end];
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let replacement = match (name.to_ascii_lowercase().as_str(), closing) {
            ("p", _) => Some("\n\n".to_owned()),
            ("br" | "br/", _) => Some("\n".to_owned()),
            ("code", _) => Some("`".to_owned()),
            ("strong" | "b", _) => Some("**".to_owned()),
            ("em" | "i", _) => Some("*".to_owned()),
            ("li", false) => Some("\n- ".to_owned()),
            ("li" | "ul" | "ol", _) => Some("\n".to_owned()),
            ("a", false) => Some(match href(tag) {
                Some(href) => format!("\u{1}{href}\u{2}"),
                None => String::new(),
            }),
            ("a", true) => Some("\u{3}".to_owned()),
            _ if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '/')
                && !name.is_empty() =>
            {
                Some(String::new())
            }
            _ => None,
        };
        match replacement {
            Some(r) => {
                out.push_str(&r);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("&lt;");
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    relink_anchors(&out)
}

fn href(tag: &str) -> Option<String> {
    let start = tag.find("href=\"")? + 6;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_owned())
}

/// `\u{1}url\u{2}text\u{3}` (from `<a href>`) becomes `[text](url)`.
fn relink_anchors(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('\u{1}') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let (Some(mid), Some(close)) = (after.find('\u{2}'), after.find('\u{3}')) else {
            rest = after;
            continue;
        };
        if close < mid {
            rest = after;
            continue;
        }
        out.push_str(&format!("[{}]({})", &after[mid + 1..close], &after[..mid]));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.replace(['\u{1}', '\u{2}', '\u{3}'], "")
}

/// Escapes brackets that are not Markdown links and wraps bare URLs in `<...>`.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if let Some(len) = markdown_link_len(rest) {
            out.push_str(&rest[..len]);
            i += len;
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let len = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'')
                .unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            match c {
                '[' | ']' => {
                    out.push('\\');
                    out.push(c);
                }
                '>' if bytes.get(i.wrapping_sub(1)) != Some(&b'-') => out.push_str("&gt;"),
                _ => out.push(c),
            }
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a `[text](url)` link at the start of `s`, if one is there.
fn markdown_link_len(s: &str) -> Option<usize> {
    if !s.starts_with('[') {
        return None;
    }
    let close = s.find("](")?;
    if s[1..close].contains(['[', ']']) {
        return None;
    }
    let url_end = s[close + 2..].find(')')?;
    let url = &s[close + 2..close + 2 + url_end];
    (!url.contains(char::is_whitespace)).then_some(close + 2 + url_end + 1)
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn html_becomes_markdown() {
        let md = to_markdown(
            "<p>Returns a <a href=\"https://x.test/a\">list</a> of <code>id</code>s.</p>",
        );
        assert_eq!(md, "Returns a [list](https://x.test/a) of `id`s.");
    }

    #[test]
    fn brackets_and_urls_are_escaped() {
        let md = to_markdown(
            "Set metadata[key] at https://stripe.com/docs. See [docs](https://stripe.com).",
        );
        assert_eq!(
            md,
            "Set metadata\\[key\\] at <https://stripe.com/docs>. See [docs](https://stripe.com)."
        );
    }

    #[test]
    fn fences_are_never_doctests() {
        let md = to_markdown("Example:\n```\nlet x = 1;\n```");
        assert_eq!(md, "Example:\n```text\nlet x = 1;\n```");
    }

    #[test]
    fn indentation_never_makes_code_blocks() {
        assert_eq!(to_markdown("a\n\n        b"), "a\n\nb");
    }
}
