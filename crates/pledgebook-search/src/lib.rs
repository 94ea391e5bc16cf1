//! The full-text index over commitments, progress entries, organisations and
//! events, in English and Japanese. Derived data: it is rebuilt from the
//! store (`pledgebook reindex`) and follows the store's change log (the
//! revisions table), so every server instance keeps its own index current,
//! and several instances on one PostgreSQL converge. Nothing writes to it
//! but [`SearchIndex::catch_up`] and [`SearchIndex::rebuild`].

mod docs;
mod index;
mod query;
pub mod tokenizer;

pub use docs::{IndexDoc, Lookups, document};
pub use index::SearchIndex;
pub use query::{FACETED_HITS, FACETS, Hit, Results, SearchQuery, Segment};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("search index: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error(transparent)]
    Store(#[from] pledgebook_core::store::StoreError),
    #[error(transparent)]
    Core(#[from] pledgebook_core::Error),
}

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: tantivy::schema::Field,
    pub kind: tantivy::schema::Field,
    pub title: tantivy::schema::Field,
    pub body: tantivy::schema::Field,
    pub url: tantivy::schema::Field,
    pub facets: tantivy::schema::Field,
}
