//! Hand-written support for the generated types. The generator never writes here.

mod enums;
mod expandable;
mod form;
mod ids;
mod object;
mod request;
mod scalars;
mod union;

pub use expandable::{Expand, Expandable};
pub use form::{encode, FormError, FormPairs};
pub use request::{Clearable, RangeBounds, RangeFilter};
pub use scalars::{Decimal, List, ParseDecimalError, Timestamp};

pub(crate) use enums::{deserialize_with_str, impl_open_enum};
pub(crate) use ids::id_type;
pub(crate) use object::{
    deserialize_object, impl_deserialize_object, required, FieldName, FromMap,
};
pub(crate) use union::{from_value, object_tag};
