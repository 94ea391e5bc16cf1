//! The rows of the sheet exports: commitments and indicator observations
//! in the columns `pledgebook import csv|xlsx` reads, so an export
//! re-imports as is, and published reports. [`crate::stream`] writes them a
//! page at a time as CSV or XLSX.

use pledgebook_core::{Id, Lang, Organisation, Qualifier};

use crate::InitiativeData;

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
pub(crate) fn commitment_rows(data: &InitiativeData) -> Vec<[String; 16]> {
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
/// `breakdown` holds the value per category of the indicator's dimensions
/// as `sex/female=150; sex/male=130`.
pub const OBSERVATION_COLUMNS: [&str; 7] =
    ["indicator", "value", "date", "qualifier", "source", "reported_by", "breakdown"];

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

/// The columns of an entity's sheet.
pub fn columns(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Commitments => &COMMITMENT_COLUMNS,
        Entity::Observations => &OBSERVATION_COLUMNS,
        Entity::Reports => &REPORT_COLUMNS,
    }
}

/// Baselines and observations of every indicator, oldest first.
pub(crate) fn observation_rows(data: &InitiativeData) -> Vec<Vec<String>> {
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
                o.breakdown
                    .iter()
                    .map(|s| format!("{}/{}={}", s.dimension, s.category, crate::iati::results::number(s.value)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]);
        }
    }
    rows
}

/// Published reports in the order of their commitments, then as the document had them.
pub(crate) fn report_rows(data: &InitiativeData) -> Vec<Vec<String>> {
    let by_id: std::collections::HashMap<_, _> =
        data.commitments.iter().chain(&data.elsewhere).map(|c| (c.id, c)).collect();
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
