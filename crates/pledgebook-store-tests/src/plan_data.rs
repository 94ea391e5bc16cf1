//! A campaign large enough that a planner prefers its indexes, built with
//! the store's own writes for the records the queries name and with plain
//! SQL for the bulk, so it takes a second rather than minutes.

use pledgebook_core::store::Store;
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Facet, FacetValue, Initiative, InitiativeKind, Localized, OrgKind, Organisation,
    Period, ProgressEntry, ReviewState, Status, ops,
};

use crate::plans::PlanIds;

/// Creates the named records through `ops`; returns their ids.
pub async fn named_records(store: &dyn Store) -> PlanIds {
    let admin = Actor::system("plans");
    let mut tx = store.write().await.unwrap();
    let mut c = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
    c.facets = vec![Facet {
        key: "pillar".into(),
        label: Localized::en("Pillar"),
        values: ["act", "inspire", "scale-up"]
            .iter()
            .map(|k| FacetValue { key: (*k).into(), label: Localized::en(*k) })
            .collect(),
    }];
    let ini = ops::create(&mut *tx, &admin, c).await.unwrap();
    let org = ops::create(&mut *tx, &admin, Organisation::new("ACE", OrgKind::Ngo)).await.unwrap();
    let mut p = Commitment::new("ace/1", ini.id, CommitmentKind::Pledge, Localized::en("A pledge"));
    p.lead.push(org.id);
    p.status = Status::Approved;
    p.facets.insert("pillar".into(), vec!["act".into()]);
    let p = ops::create(&mut *tx, &admin, p).await.unwrap();
    let e = ProgressEntry {
        key: "ace/1/2021".into(),
        initiative: ini.id,
        commitment: p.id,
        period: Period::Year(2021),
        reported_by: vec![org.id],
        agencies_as_written: vec![],
        narrative: Localized::en("Held 12 study sessions."),
        date: None,
        figures: vec![],
        repeat_of: None,
        provenance: None,
        review: ReviewState::Pending,
        paragraph: None,
        safeguarding: Default::default(),
    };
    ops::create(&mut *tx, &admin, e).await.unwrap();
    tx.commit().await.unwrap();
    PlanIds { initiative: ini.id.get(), organisation: org.id.get(), commitment: p.id.get() }
}

/// Statements that add `n` filler organisations and `n` pledges (two in
/// three public, each with a pillar and a lead) and `n` reports, given the
/// database's way to count from 1 to n (`numbers`: a table expression with
/// a column `i`).
pub fn bulk_statements(numbers: &str, ids: PlanIds, boolean: fn(&str) -> String) -> Vec<String> {
    let PlanIds { initiative, organisation, .. } = ids;
    let at = "'2026-01-01T00:00:00Z'";
    vec![
        format!(
            "INSERT INTO records (kind, key, version, doc, created_at, updated_at, category, public, projected) \
             SELECT 'organisation', 'filler-org-' || i, 1, '{{}}', {at}, {at}, \
             CASE WHEN i % 2 = 0 THEN 'ngo' ELSE 'business' END, TRUE, TRUE FROM {numbers}"
        ),
        format!(
            "INSERT INTO records (kind, key, version, doc, created_at, updated_at, initiative_id, status, category, public, projected) \
             SELECT 'commitment', 'filler/' || i, 1, '{{}}', {at}, {at}, {initiative}, \
             CASE WHEN i % 3 = 0 THEN 'submitted' ELSE 'approved' END, 'pledge', {}, TRUE FROM {numbers}",
            boolean("i % 3 <> 0")
        ),
        "INSERT INTO facets (name, value, record_id) SELECT 'pillar', \
         CASE WHEN id % 3 = 0 THEN 'act' WHEN id % 3 = 1 THEN 'inspire' ELSE 'scale-up' END, id \
         FROM records WHERE key LIKE 'filler/%'"
            .to_owned(),
        format!(
            "INSERT INTO links (record_id, rel, target_id) SELECT id, 'lead', {organisation} FROM records \
             WHERE key LIKE 'filler/%' AND id % 100 = 0"
        ),
        "INSERT INTO links (record_id, rel, target_id) SELECT c.id, 'lead', o.id FROM records c \
         JOIN records o ON o.key = 'filler-org-' || (c.id % 500 + 1) WHERE c.key LIKE 'filler/%' AND c.id % 100 <> 0"
            .to_owned(),
        format!(
            "INSERT INTO records (kind, key, version, doc, created_at, updated_at, initiative_id, parent_id, status, public, projected) \
             SELECT 'progress_entry', 'filler-report/' || c.id, 1, '{{}}', {at}, {at}, {initiative}, c.id, 'approved', TRUE, TRUE \
             FROM records c WHERE c.key LIKE 'filler/%'"
        ),
        "INSERT INTO facets (name, value, record_id) SELECT 'period', '2021', id FROM records WHERE key LIKE 'filler-report/%'"
            .to_owned(),
        "INSERT INTO links (record_id, rel, target_id) SELECT e.id, 'reported_by', l.target_id FROM records e \
         JOIN links l ON l.record_id = e.parent_id AND l.rel = 'lead' WHERE e.key LIKE 'filler-report/%'"
            .to_owned(),
    ]
}

/// The aliases the store's statements give `records`.
const RECORD_ALIASES: [&str; 5] = ["r", "c", "o", "p", "e"];

/// The plan lines that read all of `records`: "SCAN r" (SQLite, with or
/// without a covering index) or "Seq Scan on records" (PostgreSQL).
pub fn full_scans(plan: &[String]) -> Vec<&String> {
    plan.iter()
        .filter(|l| {
            let l = l.trim_start_matches(['-', '>', ' ']);
            let sqlite = l
                .strip_prefix("SCAN ")
                .is_some_and(|rest| RECORD_ALIASES.contains(&rest.split_whitespace().next().unwrap_or_default()));
            sqlite || l.contains("Seq Scan on records")
        })
        .collect()
}
