//! pledgebook-publish's integration tests, one binary: exports read back,
//! the consolidated report (text round trip, PDF), IATI XML against its
//! schema, and aggregates.

mod aggregate;
mod exports;
mod iati;
mod pdf;
mod report;
mod sheets;
mod support;
