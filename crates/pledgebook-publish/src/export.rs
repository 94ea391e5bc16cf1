//! CSV of commitments in the columns `pledgebook import csv` reads, so an
//! export re-imports as is; and JSON of a whole initiative.

use pledgebook_core::{Id, Lang, Organisation};
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

pub fn commitments_csv(data: &InitiativeData) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COMMITMENT_COLUMNS)?;
    for row in commitment_rows(data) {
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}

/// The same rows as [`commitments_csv`], as an XLSX workbook that `import xlsx` reads back.
pub fn commitments_xlsx(data: &InitiativeData) -> Result<Vec<u8>, Error> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let xlsx = |e: rust_xlsxwriter::XlsxError| Error::Xlsx(e.to_string());
    for (col, name) in COMMITMENT_COLUMNS.iter().enumerate() {
        sheet.write_string(0, col as u16, *name).map_err(xlsx)?;
    }
    for (r, row) in commitment_rows(data).iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            // Strings throughout: a key such as "2021" must not become a number.
            sheet.write_string(r as u32 + 1, col as u16, cell).map_err(xlsx)?;
        }
    }
    book.save_to_buffer().map_err(xlsx)
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
