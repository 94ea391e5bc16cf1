//! `/admin/initiatives`: the secretariat creates and edits campaigns,
//! action plans, platforms and projects: titles, dates, periods, word
//! limits, participants and facets (pillars, levels, SDG targets, or any
//! other, each value labelled in English and Japanese). The framework of
//! pillars and measures has its own page ([`super::framework`]).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{
    Facet, FacetValue, Initiative, InitiativeKind, Kind, Localized, Participant, ParticipantRole, Period, WordLimits,
    ops,
};

use super::rows::{self, MAX_ROWS};
use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, SECRETARIAT, with_role};
use crate::page::Page;

/// Most values one facet takes (the SDGs have 169 targets).
const MAX_FACET_VALUES: usize = 300;

pub(crate) struct Row {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "admin_initiatives.html")]
pub(crate) struct List {
    page: Page,
    rows: Vec<Row>,
    total: String,
    next: Option<String>,
}

/// `/admin/initiatives`
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let params = ListParams::parse(raw.as_deref(), &[], Limits::PAGE)?;
    let mut r = state.store.read().await?;
    let filter = Filter::of(Kind::Initiative);
    let at = ("/admin/initiatives", "initiatives-count");
    let super::Listing { rows, total, next } =
        super::listing::<Initiative, _>(&mut *r, &page, &filter, &params, at, |i| Row {
            id: i.id.get(),
            slug: i.slug.clone(),
            title: i.title.show(page.lang).text.to_owned(),
            kind: page.t(&format!("initiative-kind-{}", i.kind.as_str())),
        })
        .await?;
    crate::pages::render(&List { rows, total, next, page })
}

#[derive(Template)]
#[template(path = "admin_initiative.html")]
pub(crate) struct Edit {
    page: Page,
    id: Option<i64>,
    version: i64,
    form: FormData,
    errors: FieldErrors,
    kinds: Vec<(&'static str, String)>,
    roles: Vec<(&'static str, String)>,
    participant_rows: usize,
    facet_rows: usize,
    link_rows: usize,
    saved: bool,
}

const ROLES: [ParticipantRole; 4] = [
    ParticipantRole::Secretariat,
    ParticipantRole::JointSecretariat,
    ParticipantRole::Member,
    ParticipantRole::Partner,
];

impl Edit {
    fn new(page: Page, id: Option<i64>, version: i64, form: FormData, errors: FieldErrors) -> Self {
        let kinds = InitiativeKind::ALL
            .iter()
            .map(|k| (k.as_str(), page.t(&format!("initiative-kind-{}", k.as_str()))))
            .collect();
        let roles = ROLES.iter().map(|r| (r.as_str(), page.t(&format!("role-{}", r.as_str())))).collect();
        Edit {
            participant_rows: rows::shown(&form, "p", "org"),
            facet_rows: rows::shown(&form, "f", "key"),
            link_rows: rows::shown(&form, "link", "url"),
            page,
            id,
            version,
            form,
            errors,
            kinds,
            roles,
            saved: false,
        }
    }

    fn cell(&self, prefix: &str, i: &usize, field: &str) -> &str {
        rows::cell(&self.form, prefix, *i, field)
    }
}

/// `/admin/initiatives/new`
pub(crate) async fn new_form(page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let form = FormData::from_pairs(vec![("kind".into(), InitiativeKind::PledgeCampaign.as_str().into())]);
    crate::pages::render(&Edit::new(page, None, 0, form, FieldErrors::default()))
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn limit(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The record as the form shows it.
async fn as_form(r: &mut dyn Reader, i: &Initiative) -> Result<FormData, AppError> {
    let mut pairs: Vec<(String, String)> = vec![
        ("kind".into(), i.kind.as_str().into()),
        ("slug".into(), i.slug.clone()),
        ("title_en".into(), i.title.en.clone().unwrap_or_default()),
        ("title_ja".into(), i.title.ja.clone().unwrap_or_default()),
        ("summary_en".into(), i.summary.en.clone().unwrap_or_default()),
        ("summary_ja".into(), i.summary.ja.clone().unwrap_or_default()),
        ("starts".into(), day(i.starts)),
        ("ends".into(), day(i.ends)),
        ("submission_deadline".into(), day(i.submission_deadline)),
        ("periods".into(), i.periods.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        ("wl_title".into(), limit(i.word_limits.title)),
        ("wl_description".into(), limit(i.word_limits.description)),
        ("wl_implementation".into(), limit(i.word_limits.implementation)),
        ("wl_impact".into(), limit(i.word_limits.impact)),
    ];
    let orgs = ops::get_many::<pledgebook_core::Organisation>(r, i.participants.iter().map(|p| p.organisation)).await?;
    for (n, p) in i.participants.iter().enumerate().take(MAX_ROWS) {
        let slug = orgs.get(&p.organisation).map(|o| o.slug.clone()).unwrap_or_default();
        pairs.push((format!("p{n}_org"), slug));
        pairs.push((format!("p{n}_role"), p.role.as_str().into()));
    }
    for (n, f) in i.facets.iter().enumerate().take(MAX_ROWS) {
        pairs.push((format!("f{n}_key"), f.key.clone()));
        pairs.push((format!("f{n}_en"), f.label.en.clone().unwrap_or_default()));
        pairs.push((format!("f{n}_ja"), f.label.ja.clone().unwrap_or_default()));
        let values: Vec<String> = f
            .values
            .iter()
            .map(|v| {
                let ja = v.label.ja.as_deref().map(|j| format!(" | {j}")).unwrap_or_default();
                format!("{} | {}{ja}", v.key, v.label.en.as_deref().unwrap_or(""))
            })
            .collect();
        pairs.push((format!("f{n}_values"), values.join("\n")));
    }
    pairs.extend(rows::link_pairs(&i.links));
    Ok(FormData::from_pairs(pairs))
}

/// A facet's values as written in its box: `key | English | 日本語` a line.
fn facet_values(text: &str, field: &str, page: &Page, errors: &mut FieldErrors) -> Vec<FacetValue> {
    let mut values = Vec::new();
    for (n, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        if n == MAX_FACET_VALUES {
            errors.add(field, page.t_args("error-too-many-values", &[("count", MAX_FACET_VALUES as i64)]));
            break;
        }
        let mut parts = line.split('|').map(str::trim);
        let key = parts.next().unwrap_or_default();
        let en = parts.next().filter(|s| !s.is_empty()).unwrap_or(key);
        let ja = parts.next().filter(|s| !s.is_empty());
        if key.is_empty() || key.contains(char::is_whitespace) {
            errors.add(field, format!("{} ({}: {line:?})", page.t("error-facet-value"), n + 1));
            continue;
        }
        values.push(FacetValue {
            key: key.to_owned(),
            label: Localized { en: Some(en.to_owned()), ja: ja.map(str::to_owned) },
        });
    }
    values
}

fn number(form: &FormData, name: &str, page: &Page, errors: &mut FieldErrors) -> Option<u32> {
    let v = form.get(name);
    if v.is_empty() {
        return None;
    }
    match v.parse::<u32>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(name, page.t("error-word-limit"));
            None
        }
    }
}

/// Reads the form into `i`, keeping its framework and rounds.
async fn read(r: &mut dyn Reader, page: &Page, form: &FormData, i: &mut Initiative) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match InitiativeKind::parse(form.get("kind")) {
        Some(k) => i.kind = k,
        None => errors.add("kind", page.t("error-choose-kind")),
    }
    i.title = rows::both(form, "title");
    i.summary = rows::both(form, "summary");
    let bad_date = page.t("error-date");
    i.starts = rows::date(form, "starts", &mut errors, &bad_date);
    i.ends = rows::date(form, "ends", &mut errors, &bad_date);
    i.submission_deadline = rows::date(form, "submission_deadline", &mut errors, &bad_date);
    i.periods.clear();
    for p in form.get("periods").split([',', '、']).map(str::trim).filter(|p| !p.is_empty()).take(MAX_ROWS * 5) {
        match p.parse::<Period>() {
            Ok(period) if !i.periods.contains(&period) => i.periods.push(period),
            Ok(_) => {}
            Err(_) => errors.add("periods", format!("{} {p:?}", page.t("error-period"))),
        }
    }
    i.word_limits = WordLimits {
        title: number(form, "wl_title", page, &mut errors),
        description: number(form, "wl_description", page, &mut errors),
        implementation: number(form, "wl_implementation", page, &mut errors),
        impact: number(form, "wl_impact", page, &mut errors),
    };
    i.participants.clear();
    for n in 0..MAX_ROWS {
        let named = rows::cell(form, "p", n, "org");
        if named.is_empty() {
            continue;
        }
        let role = ROLES
            .into_iter()
            .find(|r| r.as_str() == rows::cell(form, "p", n, "role"))
            .unwrap_or(ParticipantRole::Member);
        match rows::organisation(r, named).await? {
            Some(o) if !i.participants.iter().any(|p| p.organisation == o.id) => {
                i.participants.push(Participant { organisation: o.id, role })
            }
            Some(_) => {}
            None => errors.add(&format!("p{n}_org"), format!("{} {named:?}", page.t("error-no-organisation"))),
        }
    }
    i.facets.clear();
    for n in 0..MAX_ROWS {
        let key = rows::cell(form, "f", n, "key");
        if key.is_empty() {
            continue;
        }
        let field = format!("f{n}_values");
        let values = facet_values(rows::cell(form, "f", n, "values"), &field, page, &mut errors);
        if values.is_empty() && errors.get(&field).is_none() {
            errors.add(&field, page.t("error-facet-empty"));
        }
        let mut label = rows::both(form, &format!("f{n}"));
        if label.en.is_none() {
            label.en = Some(key.to_owned());
        }
        i.facets.push(Facet { key: key.to_owned(), label, values });
    }
    i.links = rows::links(form);
    Ok(errors)
}

/// The rules' errors shown at the inputs they concern.
fn placed(page: &Page, invalid: &pledgebook_core::Invalid) -> FieldErrors {
    let mut errors = FieldErrors::from_invalid(page, invalid);
    errors.rename("title", "title_en");
    rows::place_links(&mut errors);
    for n in 0..MAX_ROWS {
        errors.rename(&format!("facets[{n}]"), &format!("f{n}_values"));
    }
    errors
}

/// The form read over the stored initiative, or into a new one (keyed by
/// the form's key, else its English title).
async fn fill(
    r: &mut dyn Reader,
    page: &Page,
    form: &FormData,
    current: Option<&Initiative>,
) -> Result<(Option<Initiative>, FieldErrors), AppError> {
    let mut i = match current {
        Some(i) => i.clone(),
        None => {
            let slug = match form.get("slug") {
                "" => pledgebook_core::record::slugify(form.get("title_en")),
                given => given.to_owned(),
            };
            Initiative::new(&slug, InitiativeKind::PledgeCampaign, Localized::default())
        }
    };
    let errors = read(r, page, form, &mut i).await?;
    Ok((Some(i), errors))
}

super::form_handlers!(Initiative, "/admin/initiatives", ("slug", "error-initiative-exists"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_values_are_read_a_line_each_with_both_labels() {
        let page = crate::page::Page::for_tests();
        let mut errors = FieldErrors::default();
        let values =
            facet_values("act | Act | 行動\ninspire | Inspire\n\nscale up | Scale up", "f0_values", &page, &mut errors);
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].label, Localized::both("Act", "行動"));
        assert_eq!(values[1].label, Localized::en("Inspire"));
        assert!(errors.get("f0_values").is_some_and(|m| m.contains("3")), "the bad line is named by its number");
    }
}
