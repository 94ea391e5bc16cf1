//! Rows of indicator observations: indicator key, value, date, and
//! optionally qualifier, source, reporting organisation and the breakdown
//! by the indicator's dimensions (`sex/female=150; sex/male=130`, as the
//! export writes it). An observation
//! is the same observation when its date and reporting organisation are, so
//! importing a sheet again changes nothing.

use chrono::NaiveDate;
use pledgebook_core::ops::{self, Saved};
use pledgebook_core::store::Tx;
use pledgebook_core::{Actor, Indicator, Initiative, Observation, Organisation, Qualifier, Share};

use super::columns::{Field, Mapping};
use super::{Outcome, RowError, SheetError, Table};

fn parse_value(s: &str) -> Option<f64> {
    s.replace([',', ' '], "").parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

fn parse_qualifier(s: &str) -> Option<Qualifier> {
    match s.to_lowercase().replace('_', " ").as_str() {
        "" | "exact" => Some(Qualifier::Exact),
        "at least" | "more than" | "over" | "以上" => Some(Qualifier::AtLeast),
        "approximately" | "approx." | "about" | "約" => Some(Qualifier::Approximately),
        _ => None,
    }
}

/// `dimension/category=value` pairs separated by `;`; empty is none.
fn parse_breakdown(s: &str) -> Result<Vec<Share>, String> {
    s.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let wrong = || format!("{part:?} is not dimension/category=value (e.g. sex/female=150)");
            let (name, value) = part.split_once('=').ok_or_else(wrong)?;
            let (dimension, category) = name.split_once('/').ok_or_else(wrong)?;
            let value = parse_value(value.trim()).ok_or_else(wrong)?;
            Ok(Share { dimension: dimension.trim().to_owned(), category: category.trim().to_owned(), value })
        })
        .collect()
}

pub async fn apply<T: Tx + ?Sized>(
    tx: &mut T,
    actor: &Actor,
    table: &Table,
    mapping: &Mapping,
    initiative: &str,
    skip_invalid: bool,
    progress: crate::report::apply::Progress<'_>,
) -> Result<Outcome, SheetError> {
    for f in [Field::Indicator, Field::Value, Field::Date] {
        mapping.require(f)?;
    }
    let ini = ops::find::<Initiative>(tx, initiative)
        .await?
        .ok_or_else(|| SheetError::NoInitiative(initiative.to_owned()))?;
    let mut outcome = Outcome::default();
    let mut errors = Vec::new();
    for (done, (no, cells)) in table.rows.iter().enumerate() {
        progress(done, table.rows.len());
        let mut row_errors = Vec::new();
        let mut err =
            |f: Field, m: String| row_errors.push(RowError { row: *no, column: mapping.header(f), message: m });
        let key = mapping.get(cells, Field::Indicator);
        let value = parse_value(mapping.get(cells, Field::Value));
        let date = parse_date(mapping.get(cells, Field::Date));
        let qualifier = parse_qualifier(mapping.get(cells, Field::Qualifier));
        if value.is_none() {
            err(Field::Value, format!("{:?} is not a number", mapping.get(cells, Field::Value)));
        }
        if date.is_none() {
            err(Field::Date, format!("{:?} is not a date; write YYYY-MM-DD", mapping.get(cells, Field::Date)));
        }
        if qualifier.is_none() {
            err(Field::Qualifier, "use exact, at least or approximately".into());
        }
        let breakdown = parse_breakdown(mapping.get(cells, Field::Breakdown)).unwrap_or_else(|m| {
            err(Field::Breakdown, m);
            Vec::new()
        });
        let indicator = ops::find::<Indicator>(tx, key).await?.filter(|i| i.initiative == ini.id);
        if indicator.is_none() {
            err(Field::Indicator, format!("{} has no indicator {key:?}", ini.slug));
        }
        let reporter = mapping.get(cells, Field::ReportedBy);
        let reported_by = match reporter {
            "" => None,
            r => {
                let found = match ops::find::<Organisation>(tx, r).await? {
                    Some(o) => Some(o),
                    None => ops::find::<Organisation>(tx, &pledgebook_core::record::slugify(r)).await?,
                };
                if found.is_none() {
                    err(Field::ReportedBy, format!("no organisation {r:?}"));
                }
                found.map(|o| o.id)
            }
        };
        let (Some(ind), Some(value), Some(date), Some(qualifier), true) =
            (indicator, value, date, qualifier, row_errors.is_empty())
        else {
            errors.append(&mut row_errors);
            continue;
        };
        let source = mapping.get(cells, Field::Source);
        let obs = Observation {
            value,
            date,
            qualifier,
            source: (!source.is_empty()).then(|| source.to_owned()),
            reported_by,
            breakdown,
        };
        let mut updated = ind.value.clone();
        let how = match updated.observations.iter_mut().find(|o| o.date == date && o.reported_by == reported_by) {
            Some(o) if *o == obs => Saved::Unchanged,
            Some(o) => {
                *o = obs;
                Saved::Updated
            }
            None => {
                updated.observations.push(obs);
                updated.observations.sort_by_key(|o| o.date);
                Saved::Created
            }
        };
        if how != Saved::Unchanged {
            tx.savepoint().await?;
            match ops::update(tx, actor, ind.id, ind.version, updated).await {
                Ok(_) => tx.release_savepoint().await?,
                Err(e) => {
                    tx.rollback_to_savepoint().await?;
                    let message = e.to_string();
                    let field = if message.contains("breakdown") { Field::Breakdown } else { Field::Value };
                    errors.push(RowError { row: *no, column: mapping.header(field), message });
                    continue;
                }
            }
        }
        outcome.count(how);
    }
    outcome.finish(errors, skip_invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_dates_and_qualifiers_as_people_write_them() {
        assert_eq!(parse_value("2,400"), Some(2400.0));
        assert_eq!(parse_value("many"), None);
        assert_eq!(parse_date("2019/07/11"), NaiveDate::from_ymd_opt(2019, 7, 11));
        assert_eq!(parse_date("11 July 2019"), None);
        assert_eq!(parse_qualifier("More than"), Some(Qualifier::AtLeast));
        assert_eq!(parse_qualifier("roughly"), None);
        let shares = parse_breakdown("sex/female=1,500; sex / male = 130 ;").unwrap();
        assert_eq!(
            shares.iter().map(|s| (s.dimension.as_str(), s.category.as_str(), s.value)).collect::<Vec<_>>(),
            [("sex", "female", 1500.0), ("sex", "male", 130.0)]
        );
        assert!(parse_breakdown("female 150").unwrap_err().contains("\"female 150\""));
    }
}
