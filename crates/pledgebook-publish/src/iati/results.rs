//! What an activity's `<result>` elements say, worked out before any XML is
//! written: an indicator's baseline, and for each reporting period its
//! target and the actual value by the indicator's aggregation; and the
//! figures the organisations reported ("2,602 campaigns"), summed per unit
//! and period.

use chrono::{Datelike, NaiveDate};
use pledgebook_core::{Aggregation, Indicator, Localized, Period, ProgressEntry, Qualifier};

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    pub title: Localized,
    pub baseline: Option<Baseline>,
    pub periods: Vec<ResultPeriod>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub date: NaiveDate,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResultPeriod {
    pub period: Period,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// How the actual value was qualified or written ("more than 2,400").
    pub comment: Option<String>,
    /// The actual value by category: dimension, category (their English
    /// names, else keys), value. IATI writes each as an `actual` of its own
    /// with a `dimension`.
    pub breakdown: Vec<(String, String, f64)>,
}

/// The actual value of the `chosen` observations split by each dimension
/// that every one of them gives, summed per category.
fn breakdown(ind: &Indicator, chosen: &[&pledgebook_core::Observation]) -> Vec<(String, String, f64)> {
    let name = |l: &Localized, key: &str| l.en.clone().unwrap_or_else(|| key.to_owned());
    let mut out = Vec::new();
    for d in &ind.dimensions {
        if chosen.is_empty() || !chosen.iter().all(|o| o.breakdown.iter().any(|s| s.dimension == d.key)) {
            continue;
        }
        for c in &d.categories {
            let values: Vec<f64> = chosen.iter().filter_map(|o| o.share(&d.key, &c.key)).collect();
            if !values.is_empty() {
                out.push((name(&d.name, &d.key), name(&c.name, &c.key), values.iter().sum()));
            }
        }
    }
    out
}

/// The periods results are reported in: the initiative's own, plus the
/// period (of the same style) of any date that falls outside them.
fn periods_covering(own: &[Period], dates: impl Iterator<Item = NaiveDate>) -> Vec<Period> {
    let fiscal = own.first().is_none_or(|p| matches!(p, Period::FiscalYear(_)));
    let mut out = own.to_vec();
    for d in dates {
        if !out.iter().any(|p| p.contains(d)) {
            out.push(match fiscal {
                true if d.month() < 4 => Period::FiscalYear(d.year() - 1),
                true => Period::FiscalYear(d.year()),
                false => Period::Year(d.year()),
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// An indicator as IATI reads it: one period per reporting period that has
/// a target falling due or an observation in it.
pub fn indicator_result(ind: &Indicator, own_periods: &[Period]) -> IndicatorResult {
    let dates = ind.observations.iter().map(|o| o.date).chain(ind.targets.iter().map(|t| t.deadline));
    let periods = periods_covering(own_periods, dates)
        .into_iter()
        .filter_map(|period| {
            let target = ind.targets.iter().filter(|t| period.contains(t.deadline)).max_by_key(|t| t.deadline);
            let mut inside: Vec<_> = ind.observations.iter().filter(|o| period.contains(o.date)).collect();
            inside.sort_by_key(|o| o.date);
            // The observations the actual value is made of.
            let chosen: Vec<_> = match ind.aggregation {
                Aggregation::Latest => inside.last().copied().into_iter().collect(),
                Aggregation::Sum => inside.clone(),
                Aggregation::Max => {
                    inside.iter().copied().max_by(|a, b| a.value.total_cmp(&b.value)).into_iter().collect()
                }
            };
            let actual = match ind.aggregation {
                _ if chosen.is_empty() => None,
                Aggregation::Sum => Some(chosen.iter().map(|o| o.value).sum()),
                _ => chosen.first().map(|o| o.value),
            };
            let comment = inside.last().and_then(|o| match o.qualifier {
                Qualifier::Exact => None,
                Qualifier::AtLeast => Some(format!("at least {}", number(o.value))),
                Qualifier::Approximately => Some(format!("approximately {}", number(o.value))),
            });
            (target.is_some() || actual.is_some()).then(|| ResultPeriod {
                period,
                target: target.map(|t| t.value),
                actual,
                comment,
                breakdown: breakdown(ind, &chosen),
            })
        })
        .collect();
    IndicatorResult {
        title: ind.name.clone(),
        baseline: ind.baseline.as_ref().map(|b| Baseline { date: b.date, value: b.value }),
        periods,
    }
}

/// The figures in a commitment's reports, one indicator per unit (compared
/// without case), its actual value per period the sum of that period's
/// figures; the comment keeps the numbers as the reports wrote them.
pub fn reported_figures(entries: &[&ProgressEntry]) -> Vec<IndicatorResult> {
    let mut units: Vec<(String, IndicatorResult)> = Vec::new();
    for e in entries {
        for f in &e.figures {
            let key = f.unit.trim().to_lowercase();
            let at = match units.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    let title = Localized::en(f.unit.trim());
                    units.push((key, IndicatorResult { title, baseline: None, periods: Vec::new() }));
                    units.len() - 1
                }
            };
            let periods = &mut units[at].1.periods;
            match periods.iter_mut().find(|p| p.period == e.period) {
                Some(p) => {
                    p.actual = Some(p.actual.unwrap_or(0.0) + f.value);
                    p.comment = Some(format!("{}; {}", p.comment.take().unwrap_or_default(), f.text));
                }
                None => periods.push(ResultPeriod {
                    period: e.period,
                    target: None,
                    actual: Some(f.value),
                    comment: Some(f.text.clone()),
                    breakdown: Vec::new(),
                }),
            }
        }
    }
    for (_, r) in &mut units {
        r.periods.sort_by_key(|p| p.period);
    }
    units.into_iter().map(|(_, r)| r).collect()
}

/// A value as IATI wants it: digits, a point, no grouping.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    use pledgebook_core::{Id, Observation, Target};

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ambassadors() -> Indicator {
        let obs = |value, date, qualifier| Observation { qualifier, ..Observation::new(value, date) };
        Indicator {
            key: "cfa/ambassadors".into(),
            initiative: Id::new(1),
            commitment: None,
            name: Localized::en("Registered ambassadors"),
            unit: "ambassadors".into(),
            aggregation: Aggregation::Latest,
            counts: None,
            baseline: None,
            targets: vec![Target { value: 1000.0, deadline: d(2021, 3, 31), label: None }],
            observations: vec![
                obs(200.0, d(2018, 11, 1), Qualifier::Exact),
                obs(365.0, d(2019, 7, 11), Qualifier::AtLeast),
            ],
            dimensions: Vec::new(),
        }
    }

    #[test]
    fn targets_and_observations_land_in_their_fiscal_years() {
        let r = indicator_result(&ambassadors(), &[Period::FiscalYear(2018), Period::FiscalYear(2020)]);
        let got: Vec<_> = r.periods.iter().map(|p| (p.period.to_string(), p.target, p.actual)).collect();
        assert_eq!(
            got,
            [
                ("FY2018".to_owned(), None, Some(200.0)),
                // Not one of the initiative's periods, but an observation falls in it.
                ("FY2019".to_owned(), None, Some(365.0)),
                ("FY2020".to_owned(), Some(1000.0), None),
            ]
        );
        assert_eq!(r.periods[1].comment.as_deref(), Some("at least 365"));
    }

    #[test]
    fn summed_indicators_add_up_within_a_period() {
        let mut ind = ambassadors();
        ind.aggregation = Aggregation::Sum;
        ind.observations[1].date = d(2018, 12, 1);
        let r = indicator_result(&ind, &[Period::FiscalYear(2018)]);
        assert_eq!(r.periods[0].actual, Some(565.0));
    }

    #[test]
    fn numbers_are_written_without_grouping() {
        assert_eq!(number(360000.0), "360000");
        assert_eq!(number(3.9), "3.9");
    }

    #[test]
    fn the_actual_value_is_split_by_its_dimensions() {
        use pledgebook_core::{Category, Dimension, Share};
        let mut ind = ambassadors();
        let cat = |key: &str| Category { key: key.into(), name: Localized::en(key) };
        ind.dimensions = vec![Dimension {
            key: "sex".into(),
            name: Localized::en("Sex"),
            categories: vec![cat("female"), cat("male")],
        }];
        let share = |category: &str, value| Share { dimension: "sex".into(), category: category.into(), value };
        ind.observations[1].breakdown = vec![share("female", 200.0), share("male", 165.0)];
        let r = indicator_result(&ind, &[Period::FiscalYear(2018), Period::FiscalYear(2019)]);
        // FY2018's observation is not split; FY2019's is.
        assert!(r.periods[0].breakdown.is_empty());
        assert_eq!(
            r.periods[1].breakdown,
            [("Sex".to_owned(), "female".to_owned(), 200.0), ("Sex".to_owned(), "male".to_owned(), 165.0)]
        );
        // Summed, a period is split only when each of its observations is.
        ind.aggregation = Aggregation::Sum;
        ind.observations[0].date = d(2019, 5, 1);
        let r = indicator_result(&ind, &[Period::FiscalYear(2019)]);
        assert_eq!(r.periods[0].actual, Some(565.0));
        assert!(r.periods[0].breakdown.is_empty());
    }
}
