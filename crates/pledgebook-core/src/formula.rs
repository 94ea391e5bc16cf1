//! Spreadsheet cells that would run as formulas. A pledge titled
//! `=HYPERLINK("http://…")` must reach a secretariat's Excel as text: CSV
//! exports write such a cell with a leading apostrophe (OWASP's advice),
//! which spreadsheets show as text, and the importer takes it off again, so
//! an export re-imports as it was.

use std::borrow::Cow;

/// What makes a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell needs the apostrophe: it would run, or it already
/// starts with apostrophes before something that would (so that a text
/// that really begins `'=` comes back as written too).
fn needs_guard(cell: &str) -> bool {
    let unquoted = cell.trim_start_matches('\'');
    unquoted.starts_with(FORMULA_STARTS)
}

/// A cell as a CSV export writes it.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if needs_guard(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// The cell [`guard`] was given.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_guarded_and_come_back_unchanged() {
        for cell in ["=HYPERLINK(\"http://x\")", "+81 3", "-5", "@SUM(A1)", "\tx", "'=already"] {
            let written = guard(cell);
            assert!(!written.starts_with(FORMULA_STARTS), "{cell:?} is written as {written:?}");
            assert_eq!(unguard(&written), cell);
        }
        for cell in ["plain", "", "'quoted'", "5-3", "1,000"] {
            assert_eq!(guard(cell), cell, "{cell:?} needs no guard");
            assert_eq!(unguard(cell), cell);
        }
    }
}
