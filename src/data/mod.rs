//! Reading, checking and reasoning over the curated data: TOML files to the checked domain model, and the checks and questions answered on the model itself.

pub mod check;
pub mod consistency;
pub mod date;
pub mod diagnostic;
pub mod holders;
pub mod model;
pub mod read;
