//! Parsers from the documents people already have (implementation-status
//! reports, pledge documents, spreadsheets) to values the rest of pledgebook
//! understands.
//!
//! Pure: no database and no network. A parser returns what it found, where
//! it found it (1-based line numbers), and a warning for every piece of text
//! it could not place; it never drops text silently. Writing the result is
//! the caller's job, through `pledgebook_core::ops`, in one transaction.

pub mod decode;
pub mod lines;
pub mod pdf;
pub mod pledge;
pub mod report;
pub mod sheet;

pub use decode::{DecodeError, Decoded, decode};
pub use pledge::{Pledge, parse_pledge};
pub use report::{Report, parse_report};

/// Something a parser could not place, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub line: u32,
    pub message: String,
}
