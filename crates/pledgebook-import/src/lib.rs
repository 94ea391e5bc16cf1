//! Parsers from the documents people already have (implementation-status
//! reports, pledge documents, spreadsheets) to `pledgebook-core` values.
//!
//! Pure: no database and no network. Writing the parsed values is the job of
//! the caller, through the store trait, in one transaction.
