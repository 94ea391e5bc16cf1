//! Publication: open-data exports (CSV and XLSX that the importer reads
//! back as is, JSON of a whole initiative, IATI activity XML, iCalendar of
//! events), the consolidated report (text, Markdown, PDF) and aggregates,
//! read from the store.
//! Nothing here writes to the store, and nothing private leaves it: only
//! public commitments and reports are exported, never a pledge's contact.

pub mod aggregate;
pub mod export;
pub mod iati;
pub mod ical;
mod load;
pub mod pdf;
pub mod report;
pub mod stream;

pub use load::{InitiativeData, LOAD_LIMIT, load};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("there is no initiative {0:?}")]
    NoInitiative(String),
    #[error(transparent)]
    Core(#[from] pledgebook_core::Error),
    #[error(transparent)]
    Store(#[from] pledgebook_core::store::StoreError),
    #[error(
        "{initiative} has {commitments} public commitments; the consolidated report and the figures read at most {limit}: download the CSV export instead"
    )]
    TooLarge { initiative: String, commitments: i64, limit: i64 },
    #[error(
        "the {entity} sheet has more than {limit} rows, more than this spreadsheet download holds: download it as CSV instead"
    )]
    TooManyRows { entity: &'static str, limit: u64 },
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XML: {0}")]
    Xml(#[from] std::io::Error),
}
