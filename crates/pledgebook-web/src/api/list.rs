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
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Listed<T> {
    pub items: Vec<T>,
    pub per_page: u32,
    /// How many items the filtered list has in all.
    pub total: i64,
    /// The URL of the next page, or none after the last.
    pub next: Option<String>,
}

/// The paging parameters every list takes, as the API document describes
/// them; [`ListParams::parse`] reads them with [`Cursor::parse`] and
/// [`Limits::API`], whose bounds these are.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // read by the OpenAPI derive only
pub(crate) struct KeyPaging {
    /// The id of the last item of the page before (the `next` link carries it).
    #[param(minimum = 1, maximum = 4294967295_i64)]
    after: Option<i64>,
    /// Items a page, 50 unless given.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<u32>,
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

    /// As [`ListParams::parse`], for the API: a filter given with no value
    /// is a 400 rather than no filter, since a client that sends `kind=`
    /// means something by it (the site's forms send empty selects).
    pub fn parse_api(raw: Option<&str>, allowed: &[&str]) -> Result<Self, AppError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        if let Some((k, _)) = pairs.iter().find(|(k, v)| v.is_empty() && allowed.contains(&k.as_str())) {
            return Err(AppError::BadRequest(format!("`{k}` needs a value; leave it out for the whole list")));
        }
        Self::parse(raw, allowed, Limits::API)
    }

    /// Each value of a filter read as `T` (an enum such as a kind or a
    /// status, a period), or a 400 naming the parameter and the value.
    pub fn typed<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, AppError> {
        self.all(name)
            .map(|v| {
                serde_json::from_value(serde_json::Value::String(v.to_owned())).map_err(|e| {
                    let v: String = v.chars().take(40).collect();
                    AppError::BadRequest(format!("`{name}={v}` is not a value this list takes: {e}"))
                })
            })
            .collect()
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
    fn the_api_refuses_empty_and_unknown_values_by_name() {
        let e = ListParams::parse_api(Some("kind="), &["kind"]).unwrap_err();
        assert!(matches!(&e, AppError::BadRequest(m) if m.contains("`kind` needs a value")), "{e:?}");
        let p = ListParams::parse_api(Some("kind=pledge&kind=AAA"), &["kind"]).unwrap();
        let e = p.typed::<pledgebook_core::CommitmentKind>("kind").unwrap_err();
        assert!(matches!(&e, AppError::BadRequest(m) if m.contains("`kind=AAA`")), "{e:?}");
        let p = ListParams::parse_api(Some("kind=pledge"), &["kind"]).unwrap();
        assert_eq!(
            p.typed::<pledgebook_core::CommitmentKind>("kind").unwrap(),
            [pledgebook_core::CommitmentKind::Pledge]
        );
    }

    #[test]
    fn the_next_page_keeps_the_filters() {
        let p = ListParams::parse(Some("pillar=act&per_page=20&after=5"), &["pillar"], Limits::API).unwrap();
        assert_eq!(p.cursor().after(), Some(5));
        assert_eq!(p.next_query(99), "pillar=act&per_page=20&after=99");
    }
}
