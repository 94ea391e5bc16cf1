//! The tantivy index: its schema, how records are written to it, and how it
//! follows the store's change log. The last change applied is kept in the
//! index's own commit payload, so a restarted server resumes where it was.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use pledgebook_core::store::{Filter, Keyset, RawRecord, Reader, Store};
use pledgebook_core::{Kind, Rel};
use tantivy::schema::{
    FAST, Facet, FacetOptions, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term, doc};

use crate::docs::{IndexDoc, Lookups, document};
use crate::tokenizer::{self, BigramTokenizer};
use crate::{Error, Fields};

/// Changes read from the store per round trip.
const BATCH: u32 = 1000;
/// While catching up, the index commits at least this often…
const COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);
/// …and after this many records.
const COMMIT_AFTER: usize = 50_000;
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

    /// Applies every change made since the last one applied; returns how
    /// many records changed. Each batch reads only the records its
    /// changes touch, plus those whose indexed text shows them (a renamed
    /// organisation's commitments and reports, a commitment's reports).
    #[tracing::instrument(skip_all, fields(from = self.applied()))]
    pub async fn catch_up(&self, store: &dyn Store) -> Result<usize, Error> {
        let (mut cursor, mut done, mut unsaved) = (self.applied(), 0, 0);
        let mut since_commit = std::time::Instant::now();
        loop {
            let mut r = store.read().await?;
            let changes = r.changed_since(cursor, i64::from(BATCH)).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                drop(r);
                // Commit whenever the cursor moved, even for changes that
                // touch nothing searchable (accounts), so the index's
                // position is the log's head.
                if cursor != self.applied() {
                    let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
                    self.commit(&mut writer, cursor)?;
                }
                return Ok(done);
            };
            let mut touched: BTreeSet<i64> = BTreeSet::new();
            let mut dependents: Vec<(Kind, i64)> = Vec::new();
            for c in changes.iter().filter(|c| c.kind != Kind::User) {
                // A record created just now has nothing that shows it yet;
                // an updated one may have (a renamed organisation).
                if touched.insert(c.record_id)
                    && c.version > 1
                    && matches!(c.kind, Kind::Organisation | Kind::Commitment)
                {
                    dependents.push((c.kind, c.record_id));
                }
            }
            let ids: Vec<i64> = touched.iter().copied().collect();
            let records = r.get_many(&ids).await?;
            self.reindex(&mut *r, &ids, &records).await?;
            for (kind, id) in dependents {
                self.reindex_dependents(&mut *r, kind, id).await?;
            }
            drop(r);
            cursor = last;
            done += ids.len();
            unsaved += ids.len();
            // Commit (and make searchable) every second or so while
            // catching up, not after every batch: a commit is costly and
            // leaves a segment to merge.
            if since_commit.elapsed() >= COMMIT_EVERY || unsaved >= COMMIT_AFTER {
                // (Also where only accounts changed: the cursor moves on.)
                let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
                self.commit(&mut writer, cursor)?;
                unsaved = 0;
                since_commit = std::time::Instant::now();
            }
        }
    }

    /// Writes the documents of `records` (and removes the ids in `ids` that
    /// no longer exist or may no longer be shown), without committing.
    async fn reindex(&self, r: &mut dyn Reader, ids: &[i64], records: &[RawRecord]) -> Result<(), Error> {
        let lookups = Lookups::for_records(r, records).await?;
        let docs: Vec<(i64, Option<IndexDoc>)> = ids
            .iter()
            .map(|id| (*id, records.iter().find(|raw| raw.id == *id).and_then(|raw| document(raw, &lookups))))
            .collect();
        let writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for (id, doc) in docs {
            self.write(&writer, id, doc)?;
        }
        Ok(())
    }

    /// Reindexes the records whose documents show record `id`'s name or
    /// depend on its visibility, a page at a time.
    async fn reindex_dependents(&self, r: &mut dyn Reader, kind: Kind, id: i64) -> Result<usize, Error> {
        let filters = match kind {
            Kind::Organisation => vec![
                Filter::of(Kind::Commitment).linked_to(&[Rel::Lead, Rel::CoResponsible], id),
                Filter::of(Kind::ProgressEntry).linked_to(&[Rel::ReportedBy], id),
                Filter::of(Kind::Event).linked_to(&[Rel::Organiser], id),
            ],
            Kind::Commitment => vec![Filter::of(Kind::ProgressEntry).under(id)],
            _ => return Ok(0),
        };
        let mut done = 0;
        for filter in filters {
            let mut after = None;
            loop {
                let page = r.query(&filter, Keyset::after(after, BATCH)).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                let ids: Vec<i64> = page.iter().map(|raw| raw.id).collect();
                self.reindex(r, &ids, &page).await?;
                done += page.len();
            }
        }
        Ok(done)
    }

    /// Throws the index away and builds it again from every record, a page
    /// at a time by key; `progress(done, total)` is called as it goes.
    pub async fn rebuild(
        &self,
        store: &dyn Store,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<usize, Error> {
        let mut r = store.read().await?;
        let head = r.last_seq().await?;
        let kinds = [Kind::Organisation, Kind::Commitment, Kind::ProgressEntry, Kind::Event];
        let mut total = 0;
        for k in kinds {
            total += r.count(k).await? as usize;
        }
        self.writer.lock().unwrap_or_else(|p| p.into_inner()).delete_all_documents()?;
        let mut done = 0;
        for k in kinds {
            let mut after = None;
            loop {
                let page = r.query(&Filter::of(k), Keyset::after(after, BATCH)).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                let lookups = Lookups::for_records(&mut *r, &page).await?;
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
