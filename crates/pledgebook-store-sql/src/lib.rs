//! The SQL of the store's filtered lists, counts and facet counts, written
//! once for both backends.
//!
//! A [`Filter`] becomes one statement with its parameters; the backend
//! crates bind the parameters with their own driver and run it. Only the
//! placeholder style differs between SQLite (`?`) and PostgreSQL (`$1`), so
//! the two stores cannot drift apart in what a filter means. Every condition
//! reads indexed columns (`records`' projection columns, `facets`, `links`);
//! the plan tests in the store suite check that no listed query scans
//! `records`.
//!
//! This crate builds text only: no I/O, no driver.

mod coverage;
pub mod tallies;

pub use coverage::{coverage, coverage_totals};

use pledgebook_core::projection::{ParentRule, parent_rule};
use pledgebook_core::record::Rel;
use pledgebook_core::store::{CATEGORY_FACET, Filter, Keyset, LEAD_CATEGORY_FACET, STATUS_FACET};

/// Which placeholders the statement uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A value to bind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Int(i64),
    Text(String),
}

/// A statement and its parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sql {
    pub text: String,
    pub params: Vec<Param>,
    dialect: Dialect,
}

/// The columns every record read selects, in the order `rows::record` reads them.
pub const RECORD_COLUMNS: &str = "r.id, r.kind, r.key, r.version, r.doc, r.created_at, r.updated_at";

/// The outbox's counts for `/metrics`, in one pass over the table (the
/// same text in both dialects): messages waiting, those of them already
/// tried and failed at least once, and those given up.
pub const OUTBOX_COUNTS: &str = "SELECT \
     COALESCE(SUM(CASE WHEN sent_at IS NULL AND NOT given_up THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN sent_at IS NULL AND NOT given_up AND attempts > 0 THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN given_up THEN 1 ELSE 0 END), 0) \
     FROM outbox";

impl Sql {
    /// The same statement behind a prefix, such as `EXPLAIN `.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.text.insert_str(0, prefix);
        self
    }

    fn new(dialect: Dialect) -> Self {
        Sql { text: String::new(), params: Vec::new(), dialect }
    }

    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    fn bind(&mut self, p: Param) -> &mut Self {
        self.params.push(p);
        match self.dialect {
            Dialect::Sqlite => self.text.push('?'),
            Dialect::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.params.len().to_string());
            }
        }
        self
    }

    fn text(&mut self, s: &str) -> &mut Self {
        self.bind(Param::Text(s.to_owned()))
    }

    fn int(&mut self, n: i64) -> &mut Self {
        self.bind(Param::Int(n))
    }

    fn list(&mut self, values: impl IntoIterator<Item = String>) -> &mut Self {
        self.push("(");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(Param::Text(v));
        }
        self.push(")")
    }

    /// Another statement's text and parameters after this one's
    /// (PostgreSQL's `$n` renumbered).
    fn append(&mut self, other: Sql) -> &mut Self {
        let mut params = other.params.into_iter();
        let mut rest = other.text.as_str();
        match self.dialect {
            Dialect::Sqlite => {
                self.text.push_str(rest);
                self.params.extend(params);
            }
            Dialect::Postgres => {
                while let Some(at) = rest.find('$') {
                    self.text.push_str(&rest[..at]);
                    let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
                    rest = &rest[at + 1 + digits..];
                    if let Some(p) = params.next() {
                        self.bind(p);
                    }
                }
                self.text.push_str(rest);
            }
        }
        self
    }

    fn ints(&mut self, values: &[i64]) -> &mut Self {
        self.push("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.int(*v);
        }
        self.push(")")
    }
}

fn rels(rels: &[Rel]) -> impl Iterator<Item = String> + '_ {
    rels.iter().map(|r| r.as_str().to_owned())
}

/// How a condition on facets is written: a page of 50 stops early with a
/// correlated `EXISTS` per record; a count reads the facets' records once,
/// as one intersected `IN` list (see `conditions_shaped`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Page,
    Count,
}

/// `WHERE ...` for the records `r` the filter matches.
fn conditions(sql: &mut Sql, f: &Filter) {
    conditions_shaped(sql, f, Shape::Page)
}

fn conditions_shaped(sql: &mut Sql, f: &Filter, shape: Shape) {
    sql.push(" WHERE r.kind = ").text(f.kind.as_str());
    if let Some(i) = f.initiative {
        sql.push(" AND r.initiative_id = ").int(i);
    }
    match f.parents.as_slice() {
        [] => {}
        [one] => {
            sql.push(" AND r.parent_id = ").int(*one);
        }
        many => {
            sql.push(" AND r.parent_id IN ").ints(many);
        }
    }
    match f.status.as_slice() {
        [] => {}
        [one] => {
            sql.push(" AND r.status = ").text(one);
        }
        many => {
            sql.push(" AND r.status IN ").list(many.iter().cloned());
        }
    }
    if let Some(c) = &f.category {
        sql.push(" AND r.category = ").text(c);
    }
    if f.public_only {
        sql.push(" AND r.public = TRUE");
        let parent_public = "EXISTS (SELECT 1 FROM records p WHERE p.id = r.parent_id AND p.public = TRUE)";
        match parent_rule(f.kind) {
            ParentRule::None => {}
            ParentRule::Always => {
                sql.push(" AND ").push(parent_public);
            }
            ParentRule::Optional => {
                sql.push(" AND (r.parent_id IS NULL OR ").push(parent_public).push(")");
            }
        }
    }
    // The records linked to a target, and those with a facet value, as
    // sets of ids driven from the `links` and `facets` indexes ("what this
    // organisation leads" reads its links, not every record). A count takes
    // one list, their intersection: with an `IN` per set, SQLite 3.4x walks
    // the product of the lists (30 s for three facet values at 100,000
    // pledges); intersected, 0.1 s. A page keeps the facets as correlated
    // `EXISTS`, which stop at the 50th record.
    let mut sets: Vec<Sql> = Vec::new();
    for (via, target) in &f.linked {
        let mut set = Sql::new(sql.dialect);
        set.push("SELECT l.record_id FROM links l WHERE l.target_id = ").int(*target);
        set.push(" AND l.rel IN ").list(rels(via));
        sets.push(set);
    }
    if shape == Shape::Count {
        for (name, value) in &f.facets {
            let mut set = Sql::new(sql.dialect);
            set.push("SELECT f.record_id FROM facets f WHERE f.name = ").text(name);
            set.push(" AND f.value = ").text(value);
            sets.push(set);
        }
    }
    if !sets.is_empty() {
        sql.push(" AND r.id IN (");
        for (i, set) in sets.into_iter().enumerate() {
            if i > 0 {
                sql.push(" INTERSECT ");
            }
            sql.append(set);
        }
        sql.push(")");
    }
    if shape == Shape::Page {
        for (name, value) in &f.facets {
            sql.push(" AND EXISTS (SELECT 1 FROM facets f WHERE f.name = ").text(name);
            sql.push(" AND f.value = ").text(value).push(" AND f.record_id = r.id)");
        }
    }
    if let Some(name) = &f.has_facet {
        sql.push(" AND EXISTS (SELECT 1 FROM facets f WHERE f.record_id = r.id AND f.name = ").text(name).push(")");
    }
    if let Some(name) = &f.lacks_facet {
        sql.push(" AND NOT EXISTS (SELECT 1 FROM facets f WHERE f.record_id = r.id AND f.name = ").text(name).push(")");
    }
    if let Some((via, category)) = &f.linked_category {
        sql.push(
            " AND EXISTS (SELECT 1 FROM links l JOIN records o ON o.id = l.target_id \
             WHERE l.record_id = r.id AND l.rel IN ",
        )
        .list(rels(via))
        .push(" AND o.category = ")
        .text(category)
        .push(")");
    }
}

/// One page of the records the filter matches.
pub fn select(dialect: Dialect, f: &Filter, page: Keyset) -> Sql {
    let mut sql = Sql::new(dialect);
    sql.push("SELECT ").push(RECORD_COLUMNS).push(" FROM records r");
    conditions(&mut sql, f);
    let (cmp, order) = if page.newest_first { (" < ", " DESC") } else { (" > ", "") };
    if let Some(after) = page.after {
        sql.push(" AND r.id").push(cmp).int(after);
    }
    sql.push(" ORDER BY r.id").push(order).push(" LIMIT ").int(i64::from(page.limit));
    sql
}

/// The statement that counts the filter's records: from the tallies where
/// they can tell, else from the indexes. The stores run this one.
pub fn count_any(dialect: Dialect, f: &Filter) -> Sql {
    tallies::count(dialect, f).unwrap_or_else(|| count(dialect, f))
}

/// The statement that counts one facet's values: from the tallies where
/// they can tell, else from the indexes. The stores run this one.
pub fn facet_count_any(dialect: Dialect, f: &Filter, name: &str, limit: u32) -> Sql {
    tallies::facet_count(dialect, f, name, limit).unwrap_or_else(|| facet_count(dialect, f, name, limit))
}

/// How many records the filter matches, counted from the indexes.
pub fn count(dialect: Dialect, f: &Filter) -> Sql {
    let mut sql = Sql::new(dialect);
    sql.push("SELECT COUNT(*) FROM records r");
    conditions_shaped(&mut sql, f, Shape::Count);
    sql
}

/// `(value, count)` rows of one facet among the records the filter matches,
/// largest first; at most `limit` values. The matching records are one
/// list (the count shape), joined once to what is counted.
pub fn facet_count(dialect: Dialect, f: &Filter, name: &str, limit: u32) -> Sql {
    let mut sql = Sql::new(dialect);
    match name {
        STATUS_FACET | CATEGORY_FACET => {
            let column = if name == STATUS_FACET { "r.status" } else { "r.category" };
            sql.push("SELECT ").push(column).push(" AS value, COUNT(*) AS n FROM records r");
            conditions_shaped(&mut sql, f, Shape::Count);
            sql.push(" AND ").push(column).push(" IS NOT NULL GROUP BY ").push(column);
        }
        LEAD_CATEGORY_FACET => {
            sql.push(
                "SELECT o.category AS value, COUNT(DISTINCT r.id) AS n FROM records r \
                 JOIN links lc ON lc.record_id = r.id AND lc.rel IN ",
            )
            .list(rels(&[Rel::Lead, Rel::CoResponsible]))
            .push(" JOIN records o ON o.id = lc.target_id");
            conditions_shaped(&mut sql, f, Shape::Count);
            sql.push(" GROUP BY o.category");
        }
        facet => {
            sql.push("SELECT fc.value AS value, COUNT(*) AS n FROM facets fc JOIN records r ON r.id = fc.record_id");
            conditions_shaped(&mut sql, f, Shape::Count);
            sql.push(" AND fc.name = ").text(facet).push(" GROUP BY fc.value");
        }
    }
    sql.push(" ORDER BY n DESC, value LIMIT ").int(i64::from(limit));
    sql
}

/// The records of a kind with these keys.
pub fn get_by_keys(dialect: Dialect, kind: pledgebook_core::Kind, keys: &[String]) -> Sql {
    let mut sql = Sql::new(dialect);
    sql.push("SELECT ").push(RECORD_COLUMNS).push(" FROM records r WHERE r.kind = ").text(kind.as_str());
    sql.push(" AND r.key IN ").list(keys.iter().cloned());
    sql
}

/// The records with these ids.
pub fn get_many(dialect: Dialect, ids: &[i64]) -> Sql {
    let mut sql = Sql::new(dialect);
    sql.push("SELECT ").push(RECORD_COLUMNS).push(" FROM records r WHERE r.id IN ").ints(ids);
    sql.push(" ORDER BY r.id");
    sql
}

#[cfg(test)]
mod tests {
    use pledgebook_core::Kind;

    use super::*;

    #[test]
    fn a_filter_becomes_one_statement_with_numbered_parameters_on_postgres() {
        let f = Filter::of(Kind::Commitment).in_initiative(7).with_facet("pillar", "act").public();
        let sql = select(Dialect::Postgres, &f, Keyset::after(Some(100), 50));
        assert!(sql.text.contains("r.kind = $1 AND r.initiative_id = $2"), "{}", sql.text);
        assert!(sql.text.contains("f.name = $3 AND f.value = $4"), "{}", sql.text);
        assert!(sql.text.ends_with("r.id > $5 ORDER BY r.id LIMIT $6"), "{}", sql.text);
        assert_eq!(
            sql.params,
            [
                Param::Text("commitment".into()),
                Param::Int(7),
                Param::Text("pillar".into()),
                Param::Text("act".into()),
                Param::Int(100),
                Param::Int(50)
            ]
        );
    }

    #[test]
    fn a_count_intersects_its_sets_into_one_list_with_the_parameters_in_order() {
        let f = Filter::of(Kind::Commitment)
            .linked_to(&[Rel::Lead], 9)
            .with_facet("pillar", "act")
            .with_facet("level", "national")
            .with_facet("sdg", "8.7");
        let sql = count(Dialect::Postgres, &f);
        assert_eq!(sql.text.matches(" IN (SELECT").count(), 1, "one list: {}", sql.text);
        assert_eq!(sql.text.matches(" INTERSECT ").count(), 3, "{}", sql.text);
        let numbers: Vec<usize> = sql
            .text
            .split('$')
            .skip(1)
            .map(|t| t.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(numbers, (1..=sql.params.len()).collect::<Vec<_>>(), "{}", sql.text);
        assert_eq!(sql.params[1..3], [Param::Int(9), Param::Text("lead".into())]);
        assert_eq!(sql.params.last(), Some(&Param::Text("8.7".into())));
    }

    #[test]
    fn sqlite_gets_question_marks_and_the_same_conditions() {
        let f = Filter::of(Kind::Commitment).with_status("submitted").with_status("returned");
        let sql = count(Dialect::Sqlite, &f);
        assert_eq!(sql.text, "SELECT COUNT(*) FROM records r WHERE r.kind = ? AND r.status IN (?, ?)");
        assert_eq!(sql.params.len(), 3);
    }

    #[test]
    fn newest_first_pages_go_down_from_the_cursor() {
        let sql =
            select(Dialect::Sqlite, &Filter::of(Kind::Event), Keyset { after: Some(9), limit: 5, newest_first: true });
        assert!(sql.text.ends_with("r.id < ? ORDER BY r.id DESC LIMIT ?"), "{}", sql.text);
    }

    #[test]
    fn facet_counts_group_by_the_facet_asked_for() {
        let f = Filter::of(Kind::Commitment).in_initiative(1);
        assert!(facet_count(Dialect::Sqlite, &f, "status", 10).text.contains("GROUP BY r.status"));
        assert!(facet_count(Dialect::Sqlite, &f, "lead_category", 10).text.contains("GROUP BY o.category"));
        let level = facet_count(Dialect::Postgres, &f, "level", 10);
        assert!(
            level.text.contains("fc.name = $3 GROUP BY fc.value ORDER BY n DESC, value LIMIT $4"),
            "{}",
            level.text
        );
    }
}
