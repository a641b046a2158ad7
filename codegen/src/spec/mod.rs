//! Reading specs and selections, and extracting the selected subset of a spec.

pub mod extract;
pub mod load;
pub mod pointer;
pub mod selection;
