//! Counts kept up to date in the write transaction, so that the totals and
//! facet counts a page shows cost one indexed read at a million records.
//!
//! `tallies` holds, per kind, scope (an initiative's id, or 0 for all),
//! and visibility, how many records have each status, category and facet
//! value, and how many there are (`#`). Each insert adds its projection's
//! rows, each update moves them from the old projection to the new; the
//! stores merge both into one upsert. A count or facet count whose filter
//! has nothing a tally cannot answer (links, parents, several conditions)
//! is read from here, anything else is counted in SQL from the indexes.

use std::collections::BTreeMap;

use pledgebook_core::Kind;
use pledgebook_core::projection::{ParentRule, Projection, parent_rule};
use pledgebook_core::store::{CATEGORY_FACET, Filter, LEAD_CATEGORY_FACET, STATUS_FACET};

use crate::{Dialect, Sql};

/// The name of the total, the status and the category in `tallies`;
/// facet keys are slugs, which never start with `#`.
const TOTAL: &str = "#";
const STATUS: &str = "#status";
const CATEGORY: &str = "#category";

/// One counted row: (scope, public, name, value).
type Key = (i64, bool, String, String);

/// Two facet values together, as one tally row: ("level|pillar",
/// "national|act"), names in order. Lists filtered by two facets (the
/// initiative page's two drop-downs) are then counted in one read too.
fn pair(a: &(String, String), b: &(String, String)) -> (String, String) {
    let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    (format!("{}|{}", a.0, b.0), format!("{}|{}", a.1, b.1))
}

fn keys(p: &Projection) -> Vec<Key> {
    let mut scopes = vec![0];
    scopes.extend(p.initiative);
    let mut names: Vec<(String, String)> = vec![(TOTAL.into(), String::new())];
    names.extend(p.status.iter().map(|s| (STATUS.to_owned(), s.clone())));
    names.extend(p.category.iter().map(|c| (CATEGORY.to_owned(), c.clone())));
    names.extend(p.facets.iter().cloned());
    for (i, a) in p.facets.iter().enumerate() {
        names.extend(p.facets[i + 1..].iter().filter(|b| b.0 != a.0).map(|b| pair(a, b)));
    }
    scopes.iter().flat_map(|s| names.iter().map(move |(n, v)| (*s, p.public, n.clone(), v.clone()))).collect()
}

/// The upsert that moves a record's counts from `old` (none for a new
/// record) to `new`; `None` when nothing changes.
pub fn upsert(dialect: Dialect, kind: Kind, old: Option<&Projection>, new: &Projection) -> Option<Sql> {
    upsert_batch(dialect, kind, &[(old, new)])
}

/// One upsert for the counts of many records' changes, merged: what a
/// batch of inserts adds to each count, as one statement.
pub fn upsert_batch(dialect: Dialect, kind: Kind, changes: &[(Option<&Projection>, &Projection)]) -> Option<Sql> {
    let mut delta: BTreeMap<Key, i64> = BTreeMap::new();
    for (old, new) in changes {
        for k in old.map(keys).unwrap_or_default() {
            *delta.entry(k).or_default() -= 1;
        }
        for k in keys(new) {
            *delta.entry(k).or_default() += 1;
        }
    }
    delta.retain(|_, n| *n != 0);
    if delta.is_empty() {
        return None;
    }
    let mut sql = Sql::new(dialect);
    sql.push("INSERT INTO tallies (kind, scope, public, name, value, n) VALUES ");
    for (i, ((scope, public, name, value), n)) in delta.into_iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        sql.text(kind.as_str()).push(", ").int(scope).push(", ").push(if public { "TRUE" } else { "FALSE" });
        sql.push(", ").text(&name).push(", ").text(&value).push(", ").int(n).push(")");
    }
    sql.push(" ON CONFLICT (kind, scope, public, name, value) DO UPDATE SET n = tallies.n + excluded.n");
    Some(sql)
}

/// Whether a tally can count the filter's records, and under which name
/// and value: only kind, initiative, visibility and one status, category
/// or facet value.
fn tallied(f: &Filter) -> Option<(String, String)> {
    let plain = f.parents.is_empty()
        && f.linked.is_empty()
        && f.linked_category.is_none()
        && f.has_facet.is_none()
        && f.lacks_facet.is_none()
        && !(f.public_only && parent_rule(f.kind) != ParentRule::None);
    if !plain {
        return None;
    }
    let mut conditions: Vec<(String, String)> = Vec::new();
    match f.status.as_slice() {
        [] => {}
        [one] => conditions.push((STATUS.into(), one.clone())),
        _ => return None,
    }
    conditions.extend(f.category.iter().map(|c| (CATEGORY.to_owned(), c.clone())));
    conditions.extend(f.facets.iter().cloned());
    match conditions.as_slice() {
        [] => Some((TOTAL.into(), String::new())),
        [_] => conditions.pop(),
        [a, b] if f.facets.len() == 2 && a.0 != b.0 => Some(pair(a, b)),
        _ => None,
    }
}

fn scope(sql: &mut Sql, f: &Filter) {
    sql.push(" FROM tallies WHERE kind = ").text(f.kind.as_str());
    sql.push(" AND scope = ").int(f.initiative.unwrap_or(0));
    if f.public_only {
        sql.push(" AND public = TRUE");
    }
}

/// The count of the filter's records from the tallies, when they can tell.
pub fn count(dialect: Dialect, f: &Filter) -> Option<Sql> {
    let (name, value) = tallied(f)?;
    let mut sql = Sql::new(dialect);
    sql.push("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT)");
    scope(&mut sql, f);
    sql.push(" AND name = ").text(&name).push(" AND value = ").text(&value);
    Some(sql)
}

/// One facet's counts from the tallies, when the filter names nothing but
/// kind, initiative and visibility, or else one value of another facet
/// (then the pair counts answer: the levels among the pledges that Act).
pub fn facet_count(dialect: Dialect, f: &Filter, facet: &str, limit: u32) -> Option<Sql> {
    if facet.contains('|') {
        return None;
    }
    let name = match facet {
        STATUS_FACET => STATUS,
        CATEGORY_FACET => CATEGORY,
        LEAD_CATEGORY_FACET => return None,
        other => other,
    };
    let mut plain = f.clone();
    let chosen = match (plain.facets.pop(), plain.facets.is_empty()) {
        (None, _) => None,
        (Some(c), true) if !name.starts_with('#') && c.0 != name => Some(c),
        _ => return None,
    };
    if tallied(&plain)?.0 != TOTAL {
        return None;
    }
    let mut sql = Sql::new(dialect);
    match &chosen {
        None => {
            sql.push("SELECT value, CAST(SUM(n) AS BIGINT) AS n");
            scope(&mut sql, &plain);
            sql.push(" AND name = ").text(name);
        }
        Some((other, chosen_value)) => {
            // The pair's value is "first|second", names in order.
            let (pair_name, _) = pair(&(name.to_owned(), String::new()), &(other.clone(), String::new()));
            let len = chosen_value.chars().count() as i64 + 1;
            // Lengths are numbers this code computed, written as literals:
            // PostgreSQL's substr takes integers, not the bigint a parameter is.
            let (len, rest) = (len.to_string(), (len - 1).to_string());
            if name < other.as_str() {
                sql.push("SELECT substr(value, 1, length(value) - ").push(&len);
                sql.push(") AS value, CAST(SUM(n) AS BIGINT) AS n");
                scope(&mut sql, &plain);
                sql.push(" AND name = ").text(&pair_name);
                sql.push(" AND substr(value, length(value) - ").push(&rest).push(") = ");
                sql.text(&format!("|{chosen_value}"));
            } else {
                sql.push("SELECT substr(value, ").push(&(chosen_value.chars().count() + 2).to_string());
                sql.push(") AS value, CAST(SUM(n) AS BIGINT) AS n");
                scope(&mut sql, &plain);
                sql.push(" AND name = ").text(&pair_name);
                sql.push(" AND substr(value, 1, ").push(&len).push(") = ");
                sql.text(&format!("{chosen_value}|"));
            }
        }
    }
    sql.push(" GROUP BY 1 HAVING SUM(n) > 0 ORDER BY n DESC, value LIMIT ").int(i64::from(limit));
    Some(sql)
}

/// Statements that count everything again from the records and facets:
/// after records written before the tallies existed are projected.
pub fn rebuild() -> Vec<String> {
    let mut out = vec!["DELETE FROM tallies".to_owned()];
    for (scope, scope_filter) in [("0", ""), ("r.initiative_id", " AND r.initiative_id IS NOT NULL")] {
        let scope_group = if scope == "0" { String::new() } else { format!(", {scope}") };
        for (name, value, extra) in [
            (format!("'{TOTAL}'"), "''", ""),
            (format!("'{STATUS}'"), "r.status", " AND r.status IS NOT NULL"),
            (format!("'{CATEGORY}'"), "r.category", " AND r.category IS NOT NULL"),
        ] {
            let value_group = if value.starts_with("r.") { format!(", {value}") } else { String::new() };
            out.push(format!(
                "INSERT INTO tallies (kind, scope, public, name, value, n) \
                 SELECT r.kind, {scope}, r.public, {name}, {value}, COUNT(*) FROM records r WHERE TRUE{scope_filter}{extra} \
                 GROUP BY r.kind, r.public{scope_group}{value_group}"
            ));
        }
        out.push(format!(
            "INSERT INTO tallies (kind, scope, public, name, value, n) \
             SELECT r.kind, {scope}, r.public, f.name, f.value, COUNT(*) FROM facets f JOIN records r ON r.id = f.record_id \
             WHERE TRUE{scope_filter} GROUP BY r.kind, r.public, f.name, f.value{scope_group}"
        ));
        out.push(format!(
            "INSERT INTO tallies (kind, scope, public, name, value, n) \
             SELECT r.kind, {scope}, r.public, f.name || '|' || g.name, f.value || '|' || g.value, COUNT(*) \
             FROM facets f JOIN facets g ON g.record_id = f.record_id AND f.name < g.name \
             JOIN records r ON r.id = f.record_id \
             WHERE TRUE{scope_filter} GROUP BY r.kind, r.public, f.name, f.value, g.name, g.value{scope_group}"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Param;

    fn pledge(status: &str, public: bool, pillar: &str) -> Projection {
        Projection {
            initiative: Some(4),
            status: Some(status.into()),
            category: Some("pledge".into()),
            public,
            facets: vec![("pillar".into(), pillar.into())],
            ..Projection::default()
        }
    }

    #[test]
    fn an_update_moves_only_what_changed() {
        let old = pledge("submitted", false, "act");
        let new = pledge("approved", true, "act");
        let sql = upsert(Dialect::Sqlite, Kind::Commitment, Some(&old), &new).unwrap();
        // Everything moves from hidden to public, in both scopes: 4 names × 2 scopes × 2 directions.
        assert_eq!(sql.text.matches("(?, ?, ").count(), 16, "{}", sql.text);
        let mut two = pledge("approved", true, "act");
        two.facets.push(("sdg".into(), "8.7".into()));
        let created = upsert(Dialect::Sqlite, Kind::Commitment, None, &two).unwrap();
        assert!(created.params.contains(&Param::Text("pillar|sdg".into())), "facet pairs are counted too");
        assert!(upsert(Dialect::Sqlite, Kind::Commitment, Some(&new), &new).is_none(), "no change, no statement");
        let same_visibility =
            upsert(Dialect::Sqlite, Kind::Commitment, Some(&new), &pledge("approved", true, "inspire"));
        let text = same_visibility.unwrap().text;
        assert_eq!(text.matches("(?, ?, ").count(), 4, "the pillar moves in two scopes: {text}");
    }

    #[test]
    fn only_plain_filters_are_counted_from_tallies() {
        let campaign = Filter::of(Kind::Commitment).in_initiative(4).public();
        assert!(count(Dialect::Sqlite, &campaign).is_some());
        assert!(count(Dialect::Sqlite, &campaign.clone().with_facet("pillar", "act")).is_some());
        assert!(
            count(Dialect::Sqlite, &campaign.clone().with_facet("pillar", "act").with_status("approved")).is_none()
        );
        assert!(count(Dialect::Sqlite, &campaign.clone().linked_to(&[pledgebook_core::Rel::Lead], 9)).is_none());
        assert!(count(Dialect::Sqlite, &Filter::of(Kind::ProgressEntry).public()).is_none(), "a parent decides");
        assert!(count(Dialect::Sqlite, &Filter::of(Kind::ProgressEntry).with_status("pending")).is_some());
        assert!(facet_count(Dialect::Sqlite, &campaign, "pillar", 10).is_some());
        assert!(facet_count(Dialect::Sqlite, &campaign, LEAD_CATEGORY_FACET, 10).is_none());
        let acting = campaign.clone().with_facet("pillar", "act");
        assert!(facet_count(Dialect::Sqlite, &acting, "level", 10).is_some(), "from the pairs");
        assert!(facet_count(Dialect::Sqlite, &acting, "pillar", 10).is_none());
        assert!(facet_count(Dialect::Sqlite, &acting, STATUS_FACET, 10).is_none());
        assert!(facet_count(Dialect::Sqlite, &acting.with_facet("sdg", "8.7"), "level", 10).is_none());
    }
}
