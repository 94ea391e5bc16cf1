//! Aggregates across an initiative: figures summed by unit (people reached
//! by awareness activities, posters printed, ...), by the kind of the
//! reporting organisation, and the spread of commitments over stakeholder
//! groups and levels.

use std::collections::BTreeMap;

use pledgebook_core::{OrgKind, Period};
use serde::Serialize;

use crate::InitiativeData;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitTotal {
    pub unit: String,
    pub total: f64,
    /// How many figures were added up.
    pub figures: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregates {
    pub by_unit: Vec<UnitTotal>,
    /// (organisation kind, unit) → total.
    pub by_org_kind: BTreeMap<String, BTreeMap<String, f64>>,
    /// Commitments per kind of lead organisation.
    pub commitments_by_org_kind: BTreeMap<String, usize>,
    /// Commitments per level facet value ("none" when unset).
    pub commitments_by_level: BTreeMap<String, usize>,
}

/// Units are compared without case and surrounding spaces.
fn unit_key(unit: &str) -> String {
    unit.trim().to_lowercase()
}

pub fn aggregate(data: &InitiativeData, period: Option<Period>) -> Aggregates {
    let mut by_unit: BTreeMap<String, UnitTotal> = BTreeMap::new();
    let mut by_org_kind: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for e in data.entries.iter().filter(|e| period.is_none_or(|p| e.period == p)) {
        let kinds: Vec<OrgKind> =
            e.reported_by.iter().filter_map(|o| data.orgs.get(&o.get())).map(|o| o.kind).collect();
        for f in &e.figures {
            let key = unit_key(&f.unit);
            let t = by_unit.entry(key.clone()).or_insert(UnitTotal { unit: key.clone(), total: 0.0, figures: 0 });
            t.total += f.value;
            t.figures += 1;
            // A figure reported jointly counts once per kind, not once per organisation.
            let mut seen = kinds.clone();
            seen.sort_by_key(|k| k.as_str());
            seen.dedup();
            for k in seen {
                *by_org_kind.entry(k.as_str().to_owned()).or_default().entry(key.clone()).or_default() += f.value;
            }
        }
    }
    let mut by_unit: Vec<UnitTotal> = by_unit.into_values().collect();
    by_unit.sort_by(|a, b| b.figures.cmp(&a.figures).then(a.unit.cmp(&b.unit)));
    let mut commitments_by_org_kind = BTreeMap::new();
    let mut commitments_by_level = BTreeMap::new();
    for c in &data.commitments {
        let kind = c.lead.first().and_then(|o| data.orgs.get(&o.get())).map_or("unknown", |o| o.kind.as_str());
        *commitments_by_org_kind.entry(kind.to_owned()).or_insert(0) += 1;
        match c.facets.get("level").filter(|v| !v.is_empty()) {
            Some(levels) => levels.iter().for_each(|l| *commitments_by_level.entry(l.clone()).or_insert(0) += 1),
            None => *commitments_by_level.entry("none".to_owned()).or_insert(0) += 1,
        }
    }
    Aggregates { by_unit, by_org_kind, commitments_by_org_kind, commitments_by_level }
}

impl Aggregates {
    /// The totals by unit as CSV.
    pub fn by_unit_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["unit", "total", "figures"]);
        for t in &self.by_unit {
            let _ = w.write_record([t.unit.clone(), t.total.to_string(), t.figures.to_string()]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
