//! Binary content: files uploaded as `multipart/form-data` parts, and answers that are not
//! JSON (a quote's PDF).

use std::fmt;

/// Bytes with an optional file name and content type: a file to upload, or a downloaded
/// answer.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary {
    /// The file name sent with an upload.
    pub name: Option<String>,
    /// The media type (`application/pdf`).
    pub content_type: Option<String>,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl Binary {
    /// A file to upload: its name, media type and contents.
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Binary {
            name: Some(name.into()),
            content_type: Some(content_type.into()),
            bytes: bytes.into(),
        }
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A `multipart/form-data` body: the form's fields, then the files.
pub(crate) struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    /// An empty body with a boundary that cannot occur in the parts: it is checked against
    /// every part and lengthened until it does not.
    pub(crate) fn new(fields: &[(String, String)], files: &[(String, Binary)]) -> Self {
        let mut boundary = format!("stripe-api-{:016x}", super::retry::random_u64());
        while fields
            .iter()
            .any(|(k, v)| k.contains(&boundary) || v.contains(&boundary))
            || files
                .iter()
                .any(|(_, file)| contains(&file.bytes, boundary.as_bytes()))
        {
            boundary.push_str(&format!("{:016x}", super::retry::random_u64()));
        }
        let mut body = Vec::new();
        for (name, value) in fields {
            part_header(&mut body, &boundary, name, None, None);
            body.extend_from_slice(value.as_bytes());
            body.extend_from_slice(b"\r\n");
        }
        for (name, file) in files {
            let content_type = file
                .content_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            let file_name = file.name.as_deref().unwrap_or("blob");
            part_header(
                &mut body,
                &boundary,
                name,
                Some(file_name),
                Some(content_type),
            );
            body.extend_from_slice(&file.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Multipart { boundary, body }
    }

    /// The `Content-Type` header, with the boundary.
    pub(crate) fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    pub(crate) fn into_body(self) -> Vec<u8> {
        self.body
    }
}

fn part_header(
    body: &mut Vec<u8>,
    boundary: &str,
    name: &str,
    file_name: Option<&str>,
    content_type: Option<&str>,
) {
    let mut header = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
        quoted(name)
    );
    if let Some(file_name) = file_name {
        header.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
    }
    header.push_str("\r\n");
    if let Some(content_type) = content_type {
        header.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    header.push_str("\r\n");
    body.extend_from_slice(header.as_bytes());
}

/// A header parameter value: quotes and line breaks escaped as browsers do.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
