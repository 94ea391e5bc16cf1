//! Spreadsheets (CSV and XLSX) of commitments or of indicator observations.
//!
//! Columns are found by header name (English or Japanese, see
//! [`columns`]) or by a mapping file. Every row is checked with the same
//! rules as a form would be; problems are reported as (row, column, reason).
//! By default one bad row means nothing is written; with `skip_invalid` the
//! valid rows are written and the rest reported, each row undone on its own
//! through a savepoint.

pub mod columns;
pub mod commitments;
pub mod observations;

use serde::Serialize;

pub use columns::{Field, Mapping};

/// A sheet: its header row and its data rows, each with the row number a
/// spreadsheet program would show (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// One problem with one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{0}")]
    Read(String),
    #[error("the sheet has no column for {field}: name a column {aliases} (or map one with --mapping)")]
    MissingColumn { field: &'static str, aliases: String },
    #[error("{} rows have problems; nothing was written (fix them, or add --skip-invalid to write the valid rows):\n{}", .0.len(), describe(.0))]
    Invalid(Vec<RowError>),
    #[error("there is no initiative {0:?}; create it first with `pledgebook initiative add`")]
    NoInitiative(String),
    #[error(transparent)]
    Store(#[from] pledgebook_core::store::StoreError),
    #[error(transparent)]
    Core(#[from] pledgebook_core::Error),
}

pub fn describe(errors: &[RowError]) -> String {
    errors.iter().map(|e| format!("  row {}, column {}: {}", e.row, e.column, e.message)).collect::<Vec<_>>().join("\n")
}

/// What a sheet import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows left out with `skip_invalid`.
    pub skipped: Vec<RowError>,
}

impl Outcome {
    pub fn count(&mut self, how: pledgebook_core::ops::Saved) {
        use pledgebook_core::ops::Saved;
        match how {
            Saved::Created => self.created += 1,
            Saved::Updated => self.updated += 1,
            Saved::Unchanged => self.unchanged += 1,
        }
    }

    /// The outcome of a whole sheet: any row error fails it, unless the
    /// caller asked to skip invalid rows, when they are listed instead.
    fn finish(mut self, errors: Vec<RowError>, skip_invalid: bool) -> Result<Outcome, SheetError> {
        if errors.is_empty() {
            Ok(self)
        } else if skip_invalid {
            self.skipped = errors;
            Ok(self)
        } else {
            Err(SheetError::Invalid(errors))
        }
    }
}

/// Reads CSV text (the header is the first record).
pub fn read_csv(text: &str) -> Result<Table, SheetError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| SheetError::Read(format!("the header row cannot be read: {e}")))?;
    let mut table = Table { headers: headers.iter().map(|h| h.trim().to_owned()).collect(), rows: Vec::new() };
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| SheetError::Read(format!("row {}: {e}", i + 2)))?;
        let cells: Vec<String> =
            record.iter().map(|c| pledgebook_core::formula::unguard(c.trim()).to_owned()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            table.rows.push((i as u32 + 2, cells));
        }
    }
    Ok(table)
}

/// Reads the first worksheet of an XLSX workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, SheetError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| SheetError::Read(format!("not an XLSX workbook: {e}")))?;
    let name =
        book.sheet_names().first().cloned().ok_or_else(|| SheetError::Read("the workbook has no sheets".into()))?;
    let range = book.worksheet_range(&name).map_err(|e| SheetError::Read(format!("sheet {name:?}: {e}")))?;
    let cell = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.trim().to_owned(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(dt) => dt.as_datetime().map(|d| d.date().to_string()).unwrap_or_else(|| dt.to_string()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let start_row = range.start().map_or(0, |(r, _)| r);
    let mut rows = range.rows();
    let headers = rows.next().map(|r| r.iter().map(cell).collect()).unwrap_or_default();
    let mut table = Table { headers, rows: Vec::new() };
    for (i, r) in rows.enumerate() {
        let cells: Vec<String> = r.iter().map(cell).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            table.rows.push((start_row + i as u32 + 2, cells));
        }
    }
    Ok(table)
}

/// What a sheet holds, from its headers: observations have an indicator,
/// a value and a date; anything with a title is commitments.
pub fn guess_kind(table: &Table) -> Option<SheetKind> {
    let m = Mapping::from_headers(&table.headers);
    if m.has(Field::Indicator) && m.has(Field::Value) {
        Some(SheetKind::Observations)
    } else if m.has(Field::Title) {
        Some(SheetKind::Commitments)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Commitments,
    Observations,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_with_row_numbers_and_skips_blank_rows() {
        let t = read_csv("title,organisation\nA,\"B, Inc\"\n,\nC,D\n").unwrap();
        assert_eq!(t.headers, ["title", "organisation"]);
        assert_eq!(t.rows, [(2, vec!["A".to_owned(), "B, Inc".to_owned()]), (4, vec!["C".to_owned(), "D".to_owned()])]);
    }

    #[test]
    fn refuses_a_workbook_that_is_not_one() {
        assert!(matches!(read_xlsx(b"not a zip"), Err(SheetError::Read(_))));
    }
}
