//! What the fake answers: a body with a status, and errors in Stripe's shape.

use serde_json::{json, Value};

/// What the fake answers: a JSON body or bytes, with a status.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
    /// Its content type.
    pub content_type: &'static str,
}

/// An error answer, in Stripe's shape.
#[derive(Debug, Clone)]
pub struct StripeError {
    /// The HTTP status.
    pub status: u16,
    /// Stripe's `type`.
    pub type_: &'static str,
    /// Stripe's `code`, if it has one.
    pub code: Option<&'static str>,
    /// The message.
    pub message: String,
    /// The parameter it is about.
    pub param: Option<String>,
}

impl StripeError {
    /// A 400 `invalid_request_error`.
    pub fn invalid(message: impl Into<String>, param: Option<&str>) -> Self {
        StripeError {
            status: 400,
            type_: "invalid_request_error",
            code: None,
            message: message.into(),
            param: param.map(str::to_owned),
        }
    }

    /// A 404 `resource_missing` for an id.
    pub fn missing(object: &str, id: &str, param: &str) -> Self {
        StripeError {
            status: 404,
            code: Some("resource_missing"),
            ..StripeError::invalid(format!("No such {object}: '{id}'"), Some(param))
        }
    }

    /// The error as an answer: `{"error": {...}}` with its status.
    pub fn answer(&self) -> Answer {
        let mut error = json!({"type": self.type_, "message": self.message});
        if let Some(code) = self.code {
            error["code"] = json!(code);
            error["doc_url"] = json!(format!(
                "https://stripe.com/docs/error-codes/{}",
                code.replace('_', "-")
            ));
        }
        if let Some(param) = &self.param {
            error["param"] = json!(param);
        }
        json_answer(self.status, &json!({ "error": error }))
    }
}

pub(crate) fn json_answer(status: u16, value: &Value) -> Answer {
    Answer {
        status,
        body: value.to_string().into_bytes(),
        content_type: "application/json",
    }
}
