//! Initiatives: a pledge campaign, a government action plan, a platform or a
//! project. Each brings its own framework, facets, reporting periods and
//! rules (deadline, word limits) that its commitments are checked against.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::framework::Framework;
use crate::id::Id;
use crate::organisation::{Organisation, WebLink, validate_links, validate_slug};
use crate::period::Period;
use crate::record::{Kind, Link, Record, Rel};
use crate::text::Localized;
use crate::validation::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeKind {
    PledgeCampaign,
    ActionPlan,
    Platform,
    Project,
}

impl InitiativeKind {
    pub const ALL: [InitiativeKind; 4] =
        [InitiativeKind::PledgeCampaign, InitiativeKind::ActionPlan, InitiativeKind::Platform, InitiativeKind::Project];

    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeKind::PledgeCampaign => "pledge_campaign",
            InitiativeKind::ActionPlan => "action_plan",
            InitiativeKind::Platform => "platform",
            InitiativeKind::Project => "project",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    Member,
    Secretariat,
    JointSecretariat,
    Partner,
}

impl ParticipantRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantRole::Member => "member",
            ParticipantRole::Secretariat => "secretariat",
            ParticipantRole::JointSecretariat => "joint_secretariat",
            ParticipantRole::Partner => "partner",
        }
    }

    pub(crate) fn rel(self) -> Rel {
        match self {
            ParticipantRole::Secretariat | ParticipantRole::JointSecretariat => Rel::Secretariat,
            ParticipantRole::Member | ParticipantRole::Partner => Rel::Member,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Participant {
    #[schema(value_type = crate::id::IdSchema)]
    pub organisation: Id<Organisation>,
    pub role: ParticipantRole,
}

/// A value a commitment can take on a facet ("act" on "pillar").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FacetValue {
    pub key: String,
    pub label: Localized,
}

/// A way of classifying commitments: pillars, levels, SDG targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Facet {
    pub key: String,
    pub label: Localized,
    pub values: Vec<FacetValue>,
}

/// A reporting round: the secretariat opens a period, organisations report
/// on it, and once it is closed its entries are locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Round {
    pub period: Period,
    pub open: bool,
    /// The last day reports are due; after it, those not sent are overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<NaiveDate>,
    /// The automatic reminder before `closes` has been sent (once).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reminded: bool,
}

impl Round {
    /// An open round for `period`, with no closing day yet.
    pub fn opened(period: Period) -> Self {
        Round { period, open: true, closes: None, reminded: false }
    }

    /// Whether the automatic reminder is due on `today`: the round is open,
    /// closes within `days` days, and has not been reminded of.
    pub fn reminder_due(&self, today: NaiveDate, days: u32) -> bool {
        self.open
            && !self.reminded
            && self.closes.is_some_and(|c| today <= c && today + chrono::Days::new(u64::from(days)) >= c)
    }
}

/// Word limits a campaign sets for pledge fields; `None` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WordLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Initiative {
    pub slug: String,
    pub kind: InitiativeKind,
    pub title: Localized,
    #[serde(default)]
    pub summary: Localized,
    #[serde(default)]
    #[schema(value_type = Vec<crate::framework::FrameworkNode>)] // serialised as its list of nodes
    pub framework: Framework,
    #[serde(default)]
    pub facets: Vec<Facet>,
    #[serde(default)]
    pub periods: Vec<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<NaiveDate>,
    /// Last day on which pledges are accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission_deadline: Option<NaiveDate>,
    #[serde(default)]
    pub word_limits: WordLimits,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub links: Vec<WebLink>,
    #[serde(default)]
    pub rounds: Vec<Round>,
}

impl Initiative {
    pub fn new(slug: &str, kind: InitiativeKind, title: Localized) -> Self {
        Initiative {
            slug: slug.to_owned(),
            kind,
            title,
            summary: Localized::default(),
            framework: Framework::default(),
            facets: Vec::new(),
            periods: Vec::new(),
            starts: None,
            ends: None,
            submission_deadline: None,
            word_limits: WordLimits::default(),
            participants: Vec::new(),
            links: Vec::new(),
            rounds: Vec::new(),
        }
    }

    /// Whether entries for `period` may still be written: not when its
    /// round has been closed.
    pub fn period_is_locked(&self, period: Period) -> bool {
        self.rounds.iter().any(|r| r.period == period && !r.open)
    }

    pub fn open_rounds(&self) -> impl Iterator<Item = Period> + '_ {
        self.rounds.iter().filter(|r| r.open).map(|r| r.period)
    }

    pub fn facet(&self, key: &str) -> Option<&Facet> {
        self.facets.iter().find(|f| f.key == key)
    }

    pub fn secretariat(&self) -> impl Iterator<Item = Id<Organisation>> + '_ {
        self.participants.iter().filter(|p| p.role.rel() == Rel::Secretariat).map(|p| p.organisation)
    }

    /// Checks facet values chosen for a commitment against this initiative.
    pub fn check_facets(&self, chosen: &BTreeMap<String, Vec<String>>, inv: &mut Invalid) {
        for (key, values) in chosen {
            let Some(facet) = self.facet(key) else {
                inv.push(format!("facets.{key}"), "unknown-facet", format!("{} has no facet {key:?}", self.slug));
                continue;
            };
            for v in values {
                if !facet.values.iter().any(|fv| &fv.key == v) {
                    inv.push(
                        format!("facets.{key}"),
                        "unknown-value",
                        format!("{v:?} is not one of the values of {key}"),
                    );
                }
            }
        }
    }
}

impl Record for Initiative {
    const KIND: Kind = Kind::Initiative;

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        for p in &mut self.participants {
            crate::organisation::replace(&mut p.organisation, from, to);
        }
        let mut seen = std::collections::HashSet::new();
        self.participants.retain(|p| seen.insert(p.organisation));
        for node in &mut self.framework.nodes {
            crate::organisation::replace_all(&mut node.responsible, from, to);
        }
    }

    fn key(&self) -> &str {
        &self.slug
    }

    fn links(&self) -> Vec<Link> {
        let mut links: Vec<Link> = self.participants.iter().map(|p| Link::to(p.role.rel(), p.organisation)).collect();
        for node in &self.framework.nodes {
            links.extend(Link::many(Rel::Responsible, &node.responsible));
        }
        links
    }

    fn validate(&self, _: Option<&Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        validate_slug(&mut inv, "slug", &self.slug);
        if self.title.is_empty() {
            inv.push("title", "required", "an initiative needs a title");
        }
        if let Err(e) = self.framework.validate() {
            inv.errors.extend(e.errors);
        }
        if let (Some(a), Some(b)) = (self.starts, self.ends)
            && b < a
        {
            inv.push("ends", "before-start", format!("ends {b} before it starts {a}"));
        }
        for (i, f) in self.facets.iter().enumerate() {
            if f.values.is_empty() {
                inv.push(format!("facets[{i}]"), "empty-facet", format!("facet {} has no values", f.key));
            }
        }
        validate_links(&mut inv, &self.links);
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_is_reminded_of_once_within_the_days_before_it_closes() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2027, 3, d).unwrap();
        let round = Round { closes: Some(day(20)), ..Round::opened(Period::Year(2026)) };
        assert!(!round.reminder_due(day(12), 7), "too early");
        assert!(round.reminder_due(day(13), 7) && round.reminder_due(day(20), 7));
        assert!(!round.reminder_due(day(21), 7), "after it closed: overdue, not reminded");
        assert!(!Round { reminded: true, ..round.clone() }.reminder_due(day(15), 7), "once");
        assert!(!Round { open: false, ..round.clone() }.reminder_due(day(15), 7));
        assert!(!Round::opened(Period::Year(2026)).reminder_due(day(15), 7), "no closing day, no reminder");
    }
}
