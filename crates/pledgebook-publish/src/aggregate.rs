//! Aggregates across an initiative: figures summed by unit (people reached
//! by awareness activities, posters printed, ...), by the kind of the
//! reporting organisation and by level, and the spread of commitments over
//! stakeholder groups, levels and regions (the lead organisation's country).

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
    /// (level of the commitment reported on, unit) → total.
    pub by_level: BTreeMap<String, BTreeMap<String, f64>>,
    /// Commitments per kind of lead organisation.
    pub commitments_by_org_kind: BTreeMap<String, usize>,
    /// Commitments per level facet value ("none" when unset).
    pub commitments_by_level: BTreeMap<String, usize>,
    /// Commitments per country of the lead organisation ("unknown" when unset).
    pub commitments_by_region: BTreeMap<String, usize>,
}

/// A commitment's levels, "none" when it has none.
fn levels(c: &pledgebook_core::Commitment) -> Vec<String> {
    match c.facets.get("level").filter(|v| !v.is_empty()) {
        Some(levels) => levels.clone(),
        None => vec!["none".to_owned()],
    }
}

/// Units are compared without case and surrounding spaces.
fn unit_key(unit: &str) -> String {
    unit.trim().to_lowercase()
}

pub fn aggregate(data: &InitiativeData, period: Option<Period>) -> Aggregates {
    let mut by_unit: BTreeMap<String, UnitTotal> = BTreeMap::new();
    let mut by_org_kind: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut by_level: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let levels_of: std::collections::HashMap<_, _> = data.commitments.iter().map(|c| (c.id, levels(c))).collect();
    for e in data.entries.iter().filter(|e| period.is_none_or(|p| e.period == p)) {
        let kinds: Vec<OrgKind> =
            e.reported_by.iter().filter_map(|o| data.orgs.get(&o.get())).map(|o| o.kind).collect();
        let entry_levels = levels_of.get(&e.commitment).cloned().unwrap_or_default();
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
            for l in &entry_levels {
                *by_level.entry(l.clone()).or_default().entry(key.clone()).or_default() += f.value;
            }
        }
    }
    let mut by_unit: Vec<UnitTotal> = by_unit.into_values().collect();
    by_unit.sort_by(|a, b| b.figures.cmp(&a.figures).then(a.unit.cmp(&b.unit)));
    let mut commitments_by_org_kind = BTreeMap::new();
    let mut commitments_by_level = BTreeMap::new();
    let mut commitments_by_region = BTreeMap::new();
    for c in &data.commitments {
        let lead = c.lead.first().and_then(|o| data.orgs.get(&o.get()));
        *commitments_by_org_kind.entry(lead.map_or("unknown", |o| o.kind.as_str()).to_owned()).or_insert(0) += 1;
        let region = lead.and_then(|o| o.country.clone()).unwrap_or_else(|| "unknown".to_owned());
        *commitments_by_region.entry(region).or_insert(0) += 1;
        for l in levels(c) {
            *commitments_by_level.entry(l).or_insert(0) += 1;
        }
    }
    Aggregates { by_unit, by_org_kind, by_level, commitments_by_org_kind, commitments_by_level, commitments_by_region }
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

    /// Every table in one CSV, a row per cell: `table,group,unit,value`.
    pub fn tables_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["table", "group", "unit", "value"]);
        let mut row = |table: &str, group: &str, unit: &str, value: f64| {
            let _ = w.write_record([table, group, unit, &value.to_string()]);
        };
        for t in &self.by_unit {
            row("figures_by_unit", "", &t.unit, t.total);
        }
        for (table, grouped) in [("figures_by_org_kind", &self.by_org_kind), ("figures_by_level", &self.by_level)] {
            for (group, units) in grouped {
                units.iter().for_each(|(unit, v)| row(table, group, unit, *v));
            }
        }
        for (table, counts) in [
            ("commitments_by_org_kind", &self.commitments_by_org_kind),
            ("commitments_by_level", &self.commitments_by_level),
            ("commitments_by_region", &self.commitments_by_region),
        ] {
            counts.iter().for_each(|(group, n)| row(table, group, "commitments", *n as f64));
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
