//! Indicators: a quantity tracked over time against a baseline and targets,
//! such as Children's Future Action's registered ambassadors.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commitment::Commitment;
use crate::id::Id;
use crate::initiative::Initiative;
use crate::organisation::{Organisation, validate_slug};
use crate::record::{Kind, Link, Record, Rel};
use crate::text::Localized;
use crate::validation::Invalid;

pub use crate::disaggregation::{Category, Dimension, MAX_CATEGORIES, MAX_DIMENSIONS, Share};

/// How observations combine into "where we are now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Each observation counts new units (people reached this month).
    Sum,
    /// Each observation is the running total (registered ambassadors).
    #[default]
    Latest,
    Max,
}

/// "more than 2,400" is not 2,400: keep how the number was qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    AtLeast,
    Approximately,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Observation {
    pub value: f64,
    pub date: NaiveDate,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::id::IdSchema>)]
    pub reported_by: Option<Id<Organisation>>,
    /// The value split by the indicator's dimensions
    /// (`crate::disaggregation`): for each dimension given, its categories'
    /// values add up to `value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<Share>,
}

impl Observation {
    /// A plain value, not split by any dimension.
    pub fn new(value: f64, date: NaiveDate) -> Self {
        Observation { value, date, qualifier: Qualifier::Exact, source: None, reported_by: None, breakdown: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    pub value: f64,
    pub deadline: NaiveDate,
    /// The deadline as people said it ("by the end of FY2020").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Indicator {
    pub key: String,
    #[schema(value_type = crate::id::IdSchema)]
    pub initiative: Id<Initiative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::id::IdSchema>)]
    pub commitment: Option<Id<Commitment>>,
    pub name: Localized,
    pub unit: String,
    #[serde(default)]
    pub aggregation: Aggregation,
    /// The unit of reported figures this indicator counts ("ambassadors"):
    /// approving a progress report on its commitment whose figures carry
    /// this unit adds them as observations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Observation>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// How observations may be split (sex, age group, prefecture).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
}

impl Indicator {
    /// Whether a reported figure's unit is the one this indicator counts:
    /// the same words, or those words within it ("registered ambassadors"
    /// counts as "ambassadors"), in any case.
    pub fn counts_figure(&self, unit: &str) -> bool {
        let Some(counts) = self.counts.as_deref().map(str::to_lowercase) else { return false };
        let unit = unit.to_lowercase();
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
        };
        let wanted = words(&counts);
        if wanted.is_empty() {
            return false;
        }
        // Japanese writes no spaces between words: there the text is enough.
        if !counts.is_ascii() {
            return unit.contains(counts.trim());
        }
        words(&unit).windows(wanted.len()).any(|w| w == wanted.as_slice())
    }

    /// Takes the figures of an approved report as observations: one per
    /// matching figure, sourced to the report, replacing those an earlier
    /// approval of the same report added. Returns how many it holds now.
    pub fn observe_report(
        &mut self,
        source: &str,
        date: NaiveDate,
        by: Option<Id<Organisation>>,
        figures: &[crate::Figure],
    ) -> usize {
        self.observations.retain(|o| o.source.as_deref() != Some(source));
        let seen: Vec<Observation> = figures
            .iter()
            .filter(|f| self.counts_figure(&f.unit))
            .map(|f| Observation {
                value: f.value,
                date,
                qualifier: Qualifier::Exact,
                source: Some(source.to_owned()),
                reported_by: by,
                breakdown: Vec::new(),
            })
            .collect();
        let n = seen.len();
        self.observations.extend(seen);
        n
    }

    /// The current value by the indicator's aggregation, with its date.
    pub fn current(&self) -> Option<(f64, NaiveDate)> {
        let mut obs: Vec<&Observation> = self.observations.iter().collect();
        obs.sort_by_key(|o| o.date);
        let last = obs.last()?;
        let value = match self.aggregation {
            Aggregation::Latest => last.value,
            Aggregation::Max => obs.iter().map(|o| o.value).fold(f64::MIN, f64::max),
            Aggregation::Sum => {
                obs.iter().map(|o| o.value).sum::<f64>() + self.baseline.as_ref().map_or(0.0, |b| b.value)
            }
        };
        Some((value, last.date))
    }
}

impl Record for Indicator {
    const KIND: Kind = Kind::Indicator;

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        for o in self.observations.iter_mut().chain(self.baseline.as_mut()) {
            crate::organisation::replace_option(&mut o.reported_by, from, to);
        }
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn links(&self) -> Vec<Link> {
        let mut links = vec![Link::to(Rel::Initiative, self.initiative)];
        links.extend(self.commitment.map(|c| Link::to(Rel::Commitment, c)));
        for o in self.baseline.iter().chain(&self.observations) {
            links.extend(o.reported_by.map(|r| Link::to(Rel::ReportedBy, r)));
        }
        links.sort();
        links.dedup();
        links
    }

    fn initiative(&self) -> Option<Id<Initiative>> {
        Some(self.initiative)
    }

    fn validate(&self, _: Option<&Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        validate_slug(&mut inv, "key", &self.key);
        if self.name.is_empty() {
            inv.push("name", "required", "an indicator needs a name");
        }
        inv.require("unit", &self.unit);
        let baseline_date = self.baseline.as_ref().map(|b| b.date);
        for (i, t) in self.targets.iter().enumerate() {
            if let Some(b) = baseline_date
                && t.deadline < b
            {
                inv.push(
                    format!("targets[{i}].deadline"),
                    "before-baseline",
                    format!("the target deadline {} is before the baseline date {b}", t.deadline),
                );
            }
        }
        for (i, o) in self.observations.iter().chain(&self.baseline).enumerate() {
            if !o.value.is_finite() {
                inv.push(format!("observations[{i}].value"), "number", "an observation must be a number");
            }
        }
        self.validate_dimensions(&mut inv);
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_approved_report_s_figures_of_its_unit_become_observations() {
        let mut ind = Indicator { counts: Some("ambassadors".into()), ..ambassadors() };
        let before = ind.observations.len();
        assert!(ind.counts_figure("registered Ambassadors") && ind.counts_figure("ambassadors"));
        assert!(!ind.counts_figure("ambassador events") && !ind.counts_figure("participants"));
        let figure = |value: f64, unit: &str| crate::Figure { value, text: value.to_string(), unit: unit.into() };
        let day = NaiveDate::from_ymd_opt(2020, 9, 30).unwrap();
        let figures = [figure(280.0, "ambassadors"), figure(1200.0, "participants")];
        assert_eq!(ind.observe_report("report #7", day, None, &figures), 1);
        assert_eq!(ind.current(), Some((280.0, day)));
        // Approved again (after a correction), the report replaces its own observation.
        assert_eq!(ind.observe_report("report #7", day, None, &[figure(300.0, "ambassadors")]), 1);
        assert_eq!(ind.observations.len(), before + 1);
        assert_eq!(ind.current(), Some((300.0, day)));
        let ja = Indicator { counts: Some("アンバサダー".into()), ..ambassadors() };
        assert!(ja.counts_figure("登録アンバサダー"));
        assert!(!Indicator { counts: None, ..ambassadors() }.counts_figure("ambassadors"));
    }

    fn ambassadors() -> Indicator {
        Indicator {
            key: "cfa/ambassadors".into(),
            initiative: Id::new(1),
            commitment: None,
            name: Localized::en("Registered ambassadors"),
            unit: "ambassadors".into(),
            aggregation: Aggregation::Latest,
            counts: None,
            baseline: None,
            targets: vec![Target { value: 1000.0, deadline: d(2021, 3, 31), label: Some("end of FY2020".into()) }],
            observations: vec![Observation::new(365.0, d(2019, 7, 11)), Observation::new(200.0, d(2019, 1, 1))],
            dimensions: Vec::new(),
        }
    }

    #[test]
    fn current_value_follows_the_aggregation() {
        let mut i = ambassadors();
        assert_eq!(i.current(), Some((365.0, d(2019, 7, 11))));
        i.aggregation = Aggregation::Sum;
        assert_eq!(i.current().unwrap().0, 565.0);
    }

    #[test]
    fn a_target_before_the_baseline_is_refused() {
        let mut i = ambassadors();
        i.baseline = Some(Observation::new(0.0, d(2022, 1, 1)));
        let e = i.validate(None).unwrap_err();
        assert_eq!(e.errors[0].field, "targets[0].deadline");
        assert_eq!(e.errors[0].code, "before-baseline");
    }

    #[test]
    fn a_breakdown_must_use_the_categories_and_add_up_to_the_total() {
        let cat = |key: &str| Category { key: key.into(), name: Localized::en(key) };
        let mut i = ambassadors();
        i.dimensions = vec![Dimension {
            key: "sex".into(),
            name: Localized::en("Sex"),
            categories: vec![cat("female"), cat("male")],
        }];
        let share = |category: &str, value| Share { dimension: "sex".into(), category: category.into(), value };
        i.observations[0].breakdown = vec![share("female", 200.0), share("male", 165.0)];
        assert!(i.validate(None).is_ok());
        assert_eq!(i.latest_breakdown().map(|o| o.share("female", "x")), Some(None));
        assert_eq!(i.latest_breakdown().and_then(|o| o.share("sex", "male")), Some(165.0));
        i.observations[0].breakdown[1].value = 160.0;
        let e = i.validate(None).unwrap_err();
        assert_eq!((e.errors[0].field.as_str(), e.errors[0].code), ("observations[0].breakdown", "breakdown-sum"));
        assert!(e.errors[0].message.contains("360"), "{}", e.errors[0].message);
        i.observations[0].breakdown = vec![share("other", 365.0)];
        assert_eq!(i.validate(None).unwrap_err().errors[0].code, "unknown-category");
        i.observations[0].breakdown = vec![share("female", 365.0), share("female", 0.0)];
        assert_eq!(i.validate(None).unwrap_err().errors[0].code, "duplicate");
        i.observations[0].breakdown.clear();
        i.dimensions[0].categories.push(cat("male"));
        assert_eq!(i.validate(None).unwrap_err().errors[0].field, "dimensions[0]");
    }
}
