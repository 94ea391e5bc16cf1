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

/// Something a parser could not place, or a departure from the shape it
/// expects, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub line: u32,
    pub message: String,
    pub level: Level,
}

/// How much a [`Warning`] matters to the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Worth reading; the import goes ahead.
    #[default]
    Notice,
    /// Could put data in the wrong place (a numbering gap, a paragraph
    /// with no responsible body): nothing is written unless the user
    /// accepts it (`--accept-warnings`).
    Departure,
    /// Would merge two records into one (a measure numbered twice):
    /// nothing is written until the file is corrected.
    Conflict,
}

/// The warnings that stop an import: every conflict, and departures unless
/// the user accepted them. Empty when the import may go ahead.
pub fn blocking(warnings: &[Warning], accept_departures: bool) -> Vec<Warning> {
    let floor = if accept_departures { Level::Conflict } else { Level::Departure };
    warnings.iter().filter(|w| w.level >= floor).cloned().collect()
}

/// What an import refused says: each blocking warning with its line, and
/// what to do.
pub fn refusal(found: &[Warning], accepted: bool) -> String {
    let mut out = if accepted || found.iter().all(|w| w.level == Level::Conflict) {
        String::from("the file cannot be imported as it is; nothing was written. Correct it:")
    } else {
        String::from(
            "the file departs from the structure expected where data could land in the wrong place or be lost; \
             nothing was written. Correct the file, or import with --accept-warnings if it is right as it is:",
        )
    };
    for w in found {
        out.push_str(&format!("\n  line {}: {}", w.line, w.message));
    }
    out
}

impl Warning {
    pub fn notice(line: u32, message: impl Into<String>) -> Self {
        Warning { line, message: message.into(), level: Level::Notice }
    }

    pub fn departure(line: u32, message: impl Into<String>) -> Self {
        Warning { line, message: message.into(), level: Level::Departure }
    }

    pub fn conflict(line: u32, message: impl Into<String>) -> Self {
        Warning { line, message: message.into(), level: Level::Conflict }
    }
}
