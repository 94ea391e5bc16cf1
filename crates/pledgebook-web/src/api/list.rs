//! The query string of a list and the page it answers with.
//!
//! Lists page by key: `?per_page=50&after=1234`, where `after` is the id of
//! the last item of the page before (the `next` link carries it). Filters
//! narrow the list in SQL; the `total` is of the filtered list. A parameter
//! the route does not take is a 400 naming it, so a typo is not mistaken
//! for an unfiltered list.

use pledgebook_core::paging::{Cursor, Limits};
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{Initiative, Organisation, Record, Stored, ops};
use serde::Serialize;

use crate::error::AppError;

/// One page of a list.
#[derive(Debug, Serialize)]
pub(crate) struct Listed<T> {
    pub items: Vec<T>,
    pub per_page: u32,
    /// How many items the filtered list has in all.
    pub total: i64,
    /// The URL of the next page, or none after the last.
    pub next: Option<String>,
}

/// A list's query string, read into what the store is asked.
#[derive(Debug)]
pub(crate) struct ListParams {
    cursor: Cursor,
    pairs: Vec<(String, String)>,
}

impl ListParams {
    /// Reads `after`, `per_page` and the filters in `allowed`.
    pub fn parse(raw: Option<&str>, allowed: &[&str], limits: Limits) -> Result<Self, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| AppError::BadRequest("the query string is not valid URL encoding".into()))?;
        let (mut after, mut per_page, mut kept) = (None, None, Vec::new());
        for (k, v) in pairs {
            match k.as_str() {
                "after" => after = Some(v),
                "per_page" => per_page = Some(v),
                "lang" => {}
                name if allowed.contains(&name) => {
                    if !v.is_empty() {
                        kept.push((k, v));
                    }
                }
                other => {
                    return Err(AppError::BadRequest(format!(
                        "this list takes no parameter `{}`; it takes after, per_page{}",
                        other.chars().take(40).collect::<String>(),
                        allowed.iter().map(|a| format!(", {a}")).collect::<String>()
                    )));
                }
            }
        }
        let cursor = Cursor::parse(after.as_deref(), per_page.as_deref(), limits)
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
        Ok(ListParams { cursor, pairs: kept })
    }

    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// The value of a filter, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a filter (facets may be given more than once).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The query string of the page after `last`, keeping the filters.
    pub fn next_query(&self, last: i64) -> String {
        let mut pairs = self.pairs.clone();
        pairs.push(("per_page".into(), self.cursor().size().to_string()));
        pairs.push(("after".into(), last.to_string()));
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    /// The query string of the filters alone, for links that change one.
    pub fn filters(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Narrows to the initiative named by `initiative=KEY` (404 when there is none).
    pub async fn initiative(&self, r: &mut dyn Reader, mut f: Filter) -> Result<Filter, AppError> {
        if let Some(key) = self.get("initiative") {
            let ini = ops::find::<Initiative>(r, key).await?.ok_or(AppError::NotFound)?;
            f = f.in_initiative(ini.id.get());
        }
        Ok(f)
    }

    /// The organisation named by `organisation=SLUG`, if any (404 when there is none).
    pub async fn organisation(&self, r: &mut dyn Reader) -> Result<Option<Stored<Organisation>>, AppError> {
        match self.get("organisation") {
            Some(slug) => Ok(Some(ops::find::<Organisation>(r, slug).await?.ok_or(AppError::NotFound)?)),
            None => Ok(None),
        }
    }
}

/// Reads one page of the filtered list, with its total and next link.
pub(crate) async fn page<R: Record>(
    r: &mut dyn Reader,
    filter: &Filter,
    params: &ListParams,
    path: &str,
) -> Result<Listed<Stored<R>>, AppError> {
    let cursor = params.cursor();
    let items = ops::query::<R>(r, filter, cursor.keyset()).await?;
    let total = r.count_matching(filter).await?;
    let next = match items.last() {
        Some(last) if items.len() == cursor.size() as usize => {
            Some(format!("{path}?{}", params.next_query(last.id.get())))
        }
        _ => None,
    };
    Ok(Listed { items, per_page: cursor.size(), total, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_parameters_are_refused_by_name() {
        let e = ListParams::parse(Some("colour=red"), &["initiative"], Limits::API).unwrap_err();
        assert!(matches!(&e, AppError::BadRequest(m) if m.contains("`colour`") && m.contains("initiative")), "{e:?}");
    }

    #[test]
    fn the_next_page_keeps_the_filters() {
        let p = ListParams::parse(Some("pillar=act&per_page=20&after=5"), &["pillar"], Limits::API).unwrap();
        assert_eq!(p.cursor().after(), Some(5));
        assert_eq!(p.next_query(99), "pillar=act&per_page=20&after=99");
    }
}
