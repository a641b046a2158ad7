//! A small pull reader of JSON text, which the generated decoders drive directly.
//!
//! Decoding through serde compiles serde_json's parser once per response type into every
//! program that uses the crate. The generated decoders call this one concrete reader
//! instead, so they are compiled once, in this crate, and a program that decodes a
//! `CheckoutSession` compiles none of it again.

use std::borrow::Cow;
use std::fmt;

/// How deep objects and arrays may nest, as in serde_json.
const MAX_DEPTH: usize = 128;

/// A decode failure: what went wrong, where in the text, and at which JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    message: String,
    /// Byte offset in the text; line and column are worked out from it only when the
    /// error leaves the decoder, since unions discard most errors they meet.
    offset: usize,
    /// 1-based; 0 until [`JsonError::locate`] has run.
    line: usize,
    column: usize,
    /// Innermost segment first: segments are added as the error travels outwards.
    path: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl JsonError {
    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The JSON path of the value that failed (`data[1].customer_details.address`), or
    /// `.` for the top level.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(key) if path.is_empty() => path.push_str(key),
                Segment::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        if path.is_empty() {
            path.push('.');
        }
        path
    }

    /// The message and position, for errors that report the path on their own.
    pub(crate) fn located_message(&self) -> String {
        let (message, line, column) = (&self.message, self.line, self.column);
        match line {
            0 => format!("{message} at byte {}", self.offset),
            _ => format!("{message} at line {line} column {column}"),
        }
    }

    /// The same error with its line and column in `text`, the text it was read from.
    pub(crate) fn locate(mut self, text: &str) -> Self {
        let before = &text.as_bytes()[..self.offset.min(text.len())];
        self.line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        self.column = before.len() - line_start + 1;
        self
    }

    /// The same error, one object key further out.
    pub(crate) fn in_key(mut self, key: &str) -> Self {
        self.path.push(Segment::Key(key.to_owned()));
        self
    }

    /// The same error, one array element further out.
    pub(crate) fn in_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.located_message())?;
        if !self.path.is_empty() {
            write!(f, " (at `{}`)", self.path())?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

/// The error for text that is not UTF-8, at the first byte that is not.
pub(crate) fn invalid_utf8(text: &[u8], e: std::str::Utf8Error) -> JsonError {
    let valid = std::str::from_utf8(&text[..e.valid_up_to()]).unwrap_or_default();
    let mut reader = Reader::new(valid);
    reader.pos = valid.len();
    reader.error("invalid UTF-8").locate(valid)
}

/// A position to come back to, for decoders that look ahead.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    pos: usize,
    depth: usize,
}

/// Reads JSON text value by value.
#[derive(Debug)]
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
        }
    }

    /// The whole text being read.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The current position.
    pub fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            depth: self.depth,
        }
    }

    /// Goes back to a position returned by [`Reader::mark`].
    pub fn reset(&mut self, mark: Mark) {
        self.pos = mark.pos;
        self.depth = mark.depth;
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            message: message.into(),
            offset: self.pos,
            line: 0,
            column: 0,
            path: Vec::new(),
        }
    }

    /// The error for a value that is not what the decoder expects, naming what it is.
    pub fn invalid_type(&mut self, expecting: &str) -> JsonError {
        // Reading the value to name it moves the reader; the error points at its start.
        let mark = self.mark();
        let found = match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'"') => self.read_str().map(|text| format!("string {text:?}")),
            Some(b'{') => Ok("map".to_owned()),
            Some(b'[') => Ok("sequence".to_owned()),
            // A misspelt literal is a syntax error, not a value of another type.
            Some(b'n') => self.literal("null").map(|()| "null".to_owned()),
            Some(b't') => self.literal("true").map(|()| "boolean `true`".to_owned()),
            Some(b'f') => self.literal("false").map(|()| "boolean `false`".to_owned()),
            Some(b'-' | b'0'..=b'9') => self.number().map(|(text, float)| match float {
                false => format!("integer `{text}`"),
                true => format!("floating point `{text}`"),
            }),
            Some(other) => Err(self.error(format!("expected value, found `{}`", other as char))),
        };
        match found {
            Ok(found) => {
                self.reset(mark);
                self.peek();
                self.error(format!("invalid type: {found}, expected {expecting}"))
            }
            Err(e) => e,
        }
    }

    /// The next byte after whitespace, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    fn literal(&mut self, word: &str) -> Result<(), JsonError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error(format!("expected `{word}`")))
        }
    }

    /// Reads `null` if it comes next.
    pub fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads a boolean.
    pub fn bool(&mut self) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.invalid_type("a boolean")),
        }
    }

    /// Reads a string, borrowed from the text unless it has escapes.
    pub fn string(&mut self, expecting: &str) -> Result<Cow<'a, str>, JsonError> {
        if self.peek() == Some(b'"') {
            self.read_str()
        } else {
            Err(self.invalid_type(expecting))
        }
    }

    /// Reads an integer that fits in an `i64`.
    pub fn i64(&mut self) -> Result<i64, JsonError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.invalid_type("an integer"));
        }
        let mark = self.mark();
        let (text, fractional) = self.number()?;
        if fractional {
            self.reset(mark);
            return Err(self.invalid_type("an integer"));
        }
        text.parse::<i64>().map_err(|_| {
            self.reset(mark);
            self.error(format!("invalid value: integer `{text}`, expected i64"))
        })
    }

    /// Reads a number.
    pub fn f64(&mut self) -> Result<f64, JsonError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.invalid_type("a number"));
        }
        let (text, _) = self.number()?;
        text.parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| self.error("number out of range"))
    }

    /// Enters an object, or fails with what was found instead.
    pub fn object(&mut self, expecting: &str) -> Result<Object, JsonError> {
        if self.peek() != Some(b'{') {
            return Err(self.invalid_type(expecting));
        }
        self.enter()?;
        Ok(Object { first: true })
    }

    /// Enters an array, or fails with what was found instead.
    pub fn array(&mut self, expecting: &str) -> Result<Array, JsonError> {
        if self.peek() != Some(b'[') {
            return Err(self.invalid_type(expecting));
        }
        self.enter()?;
        Ok(Array { first: true })
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    /// Skips one value of any kind, checking that it is well formed.
    pub fn skip(&mut self) -> Result<(), JsonError> {
        self.raw().map(|_| ())
    }

    /// Skips one value and returns its text.
    pub fn raw(&mut self) -> Result<&'a str, JsonError> {
        self.peek();
        let start = self.pos;
        self.skip_value()?;
        Ok(&self.text[start..self.pos])
    }

    /// Recursion is bounded: every level enters a container, and [`MAX_DEPTH`] caps those.
    fn skip_value(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'{') => {
                let mut object = self.object("")?;
                while object.next_key(self)?.is_some() {
                    self.skip_value()?;
                }
            }
            Some(b'[') => {
                let mut array = self.array("")?;
                while array.next(self)? {
                    self.skip_value()?;
                }
            }
            Some(b'"') => drop(self.read_str()?),
            Some(b'n') => self.literal("null")?,
            Some(b't') => self.literal("true")?,
            Some(b'f') => self.literal("false")?,
            Some(b'-' | b'0'..=b'9') => {
                // As serde_json does, even for a value nobody reads: both decode paths
                // must agree on what is JSON.
                let (text, _) = self.number()?;
                if !text.parse::<f64>().is_ok_and(f64::is_finite) {
                    return Err(self.error("number out of range"));
                }
            }
            Some(other) => {
                return Err(self.error(format!("expected value, found `{}`", other as char)))
            }
            None => return Err(self.error("EOF while parsing a value")),
        }
        Ok(())
    }

    /// Fails unless only whitespace is left.
    pub fn end(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    fn read_str(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.pos - 1]));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => {
                    return Err(self.error("control character while parsing a string"))
                }
                Some(_) => self.pos += 1,
            }
        }
        let mut owned = String::with_capacity(self.pos - start + 16);
        owned.push_str(&self.text[start..self.pos]);
        loop {
            let run = self.pos;
            while let Some(&b) = bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            owned.push_str(&self.text[run..self.pos]);
            match bytes.get(self.pos) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    owned.push(c);
                }
                Some(_) => return Err(self.error("control character while parsing a string")),
            }
        }
    }

    /// One escape sequence, after its backslash.
    fn escape(&mut self) -> Result<char, JsonError> {
        let b = *self
            .text
            .as_bytes()
            .get(self.pos)
            .ok_or_else(|| self.error("EOF while parsing a string"))?;
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(self.error("invalid escape")),
        })
    }

    /// A `\uXXXX` escape, with its low surrogate if it is a high one.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.pos..].starts_with("\\u") {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in hex escape")),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.pos..self.pos + 4);
        let value = digits
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("invalid escape"))?;
        self.pos += 4;
        Ok(value)
    }

    /// A number's text, checked against JSON's grammar, and whether it is a float: it
    /// has a fraction or an exponent, or is `-0`, which serde_json too reads as a float
    /// to keep the sign.
    fn number(&mut self) -> Result<(&'a str, bool), JsonError> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos - from
        };
        let mut pos = self.pos;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        let whole = digits(&mut pos);
        let leading_zero = whole > 1 && bytes[pos - whole] == b'0';
        let mut fractional = false;
        let mut valid = whole > 0 && !leading_zero;
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            fractional = true;
            valid &= digits(&mut pos) > 0;
        }
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            fractional = true;
            if matches!(bytes.get(pos), Some(b'+' | b'-')) {
                pos += 1;
            }
            valid &= digits(&mut pos) > 0;
        }
        if !valid {
            self.pos = pos;
            return Err(self.error("invalid number"));
        }
        self.pos = pos;
        let text = &self.text[start..pos];
        Ok((text, fractional || text == "-0"))
    }
}

/// An object being read: [`Object::next_key`] until it returns `None`.
#[derive(Debug)]
pub struct Object {
    first: bool,
}

impl Object {
    /// The next key, with the reader then at its value; `None` at the end of the object.
    pub fn next_key<'a>(
        &mut self,
        reader: &mut Reader<'a>,
    ) -> Result<Option<Cow<'a, str>>, JsonError> {
        match reader.peek() {
            Some(b'}') => {
                reader.pos += 1;
                reader.depth = reader.depth.saturating_sub(1);
                return Ok(None);
            }
            Some(b',') if !self.first => reader.pos += 1,
            Some(b'"') if self.first => {}
            None => return Err(reader.error("EOF while parsing an object")),
            Some(_) if self.first => return Err(reader.error("key must be a string")),
            Some(_) => return Err(reader.error("expected `,` or `}`")),
        }
        self.first = false;
        if reader.peek() != Some(b'"') {
            return Err(reader.error("key must be a string"));
        }
        let key = reader.read_str()?;
        if reader.peek() != Some(b':') {
            return Err(reader.error("expected `:`"));
        }
        reader.pos += 1;
        Ok(Some(key))
    }
}

/// An array being read: [`Array::next`] until it returns false.
#[derive(Debug)]
pub struct Array {
    first: bool,
}

impl Array {
    /// Whether another element follows, with the reader then at it.
    pub fn next(&mut self, reader: &mut Reader<'_>) -> Result<bool, JsonError> {
        match reader.peek() {
            Some(b']') => {
                reader.pos += 1;
                reader.depth = reader.depth.saturating_sub(1);
                return Ok(false);
            }
            Some(b',') if !self.first => {
                reader.pos += 1;
            }
            None => return Err(reader.error("EOF while parsing a list")),
            Some(_) if self.first => {}
            Some(_) => return Err(reader.error("expected `,` or `]`")),
        }
        self.first = false;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error works out its line and column only when asked to, once: unions make and
    /// drop many errors deep in large texts, and scanning the text for each was quadratic.
    #[test]
    fn errors_are_located_only_when_they_leave_the_decoder() {
        let text = format!("{}\n  x", "[1,\n".repeat(1000));
        let mut reader = Reader::new(&text);
        reader.pos = text.len() - 1;
        let error = reader.error("unexpected");
        assert_eq!((error.line, error.column), (0, 0), "not located yet");
        assert_eq!(
            error.located_message(),
            format!("unexpected at byte {}", text.len() - 1)
        );
        let located = error.locate(&text);
        assert_eq!((located.line, located.column), (1002, 3));
    }
}
