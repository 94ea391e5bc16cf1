//! Searching: free text over titles (weighted double) and bodies, narrowed
//! by facets, with counts per facet value and highlighted snippets.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{TantivyDocument, Term};

use pledgebook_core::paging::{Limits, Paging};

use crate::Error;
use crate::index::SearchIndex;

/// Facet values are counted for queries with at most this many hits:
/// counting costs about 10 µs a hit (measured at 1,000,000 pledges), so
/// this bounds it near 20 ms.
pub const FACETED_HITS: usize = 2_000;

/// The facets results are counted under.
pub const FACETS: [&str; 9] =
    ["kind", "initiative", "pillar", "level", "sdg", "period", "status", "organisation", "org_kind"];

#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    /// Chosen facet values: ("pillar", "act").
    pub filters: Vec<(String, String)>,
    /// Which page of hits; bounded by [`Limits::SEARCH`], since the index
    /// reserves room for every hit up to the end of the page asked for.
    pub paging: Paging,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery { text: String::new(), filters: Vec::new(), paging: Paging::first(Limits::SEARCH) }
    }
}

/// A piece of a snippet, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Segment {
    pub text: String,
    pub highlighted: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub url: String,
    pub snippet: Vec<Segment>,
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// facet → (value, count), largest first.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
}

fn segments(snippet: &tantivy::snippet::Snippet) -> Vec<Segment> {
    let text = snippet.fragment();
    let mut out = Vec::new();
    let mut at = 0;
    for r in snippet.highlighted() {
        if r.start > at {
            out.push(Segment { text: text[at..r.start].to_owned(), highlighted: false });
        }
        out.push(Segment { text: text[r.clone()].to_owned(), highlighted: true });
        at = r.end;
    }
    if at < text.len() {
        out.push(Segment { text: text[at..].to_owned(), highlighted: false });
    }
    out
}

impl SearchIndex {
    pub fn search(&self, q: &SearchQuery) -> Result<Results, Error> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_field_boost(f.title, 2.0);
        parser.set_conjunction_by_default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !q.text.trim().is_empty() {
            // Lenient: what people type is not query syntax, and must never be an error.
            let (text_query, _) = parser.parse_query_lenient(&q.text);
            clauses.push((Occur::Must, text_query));
        }
        for (facet, value) in &q.filters {
            let path = Facet::from_path([facet.as_str(), value.replace('/', "-").as_str()]);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(Term::from_facet(f.facets, &path), IndexRecordOption::Basic)),
            ));
        }
        let query: Box<dyn Query> =
            if clauses.is_empty() { Box::new(tantivy::query::AllQuery) } else { Box::new(BooleanQuery::new(clauses)) };
        let top = TopDocs::with_limit(q.paging.size() as usize).and_offset(q.paging.offset()).order_by_score();
        let (top, total) = searcher.search(&*query, &(top, Count))?;
        // Counting facet values costs in proportion to the hits: done for
        // up to FACETED_HITS of them; a broader query is answered without
        // facet counts (narrow it to see them).
        let facet_counts = if total <= FACETED_HITS {
            let mut facet_collector = FacetCollector::for_field("facets");
            for name in FACETS {
                facet_collector.add_facet(Facet::from_path([name]));
            }
            Some(searcher.search(&*query, &facet_collector)?)
        } else {
            None
        };
        let snippets = SnippetGenerator::create(&searcher, &*query, f.body).map(|mut g| {
            g.set_max_num_chars(220);
            g
        });
        let mut hits = Vec::new();
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let snippet = match &snippets {
                Ok(g) => segments(&g.snippet_from_doc(&doc)),
                Err(_) => Vec::new(),
            };
            let snippet = if snippet.is_empty() {
                vec![Segment { text: text(f.body).chars().take(220).collect(), highlighted: false }]
            } else {
                snippet
            };
            hits.push(Hit {
                id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or_default() as i64,
                kind: text(f.kind),
                title: text(f.title),
                url: text(f.url),
                snippet,
                score,
            });
        }
        let facets = FACETS
            .iter()
            .map(|name| {
                let values = facet_counts
                    .as_ref()
                    .map(|counts| {
                        counts
                            .top_k(Facet::from_path([*name]), 50)
                            .into_iter()
                            .map(|(facet, n)| (facet.to_path().last().map(|s| s.to_string()).unwrap_or_default(), n))
                            .collect()
                    })
                    .unwrap_or_default();
                ((*name).to_owned(), values)
            })
            .collect();
        Ok(Results { total, hits, facets })
    }
}
