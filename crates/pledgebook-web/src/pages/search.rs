//! The search page: free text in English or Japanese, narrowed by facets,
//! with highlighted snippets. The API answers the same query as JSON.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use pledgebook_core::paging::{Limits, Paging};
use pledgebook_search::{Results, SearchQuery, Segment};

use crate::AppState;
use crate::error::AppError;
use crate::page::Page;

pub(crate) struct FacetGroup {
    pub name: String,
    pub label: String,
    /// (value, count, link that adds or removes it, chosen)
    pub values: Vec<(String, u64, String, bool)>,
}

pub(crate) struct HitView {
    pub title: String,
    pub url: String,
    pub kind: String,
    pub snippet: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub(crate) struct SearchPage {
    page: Page,
    text: String,
    total: usize,
    hits: Vec<HitView>,
    facets: Vec<FacetGroup>,
    /// Too many hits to count by facet; the page says to narrow the query.
    broad: bool,
    available: bool,
}

/// The query of a URL: `q`, `page`, and any facet as `name=value`
/// (repeatable). A page outside the search window is a 400
/// naming the limit, never work sized by the number.
pub(crate) fn parse_query(raw: Option<&str>) -> Result<SearchQuery, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let mut q = SearchQuery::default();
    let mut page = None;
    for (k, v) in pairs {
        match k.as_str() {
            "q" => q.text = v,
            "page" => page = Some(v),
            "lang" => {}
            facet if pledgebook_search::FACETS.contains(&facet) && !v.is_empty() => q.filters.push((k, v)),
            _ => {}
        }
    }
    q.paging = Paging::parse(page.as_deref(), None, Limits::SEARCH).map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(q)
}

pub(crate) fn run(state: &AppState, q: &SearchQuery) -> Result<Option<Results>, AppError> {
    match &state.search {
        Some(index) => index.search(q).map(Some).map_err(|e| AppError::Internal(e.to_string())),
        None => Ok(None),
    }
}

fn link(q: &SearchQuery, toggle: (&str, &str)) -> String {
    let mut pairs: Vec<(String, String)> = vec![("q".into(), q.text.clone())];
    let mut found = false;
    for (k, v) in &q.filters {
        if (k.as_str(), v.as_str()) == toggle {
            found = true;
        } else {
            pairs.push((k.clone(), v.clone()));
        }
    }
    if !found {
        pairs.push((toggle.0.to_owned(), toggle.1.to_owned()));
    }
    format!("/search?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

pub(crate) async fn show(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    let q = parse_query(raw.as_deref())?;
    let results = if q.text.trim().is_empty() && q.filters.is_empty() { None } else { run(&state, &q)? };
    let (total, hits, facets) = match results {
        Some(r) => {
            let hits = r
                .hits
                .into_iter()
                .map(|h| HitView {
                    kind: page.t(&format!("kind-{}", h.kind)),
                    title: h.title,
                    url: h.url,
                    snippet: h.snippet,
                })
                .collect();
            let facets = r
                .facets
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(name, values)| FacetGroup {
                    label: page.t(&format!("facet-{name}")),
                    values: values
                        .into_iter()
                        .map(|(v, n)| {
                            let chosen = q.filters.iter().any(|(k, x)| k == &name && x == &v);
                            let href = link(&q, (&name, &v));
                            (value_label(&page, &name, &v), n, href, chosen)
                        })
                        .collect(),
                    name,
                })
                .collect();
            (r.total, hits, facets)
        }
        None => (0, Vec::new(), Vec::new()),
    };
    let broad = total > pledgebook_search::FACETED_HITS;
    super::render(&SearchPage {
        text: q.text.clone(),
        total,
        hits,
        facets,
        broad,
        available: state.search.is_some(),
        page,
    })
}

/// A facet value in the reader's language: kinds, statuses and kinds of
/// organisation by their catalogue entries; other values (pillar keys,
/// periods, initiative keys) as they are.
fn value_label(page: &Page, facet: &str, value: &str) -> String {
    let key = match facet {
        "kind" => format!("kind-{value}"),
        "status" => format!("status-{value}"),
        "org_kind" => format!("org-kind-{value}"),
        _ => return value.to_owned(),
    };
    let label = page.t(&key);
    if label == key { value.to_owned() } else { label }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_values_are_shown_in_the_reader_s_language() {
        let ja = Page { lang: pledgebook_core::Lang::Ja, ..Page::for_tests() };
        assert_eq!(value_label(&Page::for_tests(), "org_kind", "government_body"), "Government body");
        assert_ne!(value_label(&ja, "status", "in_progress"), "in_progress");
        assert_ne!(value_label(&ja, "kind", "commitment"), "commitment");
        assert_eq!(value_label(&ja, "pillar", "act"), "act", "values without a catalogue entry stay as they are");
    }

    #[test]
    fn reads_text_pages_and_facets_from_the_url() {
        let q = parse_query(Some("q=%E5%AD%90%E4%BE%9B&pillar=act&page=2&colour=red&lang=ja")).unwrap();
        assert_eq!(q.text, "子供");
        assert_eq!(q.filters, [("pillar".to_owned(), "act".to_owned())]);
        assert_eq!(q.paging.offset(), 20);
        assert_eq!(link(&q, ("pillar", "act")), "/search?q=%E5%AD%90%E4%BE%9B", "a chosen value's link removes it");
    }

    #[test]
    fn a_page_past_the_search_window_is_a_bad_request_naming_the_limit() {
        let e = parse_query(Some("q=child&page=1000000000000")).unwrap_err();
        assert!(matches!(&e, AppError::BadRequest(m) if m.contains("from 1 to 500")), "{e:?}");
        assert!(parse_query(Some("q=child&page=0")).is_err());
        assert!(parse_query(Some("q=child&page=500")).is_ok());
    }
}
