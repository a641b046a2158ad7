//! The types of the generated table (`src/generated/`, written by the generator): what it knows about
//! each selected operation and API object.

/// One operation of the API.
#[derive(Debug)]
pub struct Operation {
    /// The client method (`create_checkout_session`).
    pub name: &'static str,
    /// `GET`, `POST` or `DELETE`.
    pub method: &'static str,
    /// The path template (`/v1/checkout/sessions/{session}`).
    pub path: &'static str,
    /// What it does to the stored objects.
    pub kind: Kind,
    /// The `object` value of what it answers with (of the items, for a list).
    pub object: Option<&'static str>,
    /// The `object` value of the object the first path id names.
    pub parent: Option<&'static str>,
    /// The query or body parameters it accepts.
    pub params: &'static [Param],
}

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Stores a new object.
    Create,
    /// Answers with a stored object.
    Retrieve,
    /// Changes a stored object.
    Update,
    /// Deletes a stored object.
    Delete,
    /// Lists stored objects, or the list a stored object holds.
    List,
    /// Searches stored objects.
    Search,
    /// Acts on a stored object and answers with it.
    Action,
    /// Answers with a file.
    File,
}

/// One parameter, or one field of an object parameter.
#[derive(Debug)]
pub struct Param {
    /// Its name on the wire.
    pub name: &'static str,
    /// Whether the spec requires it.
    pub required: bool,
    /// What values it takes.
    pub shape: Shape,
}

/// The values a parameter takes.
#[derive(Debug)]
pub enum Shape {
    /// Any string.
    String,
    /// A string of at most this many characters (the spec's `maxLength`).
    Text(usize),
    /// An integer (timestamps too).
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A decimal number, kept as its string.
    Decimal,
    /// A file part of a multipart body.
    File,
    /// Anything.
    Any,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// An object with these fields.
    Object(&'static [Param]),
    /// A list of values of a shape.
    Array(&'static Shape),
    /// An object with any keys and values of a shape.
    Map(&'static Shape),
    /// A value of a shape, or an empty string to clear it.
    Clearable(&'static Shape),
    /// A value of a shape, or bounds (`gt`, `gte`, `lt`, `lte`) of that shape.
    Range(&'static Shape),
    /// A value of the first of these shapes that fits.
    AnyOf(&'static [Shape]),
    /// Exactly this string.
    Const(&'static str),
}

/// One API object.
#[derive(Debug)]
pub struct Object {
    /// Its `object` value (`checkout.session`).
    pub object: &'static str,
    /// The prefix of its ids (`cs_test`).
    pub id_prefix: &'static str,
    /// JSON with every required field set, which a new object starts from.
    pub skeleton: &'static str,
}
