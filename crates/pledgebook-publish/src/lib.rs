//! Publication: open-data exports (CSV that the importer reads back as is,
//! JSON of a whole initiative, iCalendar of events), read from the store.
//! Nothing here writes to the store, and nothing private leaves it: only
//! public commitments and reports are exported, never a pledge's contact.

pub mod aggregate;
pub mod export;
pub mod ical;
mod load;
pub mod report;

pub use load::{InitiativeData, load};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("there is no initiative {0:?}")]
    NoInitiative(String),
    #[error(transparent)]
    Core(#[from] pledgebook_core::Error),
    #[error(transparent)]
    Store(#[from] pledgebook_core::store::StoreError),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(String),
}
