//! Progress entries: what an organisation did under a commitment in a
//! period, with the figures it gave, where the text came from, and whether a
//! reviewer has let it out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commitment::Commitment;
use crate::id::Id;
use crate::initiative::Initiative;
use crate::organisation::{Organisation, validate_slug};
use crate::period::Period;
use crate::record::{Kind, Link, Record, Rel};
use crate::text::Localized;
use crate::validation::Invalid;

/// A number stated in a narrative: "approximately 360,000 parents/guardians".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Figure {
    pub value: f64,
    /// The number as written ("2,602", "3.9 million").
    pub text: String,
    /// What is counted, as written ("public relations and awareness-raising campaigns").
    pub unit: String,
}

/// Where an entry came from: a document and the lines it occupied (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Provenance {
    pub source: String,
    pub lines: (u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    #[default]
    Pending,
    Approved,
    Returned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DateRange {
    pub from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// Material about children must not go public before a reviewer has
/// confirmed consent or redacted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Safeguarding {
    /// The entry carries photos or stories about children.
    pub involves_children: bool,
    /// A reviewer confirmed that consent was given.
    pub consent_confirmed: bool,
    /// A reviewer removed what identified children.
    pub redacted: bool,
}

impl Safeguarding {
    pub fn cleared(self) -> bool {
        !self.involves_children || self.consent_confirmed || self.redacted
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProgressEntry {
    pub key: String,
    #[schema(value_type = crate::id::IdSchema)]
    pub initiative: Id<Initiative>,
    #[schema(value_type = crate::id::IdSchema)]
    pub commitment: Id<Commitment>,
    pub period: Period,
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub reported_by: Vec<Id<Organisation>>,
    /// The agencies as the document names them ("MIC and MEXT").
    #[serde(default)]
    pub agencies_as_written: Vec<String>,
    pub narrative: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateRange>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// The commitment this result repeats ("Repeat mention 1 - (ii)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::id::IdSchema>)]
    pub repeat_of: Option<Id<Commitment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    #[serde(default)]
    pub review: ReviewState,
    /// Which of the commitment's plan paragraphs this result answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    #[serde(default)]
    pub safeguarding: Safeguarding,
}

/// The review states in which a sent report counts as sent: a returned one
/// must be sent again. Stores count coverage with the same list.
pub const COUNTS_AS_REPORTED: [ReviewState; 2] = [ReviewState::Pending, ReviewState::Approved];

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Approved => "approved",
            ReviewState::Returned => "returned",
        }
    }
}

impl ProgressEntry {
    /// Whether this entry reports `org`'s work on commitment `c` for `period`.
    pub fn reports(&self, c: Id<Commitment>, org: Id<Organisation>, period: Period) -> bool {
        self.commitment == c
            && self.period == period
            && COUNTS_AS_REPORTED.contains(&self.review)
            && self.reported_by.contains(&org)
    }

    /// The entry's own half of the rule: approved, and cleared for safeguarding.
    pub fn is_public(&self) -> bool {
        self.review == ReviewState::Approved && self.safeguarding.cleared()
    }

    /// Whether the public may see the entry: its own rule, and only while
    /// the commitment it reports on is public (a withdrawn pledge's reports
    /// leave the site with it). Stores apply the same rule in SQL
    /// (`pledgebook_core::projection`).
    pub fn is_public_under(&self, commitment: &Commitment) -> bool {
        self.is_public() && commitment.status.is_public()
    }
}

impl Record for ProgressEntry {
    const KIND: Kind = Kind::ProgressEntry;

    fn keep_decisions_of(&mut self, current: &Self) {
        self.review = current.review;
        self.safeguarding = current.safeguarding;
    }

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        crate::organisation::replace_all(&mut self.reported_by, from, to);
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn links(&self) -> Vec<Link> {
        let mut links = vec![Link::to(Rel::Initiative, self.initiative), Link::to(Rel::Commitment, self.commitment)];
        links.extend(Link::many(Rel::ReportedBy, &self.reported_by));
        links.extend(self.repeat_of.map(|c| Link::to(Rel::RepeatOf, c)));
        links
    }

    fn initiative(&self) -> Option<Id<Initiative>> {
        Some(self.initiative)
    }

    fn validate(&self, initiative: Option<&Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        validate_slug(&mut inv, "key", &self.key);
        if self.narrative.is_empty() {
            inv.push("narrative", "required", "say what was done");
        }
        if self.repeat_of == Some(self.commitment) {
            inv.push("repeat_of", "self-reference", "an entry cannot repeat its own commitment");
        }
        if let Some(DateRange { from, to: Some(to) }) = self.date
            && to < from
        {
            inv.push("date.to", "before-start", format!("{to} is before {from}"));
        }
        if let Some(p) = &self.provenance
            && (p.lines.0 == 0 || p.lines.1 < p.lines.0)
        {
            inv.push("provenance.lines", "lines", format!("lines {}-{} are not a range", p.lines.0, p.lines.1));
        }
        for (i, f) in self.figures.iter().enumerate() {
            if !f.value.is_finite() {
                inv.push(format!("figures[{i}].value"), "number", "a figure must be a number");
            }
        }
        if let Some(ini) = initiative
            && !ini.periods.is_empty()
            && !ini.periods.contains(&self.period)
        {
            inv.push("period", "unknown-period", format!("{} does not report for {}", ini.slug, self.period));
        }
        if let Some(ini) = initiative
            && ini.period_is_locked(self.period)
        {
            inv.push(
                "period",
                "closed-round",
                format!("the {} reporting round of {} is closed", self.period, ini.slug),
            );
        }
        inv.into_result()
    }
}
