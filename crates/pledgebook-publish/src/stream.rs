//! Exports written as they are read. An [`Export`] reads one page of
//! records, turns it into bytes and hands them on, so a download of
//! 1,000,000 commitments holds one page in memory, not the campaign: the
//! web server sends each piece as it comes, the CLI writes it to a file.
//!
//! Every piece is made by the same functions as the whole-initiative
//! exports of [`crate::export`] and [`crate::iati`], applied to a page
//! ([`InitiativeData`] holding one page of commitments with their reports,
//! indicators and the organisations they name), so the two cannot differ.

use std::collections::HashMap;
use std::io::Write;

use pledgebook_core::ops::{self, Scan};
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{Commitment, Event, Id, Indicator, Initiative, Kind, Organisation, ProgressEntry, Stored};
use serde::Serialize;

use crate::export::{self, Entity};
use crate::iati::{self, IatiOptions};
use crate::{Error, InitiativeData};

mod xlsx;
pub use xlsx::xlsx;

/// Records read at a time: one page of commitments, then the reports and
/// indicators under them.
pub const PAGE: u32 = 500;

/// `Export::items` once a JSON array is closed.
const CLOSED: u64 = u64::MAX;

/// Excel's last row; the header takes one.
pub const XLSX_MAX_ROWS: u64 = 1_048_576;

/// What an [`Export`] writes.
#[derive(Debug, Clone)]
pub enum Format {
    /// One entity of an initiative as CSV, in the columns the importer reads.
    Csv(Entity),
    /// The whole initiative: commitments with their reports, indicators,
    /// events, and the organisations they name.
    Json,
    /// IATI 2.03 activity XML.
    Iati(IatiOptions),
    /// Every public event as iCalendar; `host` makes the UIDs unique.
    Ical { host: String },
}

/// The parts of a document, written in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Open,
    Commitments,
    Indicators,
    Events,
    Organisations,
    Close,
}

/// What a part yields: the document's bytes, or for the sheets the rows,
/// which [`Export::next`] writes as CSV and [`xlsx`] puts in a workbook.
enum Piece {
    Bytes(Vec<u8>),
    Rows(Vec<Vec<String>>),
}

/// One export in progress: call [`Export::next`] until it answers `None`.
#[derive(Debug)]
pub struct Export {
    format: Format,
    initiative: Option<Stored<Initiative>>,
    parts: &'static [Part],
    at: usize,
    page: u32,
    scan: Option<Scan>,
    /// Items written in the current JSON array (a comma goes before the next).
    items: u64,
    /// Organisations the JSON names, written at its end.
    named: Vec<i64>,
    named_at: usize,
    publisher: String,
}

impl Export {
    /// An export of the initiative `key`; `Format::Ical` ignores the key
    /// (see [`Export::events`]).
    pub async fn open(r: &mut dyn Reader, key: &str, format: Format) -> Result<Self, Error> {
        if let Format::Ical { host } = &format {
            return Ok(Export::events(host));
        }
        let initiative = ops::find::<Initiative>(r, key).await?.ok_or_else(|| Error::NoInitiative(key.to_owned()))?;
        let mut export = Export::new(format, Some(initiative));
        if let Format::Iati(options) = &export.format {
            // The publisher comes from the initiative's participants, whoever the page holds.
            let head = export.data(Vec::new(), Vec::new(), Vec::new(), r).await?;
            export.publisher = iati::publisher(&head, options);
        }
        Ok(export)
    }

    /// Every public event, of every initiative, as iCalendar.
    pub fn events(host: &str) -> Self {
        Export::new(Format::Ical { host: host.to_owned() }, None)
    }

    fn new(format: Format, initiative: Option<Stored<Initiative>>) -> Self {
        use Part::*;
        let parts: &'static [Part] = match &format {
            Format::Csv(Entity::Observations) => &[Open, Indicators],
            Format::Csv(_) => &[Open, Commitments],
            Format::Json => &[Open, Commitments, Indicators, Events, Organisations, Close],
            Format::Iati(_) => &[Open, Commitments, Close],
            Format::Ical { .. } => &[Open, Events, Close],
        };
        Export {
            format,
            initiative,
            parts,
            at: 0,
            page: PAGE,
            scan: None,
            items: 0,
            named: Vec::new(),
            named_at: 0,
            publisher: String::new(),
        }
    }

    /// Reads this many records at a time (tests use small pages to cross
    /// page boundaries).
    pub fn page_size(mut self, n: u32) -> Self {
        self.page = n.clamp(1, PAGE);
        self
    }

    /// The next piece of the document, or `None` when it is complete.
    pub async fn next(&mut self, r: &mut dyn Reader) -> Result<Option<Vec<u8>>, Error> {
        Ok(match self.piece(r).await? {
            Some(Piece::Bytes(bytes)) => Some(bytes),
            Some(Piece::Rows(rows)) => Some(csv_bytes(rows)?),
            None => None,
        })
    }

    /// The next rows of a sheet (the header first), or `None` at its end.
    async fn next_rows(&mut self, r: &mut dyn Reader) -> Result<Option<Vec<Vec<String>>>, Error> {
        Ok(match self.piece(r).await? {
            Some(Piece::Rows(rows)) => Some(rows),
            Some(Piece::Bytes(_)) => unreachable!("a sheet's parts are all rows"),
            None => None,
        })
    }

    async fn piece(&mut self, r: &mut dyn Reader) -> Result<Option<Piece>, Error> {
        while let Some(&part) = self.parts.get(self.at) {
            let piece = match part {
                Part::Open => Some(self.opening()?),
                Part::Close => Some(Piece::Bytes(self.closing().into_bytes())),
                Part::Commitments => self.commitments(r).await?,
                Part::Indicators => self.indicators(r).await?,
                Part::Events => self.events_page(r).await?.map(Piece::Bytes),
                Part::Organisations => self.organisations(r).await?.map(Piece::Bytes),
            };
            match piece {
                Some(bytes) if matches!(part, Part::Open | Part::Close) => {
                    self.advance();
                    return Ok(Some(bytes));
                }
                Some(bytes) => return Ok(Some(bytes)),
                None => self.advance(),
            }
        }
        Ok(None)
    }

    /// Writes the whole document to `out`, telling `progress` the bytes
    /// written so far after each piece; answers the bytes written.
    pub async fn write_to(
        mut self,
        r: &mut dyn Reader,
        out: &mut impl Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(piece) = self.next(r).await? {
            out.write_all(&piece)?;
            written += piece.len() as u64;
            progress(written);
        }
        Ok(written)
    }

    fn advance(&mut self) {
        self.at += 1;
        self.scan = None;
        self.items = 0;
        if self.parts.get(self.at) == Some(&Part::Organisations) {
            // Everything that names organisations has been written.
            self.named.sort_unstable();
            self.named.dedup();
        }
    }

    fn initiative(&self) -> &Stored<Initiative> {
        self.initiative.as_ref().expect("every format but iCalendar opens an initiative")
    }

    fn opening(&mut self) -> Result<Piece, Error> {
        Ok(Piece::Bytes(match &self.format {
            Format::Csv(entity) => {
                return Ok(Piece::Rows(vec![export::columns(*entity).iter().map(|c| (*c).to_owned()).collect()]));
            }
            Format::Json => {
                let ini = self.initiative.as_ref().expect("JSON opens an initiative");
                self.named.extend(ini.participants.iter().map(|p| p.organisation.get()));
                let mut out = b"{\"initiative\": ".to_vec();
                serde_json::to_writer(&mut out, ini).map_err(std::io::Error::from)?;
                out
            }
            Format::Iati(options) => iati::open(options).into_bytes(),
            Format::Ical { .. } => {
                b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:pledgebook\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:pledgebook\r\n"
                    .to_vec()
            }
        }))
    }

    fn closing(&self) -> String {
        match &self.format {
            Format::Json => "\n}\n".into(),
            Format::Iati(_) => iati::CLOSE.into(),
            Format::Ical { .. } => "END:VCALENDAR\r\n".into(),
            Format::Csv(_) => String::new(),
        }
    }

    /// The opening of a JSON array, before its first item, and the comma
    /// before each next one.
    fn json_item(&mut self, out: &mut Vec<u8>, name: &str, value: &impl Serialize) -> Result<(), Error> {
        if self.items == 0 {
            out.extend_from_slice(format!(",\n\"{name}\": [\n").as_bytes());
        } else {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
        self.items += 1;
        Ok(())
    }

    /// The end of a part: the JSON array's closing, nothing for other formats.
    fn json_end_if_json(&mut self, name: &str) -> Option<Vec<u8>> {
        if matches!(self.format, Format::Json) { self.json_end(name) } else { None }
    }

    /// The closing of the JSON array that `json_item` opened, or an empty
    /// one if the list was empty; `None` once written, which ends the part.
    fn json_end(&mut self, name: &str) -> Option<Vec<u8>> {
        if self.items == CLOSED {
            return None;
        }
        let end = if self.items == 0 { format!(",\n\"{name}\": []") } else { "\n]".into() };
        self.items = CLOSED;
        Some(end.into_bytes())
    }

    async fn commitments(&mut self, r: &mut dyn Reader) -> Result<Option<Piece>, Error> {
        let ini = self.initiative().id.get();
        let page = self.page;
        let scan =
            self.scan.get_or_insert_with(|| Scan::new(Filter::of(Kind::Commitment).in_initiative(ini).public(), page));
        let Some(mut commitments) = scan.next::<Commitment>(r).await? else {
            return Ok(self.json_end_if_json("commitments").map(Piece::Bytes));
        };
        for c in &mut commitments {
            c.value.intake = None;
        }
        let ids: Vec<i64> = commitments.iter().map(|c| c.id.get()).collect();
        let entries = match self.format {
            Format::Csv(Entity::Reports) | Format::Json | Format::Iati(_) => {
                under::<ProgressEntry>(r, ini, &ids, page).await?
            }
            _ => Vec::new(),
        };
        let indicators = match self.format {
            Format::Iati(_) => under::<Indicator>(r, ini, &ids, page).await?,
            _ => Vec::new(),
        };
        let mut data = self.data(commitments, entries, indicators, r).await?;
        let bytes = match &self.format {
            Format::Csv(Entity::Commitments) => {
                return Ok(Some(Piece::Rows(export::commitment_rows(&data).into_iter().map(Vec::from).collect())));
            }
            Format::Csv(_) => {
                // Repeat mentions name their commitment, which may be on another page.
                let outside = data.entries.iter().filter_map(|e| e.repeat_of).filter(|c| !ids.contains(&c.get()));
                data.elsewhere = ops::get_many::<Commitment>(r, outside.collect::<Vec<_>>())
                    .await?
                    .into_values()
                    .filter(|c| c.status.is_public())
                    .collect();
                return Ok(Some(Piece::Rows(export::report_rows(&data))));
            }
            Format::Iati(_) => iati::activities(&data, &self.publisher)?,
            Format::Json => {
                let mut by_commitment: HashMap<Id<Commitment>, Vec<&Stored<ProgressEntry>>> = HashMap::new();
                for e in &data.entries {
                    by_commitment.entry(e.commitment).or_default().push(e);
                }
                let mut out = Vec::new();
                for c in &data.commitments {
                    let reports = by_commitment.remove(&c.id).unwrap_or_default();
                    self.named.extend(c.owners().iter().map(|o| o.get()));
                    self.named.extend(reports.iter().flat_map(|e| e.reported_by.iter().map(|o| o.get())));
                    self.json_item(&mut out, "commitments", &serde_json::json!({"commitment": c, "reports": reports}))?;
                }
                out
            }
            Format::Ical { .. } => unreachable!("iCalendar has no commitments part"),
        };
        Ok(Some(Piece::Bytes(bytes)))
    }

    async fn indicators(&mut self, r: &mut dyn Reader) -> Result<Option<Piece>, Error> {
        let ini = self.initiative().id.get();
        let page = self.page;
        let scan =
            self.scan.get_or_insert_with(|| Scan::new(Filter::of(Kind::Indicator).in_initiative(ini).public(), page));
        let Some(indicators) = scan.next::<Indicator>(r).await? else {
            return Ok(self.json_end_if_json("indicators").map(Piece::Bytes));
        };
        if let Format::Json = self.format {
            let mut out = Vec::new();
            for i in &indicators {
                self.json_item(&mut out, "indicators", i)?;
            }
            return Ok(Some(Piece::Bytes(out)));
        }
        let data = self.data(Vec::new(), Vec::new(), indicators, r).await?;
        Ok(Some(Piece::Rows(export::observation_rows(&data))))
    }

    async fn events_page(&mut self, r: &mut dyn Reader) -> Result<Option<Vec<u8>>, Error> {
        let filter = match &self.initiative {
            Some(ini) => Filter::of(Kind::Event).in_initiative(ini.id.get()).public(),
            None => Filter::of(Kind::Event).public(),
        };
        let page = self.page;
        let scan = self.scan.get_or_insert_with(|| Scan::new(filter, page));
        let Some(events) = scan.next::<Event>(r).await? else {
            return Ok(self.json_end_if_json("events"));
        };
        let mut out = Vec::new();
        match &self.format {
            Format::Ical { host } => {
                out.extend(crate::ical::vevents(&events, host).into_bytes());
            }
            _ => {
                for e in &events {
                    self.named.extend(e.organisers.iter().chain(&e.co_organisers).map(|o| o.get()));
                    self.json_item(&mut out, "events", e)?;
                }
            }
        }
        Ok(Some(out))
    }

    async fn organisations(&mut self, r: &mut dyn Reader) -> Result<Option<Vec<u8>>, Error> {
        let end = (self.named_at + self.page as usize).min(self.named.len());
        if self.named_at >= end {
            return Ok(self.json_end("organisations"));
        }
        let ids: Vec<Id<Organisation>> = self.named[self.named_at..end].iter().map(|&i| Id::new(i)).collect();
        self.named_at = end;
        let orgs = ops::get_many::<Organisation>(r, ids.iter().copied()).await?;
        let mut out = Vec::new();
        for id in ids {
            if let Some(o) = orgs.get(&id) {
                self.json_item(&mut out, "organisations", o)?;
            }
        }
        Ok(Some(out))
    }

    /// A page of the initiative, with the organisations it names.
    async fn data(
        &self,
        commitments: Vec<Stored<Commitment>>,
        entries: Vec<Stored<ProgressEntry>>,
        indicators: Vec<Stored<Indicator>>,
        r: &mut dyn Reader,
    ) -> Result<InitiativeData, Error> {
        let mut data = InitiativeData {
            initiative: self.initiative().clone(),
            commitments,
            entries,
            indicators,
            events: Vec::new(),
            orgs: HashMap::new(),
            elsewhere: Vec::new(),
        };
        data.orgs = ops::get_many::<Organisation>(r, data.named_organisations())
            .await?
            .into_iter()
            .map(|(id, o)| (id.get(), o))
            .collect();
        Ok(data)
    }
}

/// The public `R`s of the initiative under any of these commitments.
async fn under<R: pledgebook_core::Record>(
    r: &mut dyn Reader,
    initiative: i64,
    parents: &[i64],
    page: u32,
) -> Result<Vec<Stored<R>>, Error> {
    let filter = Filter::of(R::KIND).in_initiative(initiative).under_any(parents.iter().copied()).public();
    let mut scan = Scan::new(filter, page);
    let mut out = Vec::new();
    while let Some(more) = scan.next::<R>(r).await? {
        out.extend(more);
    }
    Ok(out)
}

/// Rows as CSV, each cell guarded against formula injection.
fn csv_bytes(rows: Vec<Vec<String>>) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        w.write_record(row.iter().map(|c| pledgebook_core::formula::guard(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| Error::Csv(e.into_error().into()))
}
