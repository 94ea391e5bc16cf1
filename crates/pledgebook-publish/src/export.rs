//! CSV and XLSX of commitments and indicator observations in the columns
//! `pledgebook import csv|xlsx` reads, so an export re-imports as is; CSV of
//! published reports; and JSON of a whole initiative.

use pledgebook_core::{Id, Lang, Organisation, Qualifier};
use serde_json::json;

use crate::{Error, InitiativeData};

/// The columns, named as the importer's header aliases.
pub const COMMITMENT_COLUMNS: [&str; 16] = [
    "key",
    "organisation",
    "organisation_kind",
    "co_responsible",
    "title",
    "title_ja",
    "description",
    "implementation",
    "impact",
    "pillar",
    "level",
    "sdg",
    "period",
    "status",
    "tags",
    "link",
];

impl InitiativeData {
    fn org_key(&self, id: Id<Organisation>) -> String {
        self.orgs.get(&id.get()).map_or_else(|| id.to_string(), |o| o.slug.clone())
    }
}

/// One row per public commitment, in [`COMMITMENT_COLUMNS`] order.
fn commitment_rows(data: &InitiativeData) -> Vec<[String; 16]> {
    let mut rows = Vec::new();
    for c in &data.commitments {
        let lead = c.lead.first().copied();
        let facet = |name: &str| c.facets.get(name).map(|v| v.join("; ")).unwrap_or_default();
        let text = |t: &pledgebook_core::Localized| t.get(Lang::En).unwrap_or_default().to_owned();
        let row = [
            c.slug.clone(),
            lead.map(|o| data.org_key(o)).unwrap_or_default(),
            lead.and_then(|o| data.orgs.get(&o.get())).map(|o| o.kind.as_str().to_owned()).unwrap_or_default(),
            c.lead.iter().skip(1).chain(&c.co_responsible).map(|o| data.org_key(*o)).collect::<Vec<_>>().join("; "),
            text(&c.title),
            c.title.get(Lang::Ja).unwrap_or_default().to_owned(),
            text(&c.description),
            text(&c.implementation),
            text(&c.impact),
            facet("pillar"),
            facet("level"),
            facet("sdg"),
            c.period.map(|p| p.to_string()).unwrap_or_default(),
            c.status.as_str().to_owned(),
            c.tags.join("; "),
            c.links.iter().map(|l| l.url.clone()).collect::<Vec<_>>().join("; "),
        ];
        rows.push(row);
    }
    rows
}

/// What one download holds: an initiative's commitments, its indicators'
/// observations (both in the columns `pledgebook import csv|xlsx` reads, so
/// they re-import as is), or its published progress reports (open data;
/// reports come back through the report importer, not a sheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Commitments,
    Observations,
    Reports,
}

impl Entity {
    pub const ALL: [Entity; 3] = [Entity::Commitments, Entity::Observations, Entity::Reports];

    pub fn name(self) -> &'static str {
        match self {
            Entity::Commitments => "commitments",
            Entity::Observations => "observations",
            Entity::Reports => "reports",
        }
    }
}

/// Observation columns, named as the importer's header aliases.
pub const OBSERVATION_COLUMNS: [&str; 6] = ["indicator", "value", "date", "qualifier", "source", "reported_by"];

/// Report columns: one row per published progress entry.
pub const REPORT_COLUMNS: [&str; 11] = [
    "key",
    "commitment",
    "measure",
    "period",
    "reported_by",
    "agencies",
    "narrative",
    "narrative_ja",
    "figures",
    "repeat_of",
    "source",
];

/// A table ready to be written as CSV or XLSX.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

pub fn sheet(data: &InitiativeData, entity: Entity) -> Sheet {
    match entity {
        Entity::Commitments => {
            Sheet { headers: &COMMITMENT_COLUMNS, rows: commitment_rows(data).into_iter().map(Vec::from).collect() }
        }
        Entity::Observations => Sheet { headers: &OBSERVATION_COLUMNS, rows: observation_rows(data) },
        Entity::Reports => Sheet { headers: &REPORT_COLUMNS, rows: report_rows(data) },
    }
}

impl Sheet {
    pub fn to_csv(&self) -> Result<String, Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.headers)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        let bytes = w.into_inner().map_err(|e| Error::Csv(e.into_error().into()))?;
        Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
    }

    /// The same rows as an XLSX workbook that `import xlsx` reads back.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let xlsx = |e: rust_xlsxwriter::XlsxError| Error::Xlsx(e.to_string());
        for (col, name) in self.headers.iter().enumerate() {
            sheet.write_string(0, col as u16, *name).map_err(xlsx)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                // Strings throughout: a key such as "2021" must not become a number.
                sheet.write_string(r as u32 + 1, col as u16, cell).map_err(xlsx)?;
            }
        }
        book.save_to_buffer().map_err(xlsx)
    }
}

/// Baselines and observations of every indicator, oldest first.
fn observation_rows(data: &InitiativeData) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for ind in &data.indicators {
        let mut obs: Vec<_> = ind.observations.iter().collect();
        obs.sort_by_key(|o| o.date);
        for o in obs {
            rows.push(vec![
                ind.key.clone(),
                crate::iati::results::number(o.value),
                o.date.to_string(),
                match o.qualifier {
                    Qualifier::Exact => "exact",
                    Qualifier::AtLeast => "at least",
                    Qualifier::Approximately => "approximately",
                }
                .to_owned(),
                o.source.clone().unwrap_or_default(),
                o.reported_by.map(|r| data.org_key(r)).unwrap_or_default(),
            ]);
        }
    }
    rows
}

/// Published reports in the order of their commitments, then as the document had them.
fn report_rows(data: &InitiativeData) -> Vec<Vec<String>> {
    let by_id: std::collections::HashMap<_, _> = data.commitments.iter().map(|c| (c.id, c)).collect();
    let slug_of = |id: Id<pledgebook_core::Commitment>| by_id.get(&id).copied();
    let mut entries: Vec<_> = data.entries.iter().collect();
    entries.sort_by_key(|e| (e.commitment, e.period, e.provenance.as_ref().map(|p| p.lines.0), e.id));
    entries
        .into_iter()
        .map(|e| {
            let c = slug_of(e.commitment);
            vec![
                e.key.clone(),
                c.map(|c| c.slug.clone()).unwrap_or_default(),
                c.and_then(|c| c.node.as_ref()).map(|n| n.to_string()).unwrap_or_default(),
                e.period.to_string(),
                e.reported_by.iter().map(|o| data.org_key(*o)).collect::<Vec<_>>().join("; "),
                e.agencies_as_written.join("; "),
                e.narrative.get(Lang::En).unwrap_or_default().to_owned(),
                e.narrative.get(Lang::Ja).unwrap_or_default().to_owned(),
                e.figures.iter().map(|f| format!("{} {}", f.text, f.unit)).collect::<Vec<_>>().join("; "),
                e.repeat_of.and_then(slug_of).map(|c| c.slug.clone()).unwrap_or_default(),
                e.provenance.as_ref().map(|p| format!("{}:{}-{}", p.source, p.lines.0, p.lines.1)).unwrap_or_default(),
            ]
        })
        .collect()
}

/// The whole initiative: framework, commitments with their reports, indicators, events and the organisations named.
pub fn initiative_json(data: &InitiativeData) -> serde_json::Value {
    let mut named: Vec<i64> = data.commitments.iter().flat_map(|c| c.owners()).map(|o| o.get()).collect();
    named.extend(data.entries.iter().flat_map(|e| e.reported_by.iter().map(|o| o.get())));
    named.extend(data.initiative.participants.iter().map(|p| p.organisation.get()));
    named.sort_unstable();
    named.dedup();
    let orgs: Vec<_> = named.iter().filter_map(|id| data.orgs.get(id)).collect();
    json!({
        "initiative": data.initiative,
        "organisations": orgs,
        "commitments": data.commitments.iter().map(|c| {
            let reports: Vec<_> = data.entries.iter().filter(|e| e.commitment == c.id).collect();
            json!({"commitment": c, "reports": reports})
        }).collect::<Vec<_>>(),
        "indicators": data.indicators,
        "events": data.events,
    })
}
