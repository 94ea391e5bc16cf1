//! The tantivy index: its schema, how records are written to it, and how it
//! follows the store's change log. The last change applied is kept in the
//! index's own commit payload, so a restarted server resumes where it was.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use pledgebook_core::store::{ListQuery, Reader, Store};
use pledgebook_core::{Commitment, Initiative, Kind, Organisation, ops};
use tantivy::schema::{
    FAST, Facet, FacetOptions, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term, doc};

use crate::docs::{IndexDoc, Lookups, document};
use crate::tokenizer::{self, BigramTokenizer};
use crate::{Error, Fields};

/// Changes read from the store per round trip.
const BATCH: i64 = 1000;
/// The writer's memory budget.
const WRITER_BYTES: usize = 50_000_000;

pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub(crate) fields: Fields,
    /// The last change-log sequence number applied.
    applied: Mutex<i64>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("applied", &self.applied()).finish_non_exhaustive()
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer::NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        url: b.add_text_field("url", STORED),
        facets: b.add_facet_field("facets", FacetOptions::default().set_stored()),
    };
    (b.build(), fields)
}

impl SearchIndex {
    fn with_index(index: Index) -> Result<Self, Error> {
        let (_, fields) = schema();
        index.tokenizers().register(tokenizer::NAME, BigramTokenizer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let writer = index.writer(WRITER_BYTES)?;
        let applied = index.load_metas()?.payload.and_then(|p| p.parse().ok()).unwrap_or(0);
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), fields, applied: Mutex::new(applied) })
    }

    /// Opens the index in `dir`, creating it if needed.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
        let (schema, _) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        Self::with_index(Index::open_or_create(directory, schema)?)
    }

    /// An index in memory: for tests, and for instances without a disk.
    pub fn in_memory() -> Result<Self, Error> {
        let (schema, _) = schema();
        Self::with_index(Index::create_in_ram(schema))
    }

    pub fn applied(&self) -> i64 {
        *self.applied.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self, writer: &IndexWriter, id: i64, doc: Option<IndexDoc>) -> Result<(), Error> {
        writer.delete_term(Term::from_field_u64(self.fields.id, id as u64));
        if let Some(d) = doc {
            let mut t = doc!(
                self.fields.id => d.id as u64,
                self.fields.kind => d.kind.as_str(),
                self.fields.title => d.title,
                self.fields.body => d.body,
                self.fields.url => d.url,
            );
            for f in &d.facets {
                t.add_facet(self.fields.facets, Facet::from(f.as_str()));
            }
            writer.add_document(t)?;
        }
        Ok(())
    }

    fn commit(&self, writer: &mut IndexWriter, applied: i64) -> Result<(), Error> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&applied.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        *self.applied.lock().unwrap_or_else(|p| p.into_inner()) = applied;
        Ok(())
    }

    /// Writes prepared documents directly and commits: for bulk loads and
    /// benchmarks; the store-fed paths are [`Self::catch_up`] and [`Self::rebuild`].
    pub fn index_documents(&self, docs: impl IntoIterator<Item = IndexDoc>) -> Result<(), Error> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for d in docs {
            self.write(&writer, d.id, Some(d))?;
        }
        let applied = self.applied();
        self.commit(&mut writer, applied)
    }

    /// Applies every change made since the last one applied; returns how many records were reindexed.
    pub async fn catch_up(&self, store: &dyn Store) -> Result<usize, Error> {
        let mut done = 0;
        loop {
            let mut r = store.read().await?;
            let changes = r.changes_since(self.applied(), BATCH).await?;
            let Some(last) = changes.last().map(|c| c.seq) else { return Ok(done) };
            let ids: HashSet<i64> = changes.iter().filter(|c| c.kind != Kind::User).map(|c| c.record_id).collect();
            let lookups = lookups(&mut *r).await?;
            let mut docs = Vec::new();
            for id in &ids {
                let doc = r.get(*id).await?.and_then(|raw| document(&raw, &lookups));
                docs.push((*id, doc));
            }
            drop(r);
            let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            for (id, doc) in docs {
                self.write(&writer, id, doc)?;
            }
            self.commit(&mut writer, last)?;
            done += ids.len();
        }
    }

    /// Throws the index away and builds it again from every record;
    /// `progress(done, total)` is called as it goes.
    pub async fn rebuild(
        &self,
        store: &dyn Store,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<usize, Error> {
        let mut r = store.read().await?;
        let head = r.changes_since(0, i64::MAX).await?.last().map_or(0, |c| c.seq);
        let lookups = lookups(&mut *r).await?;
        let kinds = [Kind::Organisation, Kind::Commitment, Kind::ProgressEntry, Kind::Event];
        let mut total = 0;
        for k in kinds {
            total += r.count(k).await? as usize;
        }
        self.writer.lock().unwrap_or_else(|p| p.into_inner()).delete_all_documents()?;
        let mut done = 0;
        for k in kinds {
            let mut offset = 0;
            loop {
                let page = r.list(&ListQuery { kind: k, linked_to: None, limit: Some(BATCH), offset }).await?;
                if page.is_empty() {
                    break;
                }
                offset += page.len() as i64;
                // The lock is taken per page, never across a read from the store.
                let writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
                for raw in &page {
                    self.write(&writer, raw.id, document(raw, &lookups))?;
                }
                drop(writer);
                done += page.len();
                progress(done, total);
            }
        }
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.commit(&mut writer, head)?;
        Ok(done)
    }
}

/// Organisations, initiatives and commitments by id, for facets and titles.
async fn lookups(r: &mut dyn Reader) -> Result<Lookups, Error> {
    Ok(Lookups {
        orgs: ops::list::<Organisation>(r, None).await?.into_iter().map(|o| (o.id.get(), o)).collect(),
        initiatives: ops::list::<Initiative>(r, None).await?.into_iter().map(|i| (i.id.get(), i)).collect(),
        commitments: ops::list::<Commitment>(r, None).await?.into_iter().map(|c| (c.id.get(), c)).collect(),
    })
}
