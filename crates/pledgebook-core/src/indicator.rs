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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Observation>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub observations: Vec<Observation>,
}

impl Indicator {
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
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ambassadors() -> Indicator {
        Indicator {
            key: "cfa/ambassadors".into(),
            initiative: Id::new(1),
            commitment: None,
            name: Localized::en("Registered ambassadors"),
            unit: "ambassadors".into(),
            aggregation: Aggregation::Latest,
            baseline: None,
            targets: vec![Target { value: 1000.0, deadline: d(2021, 3, 31), label: Some("end of FY2020".into()) }],
            observations: vec![
                Observation {
                    value: 365.0,
                    date: d(2019, 7, 11),
                    qualifier: Qualifier::Exact,
                    source: None,
                    reported_by: None,
                },
                Observation {
                    value: 200.0,
                    date: d(2019, 1, 1),
                    qualifier: Qualifier::Exact,
                    source: None,
                    reported_by: None,
                },
            ],
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
        i.baseline = Some(Observation {
            value: 0.0,
            date: d(2022, 1, 1),
            qualifier: Qualifier::Exact,
            source: None,
            reported_by: None,
        });
        let e = i.validate(None).unwrap_err();
        assert_eq!(e.errors[0].field, "targets[0].deadline");
        assert_eq!(e.errors[0].code, "before-baseline");
    }
}
