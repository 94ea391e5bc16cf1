//! What the back-office forms share: repeated rows of inputs (web links,
//! memberships) named `link0_url`, `link1_url`, ..., bounded in number, and
//! the lookup of an organisation or platform a person types by key or name.

use chrono::NaiveDate;
use pledgebook_core::store::Reader;
use pledgebook_core::{Initiative, InitiativeKind, Organisation, Stored, WebLink, ops, record::slugify};

use crate::error::AppError;
use crate::forms::{FieldErrors, FormData};

/// Most repeated rows a form takes (links, memberships): enough for any
/// organisation, and a bound on the work one request can ask for.
pub(crate) const MAX_ROWS: usize = 20;

/// How many rows of `prefix` the form shows: those filled in, and one
/// empty row to add another.
pub(crate) fn shown(form: &FormData, prefix: &str, field: &str) -> usize {
    let filled = (0..MAX_ROWS).filter(|i| !form.get(&format!("{prefix}{i}_{field}")).is_empty()).count();
    let last = (0..MAX_ROWS).rev().find(|i| !form.get(&format!("{prefix}{i}_{field}")).is_empty());
    (last.map_or(0, |l| l + 1).max(filled) + 1).min(MAX_ROWS)
}

/// The value of `prefix{i}_{field}`.
pub(crate) fn cell<'f>(form: &'f FormData, prefix: &str, i: usize, field: &str) -> &'f str {
    form.get(&format!("{prefix}{i}_{field}"))
}

/// The web links of the form's `link{i}_label` / `link{i}_url` rows.
pub(crate) fn links(form: &FormData) -> Vec<WebLink> {
    (0..MAX_ROWS)
        .filter_map(|i| {
            let url = cell(form, "link", i, "url");
            let label = cell(form, "link", i, "label");
            (!url.is_empty())
                .then(|| WebLink { label: if label.is_empty() { url } else { label }.to_owned(), url: url.to_owned() })
        })
        .collect()
}

/// A bilingual field of the form (`title_en`, `title_ja`); empty is none.
pub(crate) fn both(form: &FormData, name: &str) -> pledgebook_core::Localized {
    let get = |lang: &str| Some(form.get(&format!("{name}_{lang}")).to_owned()).filter(|s| !s.is_empty());
    pledgebook_core::Localized { en: get("en"), ja: get("ja") }
}

/// The English of a bilingual field (`name_en`), else its Japanese.
pub(crate) fn either<'f>(form: &'f FormData, name: &str) -> &'f str {
    match form.get(&format!("{name}_en")) {
        "" => form.get(&format!("{name}_ja")),
        en => en,
    }
}

/// The rules' errors for `links[i]` shown at the row's address input.
pub(crate) fn place_links(errors: &mut FieldErrors) {
    for n in 0..MAX_ROWS {
        errors.rename(&format!("links[{n}]"), &format!("link{n}_url"));
    }
}

/// Lays web links out as the form's rows.
pub(crate) fn link_pairs(links: &[WebLink]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (i, l) in links.iter().enumerate().take(MAX_ROWS) {
        pairs.push((format!("link{i}_label"), l.label.clone()));
        pairs.push((format!("link{i}_url"), l.url.clone()));
    }
    pairs
}

/// A date field: empty is none; anything else must be `YYYY-MM-DD`.
pub(crate) fn date(form: &FormData, name: &str, errors: &mut FieldErrors, message: &str) -> Option<NaiveDate> {
    let v = form.get(name);
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(name, format!("{message} ({v:?})"));
            None
        }
    }
}

/// An organisation or a platform, as someone names one in a form.
pub(crate) enum Named {
    Organisation(Stored<Organisation>),
    Platform(Stored<Initiative>),
}

/// The organisation a person means by `text`: its key, or the key its name
/// makes; a merged organisation gives the one it was merged into.
pub(crate) async fn organisation(r: &mut dyn Reader, text: &str) -> Result<Option<Stored<Organisation>>, AppError> {
    for key in [text.to_owned(), text.to_lowercase(), slugify(text)] {
        if let Some(o) = ops::find::<Organisation>(r, &key).await? {
            return Ok(Some(match o.merged_into {
                Some(into) => ops::get(r, into).await?,
                None => o,
            }));
        }
    }
    Ok(None)
}

/// The organisations of a comma-separated list of keys or names (at most
/// [`MAX_ROWS`]); each one not found is named in the field's error.
pub(crate) async fn organisations(
    r: &mut dyn Reader,
    form: &FormData,
    field: &str,
    not_found: &str,
    errors: &mut FieldErrors,
) -> Result<Vec<pledgebook_core::Id<Organisation>>, AppError> {
    let mut ids = Vec::new();
    for named in form.get(field).split([',', '、', ';']).map(str::trim).filter(|s| !s.is_empty()).take(MAX_ROWS) {
        match organisation(r, named).await? {
            Some(o) if !ids.contains(&o.id) => ids.push(o.id),
            Some(_) => {}
            None => errors.add(field, format!("{not_found} {named:?}")),
        }
    }
    Ok(ids)
}

/// Keys of organisations, as a form shows a list of them.
pub(crate) async fn organisation_keys(
    r: &mut dyn Reader,
    ids: &[pledgebook_core::Id<Organisation>],
) -> Result<String, AppError> {
    let found = ops::get_many::<Organisation>(r, ids.iter().copied()).await?;
    Ok(ids.iter().filter_map(|id| found.get(id)).map(|o| o.slug.clone()).collect::<Vec<_>>().join(", "))
}

/// A network organisation or a platform named by key or name.
pub(crate) async fn network_or_platform(r: &mut dyn Reader, text: &str) -> Result<Option<Named>, AppError> {
    if let Some(o) = organisation(r, text).await? {
        return Ok(Some(Named::Organisation(o)));
    }
    for key in [text.to_owned(), slugify(text)] {
        if let Some(i) = ops::find::<Initiative>(r, &key).await?
            && i.kind == InitiativeKind::Platform
        {
            return Ok(Some(Named::Platform(i)));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn a_form_shows_its_filled_rows_and_one_more() {
        assert_eq!(shown(&form(&[]), "link", "url"), 1);
        let two = form(&[("link0_url", "https://a.example"), ("link2_url", "https://c.example")]);
        assert_eq!(shown(&two, "link", "url"), 4, "up to the last filled row, plus one");
        let links = links(&two);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].label, "https://a.example", "a link without a label is labelled by its address");
        let full: Vec<(String, String)> = (0..MAX_ROWS + 5).map(|i| (format!("link{i}_url"), "x".into())).collect();
        assert_eq!(shown(&FormData::from_pairs(full), "link", "url"), MAX_ROWS);
    }

    #[test]
    fn dates_are_read_or_named_as_wrong() {
        let mut errors = FieldErrors::default();
        let f = form(&[("since", "2020-11-16"), ("until", "16/11/2020")]);
        assert_eq!(date(&f, "since", &mut errors, "bad"), NaiveDate::from_ymd_opt(2020, 11, 16));
        assert_eq!(date(&f, "until", &mut errors, "bad"), None);
        assert!(errors.get("until").is_some_and(|m| m.contains("16/11/2020")));
        assert_eq!(date(&f, "none", &mut errors, "bad"), None);
    }
}
