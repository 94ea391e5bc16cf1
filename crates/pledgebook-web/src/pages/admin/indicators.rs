//! `/admin/indicators`: what an initiative or a commitment measures: unit,
//! how observations combine, baseline, targets with deadlines, and the
//! observations themselves (value, date, source, reporting organisation),
//! recorded, corrected or withdrawn in a form. An indicator can name the
//! unit of reported figures it counts: approving a progress report then
//! adds its figures as observations (`workflow::review_entry`). It can name
//! dimensions (sex, age group, prefecture) with their categories, written
//! `female / 女性, male / 男性`; each observation row then takes a value per
//! category, which must add up to the row's value.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use chrono::NaiveDate;
use pledgebook_core::indicator::{MAX_CATEGORIES, MAX_DIMENSIONS};
use pledgebook_core::paging::Limits;
use pledgebook_core::record::slugify;
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{
    Aggregation, Category, Commitment, Dimension, Id, Indicator, Initiative, Kind, Localized, Observation, Qualifier,
    Share, Target, ops,
};
use pledgebook_publish::iati::results::number;

use super::rows::{self, MAX_ROWS};
use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, SECRETARIAT, with_role};
use crate::page::Page;

/// Most observations the form shows and takes: monthly for 16 years.
const MAX_OBSERVATIONS: usize = 200;

const AGGREGATIONS: [(Aggregation, &str); 3] =
    [(Aggregation::Latest, "latest"), (Aggregation::Sum, "sum"), (Aggregation::Max, "max")];
const QUALIFIERS: [(Qualifier, &str); 3] =
    [(Qualifier::Exact, "exact"), (Qualifier::Approximately, "approximately"), (Qualifier::AtLeast, "at_least")];

pub(crate) struct Row {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub current: String,
}

#[derive(Template)]
#[template(path = "admin_indicators.html")]
pub(crate) struct List {
    page: Page,
    rows: Vec<Row>,
    total: String,
    next: Option<String>,
}

/// `/admin/indicators`
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let params = ListParams::parse(raw.as_deref(), &[], Limits::PAGE)?;
    let mut r = state.store.read().await?;
    let filter = Filter::of(Kind::Indicator);
    let at = ("/admin/indicators", "indicators-count");
    let super::Listing { rows, total, next } =
        super::listing::<Indicator, _>(&mut *r, &page, &filter, &params, at, |i| Row {
            id: i.id.get(),
            name: i.name.show(page.lang).text.to_owned(),
            unit: i.unit.clone(),
            current: i.current().map(|(v, d)| format!("{} ({d})", crate::chart::grouped(v))).unwrap_or_default(),
        })
        .await?;
    crate::pages::render(&List { rows, total, next, page })
}

#[derive(Template)]
#[template(path = "admin_indicator.html")]
pub(crate) struct Edit {
    page: Page,
    id: Option<i64>,
    version: i64,
    form: FormData,
    errors: FieldErrors,
    aggregations: Vec<(&'static str, String)>,
    qualifiers: Vec<(&'static str, String)>,
    target_rows: usize,
    observation_rows: usize,
    dimension_rows: usize,
    /// The dimensions the form names: row, name, category names.
    dimensions: Vec<(usize, String, Vec<String>)>,
    saved: bool,
}

/// The dimension rows of the form that name categories: row, dimension.
fn dimensions_of(form: &FormData) -> Vec<(usize, Dimension)> {
    (0..MAX_DIMENSIONS)
        .filter_map(|d| {
            let categories: Vec<Category> = rows::cell(form, "d", d, "categories")
                .split([',', '、', '，', '\n'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| {
                    let (en, ja) = match c.split_once('/') {
                        Some((en, ja)) => (en.trim(), ja.trim()),
                        None if c.is_ascii() => (c, ""),
                        None => ("", c),
                    };
                    let name = Localized {
                        en: Some(en.to_owned()).filter(|s| !s.is_empty()),
                        ja: Some(ja.to_owned()).filter(|s| !s.is_empty()),
                    };
                    Category { key: slugify(if en.is_empty() { ja } else { en }), name }
                })
                .collect();
            let name = rows::both(form, &format!("d{d}_name"));
            let key = slugify(name.en.as_deref().or(name.ja.as_deref()).unwrap_or_default());
            (!categories.is_empty() || !name.is_empty()).then_some((d, Dimension { key, name, categories }))
        })
        .collect()
}

/// The input of category `c` of dimension row `d` in observation row `n`.
fn share_field(n: usize, d: usize, c: usize) -> String {
    format!("o{n}_d{d}_{c}")
}

impl Edit {
    fn new(page: Page, id: Option<i64>, version: i64, form: FormData, errors: FieldErrors) -> Self {
        let aggregations = AGGREGATIONS.iter().map(|(_, k)| (*k, page.t(&format!("aggregation-{k}")))).collect();
        let qualifiers = QUALIFIERS.iter().map(|(_, k)| (*k, page.t(&format!("qualifier-name-{k}")))).collect();
        let filled = (0..MAX_OBSERVATIONS).rev().find(|i| !rows::cell(&form, "o", *i, "value").is_empty());
        let dimensions: Vec<_> = dimensions_of(&form)
            .into_iter()
            .map(|(d, dim)| {
                let names = dim.categories.iter().map(|c| c.name.show(page.lang).text.to_owned()).collect();
                (d, dim.name.show(page.lang).text.to_owned(), names)
            })
            .collect();
        Edit {
            dimension_rows: (dimensions.last().map_or(0, |(d, ..)| d + 1) + 1).min(MAX_DIMENSIONS),
            dimensions,
            target_rows: rows::shown(&form, "t", "value"),
            observation_rows: (filled.map_or(0, |i| i + 1) + 1).min(MAX_OBSERVATIONS),
            page,
            id,
            version,
            form,
            errors,
            aggregations,
            qualifiers,
            saved: false,
        }
    }

    fn cell(&self, prefix: &str, i: &usize, field: &str) -> &str {
        rows::cell(&self.form, prefix, *i, field)
    }

    fn share(&self, n: &usize, d: &usize, c: &usize) -> &str {
        self.form.get(&share_field(*n, *d, *c))
    }
}

/// `/admin/indicators/new`
pub(crate) async fn new_form(page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let form = FormData::from_pairs(vec![("aggregation".into(), "latest".into())]);
    crate::pages::render(&Edit::new(page, None, 0, form, FieldErrors::default()))
}

async fn as_form(r: &mut dyn Reader, i: &Indicator) -> Result<FormData, AppError> {
    let initiative = ops::get::<Initiative>(r, i.initiative).await?.slug.clone();
    let aggregation = AGGREGATIONS.iter().find(|(a, _)| *a == i.aggregation).map_or("latest", |(_, k)| k);
    let mut pairs: Vec<(String, String)> = vec![
        ("key".into(), i.key.clone()),
        ("initiative".into(), initiative),
        ("commitment".into(), i.commitment.map(|c| c.to_string()).unwrap_or_default()),
        ("name_en".into(), i.name.en.clone().unwrap_or_default()),
        ("name_ja".into(), i.name.ja.clone().unwrap_or_default()),
        ("unit".into(), i.unit.clone()),
        ("aggregation".into(), aggregation.into()),
        ("counts".into(), i.counts.clone().unwrap_or_default()),
        ("baseline_value".into(), i.baseline.as_ref().map(|b| number(b.value)).unwrap_or_default()),
        ("baseline_date".into(), i.baseline.as_ref().map(|b| b.date.to_string()).unwrap_or_default()),
    ];
    for (d, dim) in i.dimensions.iter().enumerate().take(MAX_DIMENSIONS) {
        pairs.push((format!("d{d}_name_en"), dim.name.en.clone().unwrap_or_default()));
        pairs.push((format!("d{d}_name_ja"), dim.name.ja.clone().unwrap_or_default()));
        let names = dim.categories.iter().map(|c| match (&c.name.en, &c.name.ja) {
            (Some(en), Some(ja)) => format!("{en} / {ja}"),
            (en, ja) => en.clone().or(ja.clone()).unwrap_or_else(|| c.key.clone()),
        });
        pairs.push((format!("d{d}_categories"), names.collect::<Vec<_>>().join(", ")));
    }
    for (n, t) in i.targets.iter().enumerate().take(MAX_ROWS) {
        pairs.push((format!("t{n}_value"), number(t.value)));
        pairs.push((format!("t{n}_deadline"), t.deadline.to_string()));
        pairs.push((format!("t{n}_label"), t.label.clone().unwrap_or_default()));
    }
    let orgs =
        ops::get_many::<pledgebook_core::Organisation>(r, i.observations.iter().filter_map(|o| o.reported_by)).await?;
    for (n, o) in i.observations.iter().enumerate().take(MAX_OBSERVATIONS) {
        let qualifier = QUALIFIERS.iter().find(|(q, _)| *q == o.qualifier).map_or("exact", |(_, k)| k);
        pairs.push((format!("o{n}_value"), number(o.value)));
        pairs.push((format!("o{n}_date"), o.date.to_string()));
        pairs.push((format!("o{n}_qualifier"), qualifier.into()));
        pairs.push((format!("o{n}_source"), o.source.clone().unwrap_or_default()));
        let org = o.reported_by.and_then(|id| orgs.get(&id)).map(|o| o.slug.clone()).unwrap_or_default();
        pairs.push((format!("o{n}_org"), org));
        for (d, dim) in i.dimensions.iter().enumerate().take(MAX_DIMENSIONS) {
            for (c, cat) in dim.categories.iter().enumerate() {
                if let Some(v) = o.share(&dim.key, &cat.key) {
                    pairs.push((share_field(n, d, c), number(v)));
                }
            }
        }
    }
    Ok(FormData::from_pairs(pairs))
}

/// A number as people write it: "1,000", "3.5", "１２０".
fn value(form: &FormData, name: &str, page: &Page, errors: &mut FieldErrors) -> Option<f64> {
    let v = form.get(name);
    if v.is_empty() {
        return None;
    }
    let plain: String = v
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '，'))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    match plain.parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            errors.add(name, format!("{} ({v:?})", page.t("error-number")));
            None
        }
    }
}

fn needed_date(form: &FormData, name: &str, page: &Page, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let d = rows::date(form, name, errors, &page.t("error-date"));
    if d.is_none() && errors.get(name).is_none() {
        errors.add(name, page.t("error-date"));
    }
    d
}

async fn read(
    r: &mut dyn Reader,
    page: &Page,
    form: &FormData,
    key: String,
) -> Result<(Option<Indicator>, FieldErrors), AppError> {
    let mut errors = FieldErrors::default();
    let initiative = match ops::find::<Initiative>(r, form.get("initiative")).await? {
        Some(i) => Some(i.id),
        None => {
            errors.add("initiative", format!("{} {:?}", page.t("error-no-initiative"), form.get("initiative")));
            None
        }
    };
    let commitment = match form.get("commitment").trim_start_matches('#') {
        "" => None,
        n => match n.parse::<i64>() {
            Ok(n) if ops::get::<Commitment>(r, Id::new(n)).await.is_ok() => Some(Id::new(n)),
            _ => {
                errors.add("commitment", format!("{} {n:?}", page.t("error-no-commitment")));
                None
            }
        },
    };
    let aggregation =
        AGGREGATIONS.iter().find(|(_, k)| *k == form.get("aggregation")).map_or(Aggregation::Latest, |(a, _)| *a);
    let baseline = match (value(form, "baseline_value", page, &mut errors), form.get("baseline_date").is_empty()) {
        (None, true) => None,
        (v, _) => {
            let date = needed_date(form, "baseline_date", page, &mut errors);
            v.zip(date).map(|(value, date)| Observation::new(value, date))
        }
    };
    let mut targets = Vec::new();
    for n in 0..MAX_ROWS {
        let Some(v) = value(form, &format!("t{n}_value"), page, &mut errors) else { continue };
        if let Some(deadline) = needed_date(form, &format!("t{n}_deadline"), page, &mut errors) {
            let label = Some(rows::cell(form, "t", n, "label").to_owned()).filter(|l| !l.is_empty());
            targets.push(Target { value: v, deadline, label });
        }
    }
    let dimensions = dimensions_of(form);
    let mut observations = Vec::new();
    let mut observation_rows = Vec::new();
    for n in 0..MAX_OBSERVATIONS {
        if rows::cell(form, "o", n, "remove") == "yes" {
            continue;
        }
        let Some(v) = value(form, &format!("o{n}_value"), page, &mut errors) else { continue };
        let Some(date) = needed_date(form, &format!("o{n}_date"), page, &mut errors) else { continue };
        let qualifier = QUALIFIERS
            .iter()
            .find(|(_, k)| *k == rows::cell(form, "o", n, "qualifier"))
            .map_or(Qualifier::Exact, |(q, _)| *q);
        let named = rows::cell(form, "o", n, "org");
        let reported_by = match named {
            "" => None,
            named => match rows::organisation(r, named).await? {
                Some(o) => Some(o.id),
                None => {
                    errors.add(&format!("o{n}_org"), format!("{} {named:?}", page.t("error-no-organisation")));
                    None
                }
            },
        };
        let source = Some(rows::cell(form, "o", n, "source").to_owned()).filter(|s| !s.is_empty());
        let mut breakdown = Vec::new();
        for (d, dim) in &dimensions {
            for (c, cat) in dim.categories.iter().enumerate().take(MAX_CATEGORIES) {
                if let Some(value) = value(form, &share_field(n, *d, c), page, &mut errors) {
                    breakdown.push(Share { dimension: dim.key.clone(), category: cat.key.clone(), value });
                }
            }
        }
        observations.push(Observation { value: v, date, qualifier, source, reported_by, breakdown });
        observation_rows.push(n);
    }
    let Some(initiative) = initiative else { return Ok((None, errors)) };
    let indicator = Indicator {
        key,
        initiative,
        commitment,
        name: Localized {
            en: Some(form.get("name_en").to_owned()).filter(|s| !s.is_empty()),
            ja: Some(form.get("name_ja").to_owned()).filter(|s| !s.is_empty()),
        },
        unit: form.get("unit").to_owned(),
        aggregation,
        counts: Some(form.get("counts").to_owned()).filter(|s| !s.is_empty()),
        baseline,
        targets,
        observations,
        dimensions: dimensions.iter().map(|(_, d)| d.clone()).collect(),
    };
    // The rules' errors in the same round, those of dimensions and
    // breakdowns at their rows.
    if let Err(invalid) = pledgebook_core::Record::validate(&indicator, None) {
        let mut placed = placed(page, &invalid);
        for (i, (d, _)) in dimensions.iter().enumerate() {
            placed.rename(&format!("dimensions[{i}]"), &format!("d{d}_categories"));
        }
        for (i, n) in observation_rows.iter().enumerate() {
            let first = dimensions.first().map_or(format!("o{n}_value"), |(d, _)| share_field(*n, *d, 0));
            placed.rename(&format!("observations[{i}]"), &first);
        }
        for (field, message) in placed.iter() {
            errors.add(field, message.to_owned());
        }
    }
    Ok((Some(indicator), errors))
}

fn placed(page: &Page, invalid: &pledgebook_core::Invalid) -> FieldErrors {
    let mut errors = FieldErrors::from_invalid(page, invalid);
    errors.rename("name", "name_en");
    errors.rename("key", "name_en");
    for n in 0..MAX_ROWS {
        errors.rename(&format!("targets[{n}]"), &format!("t{n}_deadline"));
    }
    errors
}

/// The key of a new indicator: its initiative's and its name's.
fn new_key(form: &FormData) -> String {
    let name = rows::either(form, "name");
    let key = format!("{}/{}", form.get("initiative"), pledgebook_core::record::slugify(name));
    pledgebook_core::record::fit_key(&key, pledgebook_core::record::KEY_MAX_BYTES)
}

/// The form read over the stored indicator, or into a new one.
async fn fill(
    r: &mut dyn Reader,
    page: &Page,
    form: &FormData,
    current: Option<&Indicator>,
) -> Result<(Option<Indicator>, FieldErrors), AppError> {
    let key = current.map_or_else(|| new_key(form), |i| i.key.clone());
    read(r, page, form, key).await
}

super::form_handlers!(Indicator, "/admin/indicators", ("name_en", "error-indicator-exists"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_write_them() {
        let page = Page::for_tests();
        let mut errors = FieldErrors::default();
        let form = FormData::from_pairs(vec![
            ("a".into(), "1,660,000".into()),
            ("b".into(), "１２０".into()),
            ("c".into(), "many".into()),
            ("d".into(), "NaN".into()),
        ]);
        assert_eq!(value(&form, "a", &page, &mut errors), Some(1_660_000.0));
        assert_eq!(value(&form, "b", &page, &mut errors), Some(120.0));
        assert_eq!(value(&form, "c", &page, &mut errors), None);
        assert_eq!(value(&form, "d", &page, &mut errors), None);
        assert!(errors.get("c").is_some() && errors.get("d").is_some());
        assert_eq!(number(280.0), "280");
    }
}
