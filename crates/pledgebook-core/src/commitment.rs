//! Commitments: a pledge in a campaign, a measure of an action plan, or a
//! project. What was promised, by whom, under which framework node, and
//! where it stands in its lifecycle.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::framework::NodeKey;
use crate::id::Id;
use crate::initiative::Initiative;
use crate::organisation::{Organisation, WebLink, validate_links, validate_slug};
use crate::period::Period;
use crate::record::{Kind, Link, Record, Rel};
use crate::status::Status;
use crate::text::Localized;
use crate::validation::{Invalid, word_count};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    Pledge,
    Measure,
    Project,
}

impl CommitmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentKind::Pledge => "pledge",
            CommitmentKind::Measure => "measure",
            CommitmentKind::Project => "project",
        }
    }
}

/// One paragraph of what an action plan says shall be done under a
/// measure, with the bodies it names as responsible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanParagraph {
    pub text: Localized,
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub responsible: Vec<Id<Organisation>>,
    /// The bodies exactly as the plan names them, including phrases such as
    /// "other related bodies" that are no organisation.
    #[serde(default)]
    pub responsible_as_written: Vec<String>,
}

/// Who sent a pledge through the public form, and the hash of the token in
/// the link they keep to follow it. Personal data: never published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub contact_name: String,
    pub contact_email: String,
    pub token_hash: String,
    /// The language the pledge was submitted in: the submitter's e-mails are in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::Lang>,
    /// Hashes of the tracking links sent in later messages about the pledge
    /// (each message carries a link of its own, so no token is ever kept),
    /// the newest [`Intake::LINKS_KEPT`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later_token_hashes: Vec<String>,
}

impl Intake {
    /// How many later links stay valid besides the first.
    pub const LINKS_KEPT: usize = 20;

    /// Whether `hash` is that of one of the pledge's tracking links.
    pub fn knows(&self, hash: &str, same: impl Fn(&str, &str) -> bool) -> bool {
        same(&self.token_hash, hash) || self.later_token_hashes.iter().any(|h| same(h, hash))
    }

    /// Keeps the hash of a link sent in a new message.
    pub fn keep_link(&mut self, hash: String) {
        self.later_token_hashes.push(hash);
        let extra = self.later_token_hashes.len().saturating_sub(Self::LINKS_KEPT);
        self.later_token_hashes.drain(..extra);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Commitment {
    /// In the document: no white space, no ASCII capital, not starting with `/`.
    /// The full rule (`validate_slug`: letters and digits plus `-_/().`, at most
    /// 120 bytes, no `//`) admits less and is answered 422 naming the field, so
    /// a key the document refuses is always refused.
    #[schema(pattern = r"^[^\s/A-Z][^\sA-Z]*$", max_length = 120)]
    pub slug: String,
    #[schema(value_type = crate::id::IdSchema)]
    pub initiative: Id<Initiative>,
    pub kind: CommitmentKind,
    /// The framework node the commitment sits under, if the initiative has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeKey>,
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub lead: Vec<Id<Organisation>>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub co_responsible: Vec<Id<Organisation>>,
    pub title: Localized,
    #[serde(default)]
    pub description: Localized,
    #[serde(default)]
    pub implementation: Localized,
    /// The steps of the implementation plan, when the document lists them.
    #[serde(default)]
    pub implementation_items: Vec<String>,
    /// For a plan measure: its plan paragraphs, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<PlanParagraph>,
    #[serde(default)]
    pub impact: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Chosen facet values: `pillar: [act]`, `level: [national]`, `sdg: [8.7]`.
    #[serde(default)]
    pub facets: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub links: Vec<WebLink>,
    #[serde(default)]
    pub status: Status,
    /// Set for pledges that came through the public form. Never in the API:
    /// not shown in its answers, not taken from its requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(ignore)]
    pub intake: Option<Intake>,
}

impl Commitment {
    pub fn new(slug: &str, initiative: Id<Initiative>, kind: CommitmentKind, title: Localized) -> Self {
        Commitment {
            slug: slug.to_owned(),
            initiative,
            kind,
            node: None,
            lead: Vec::new(),
            co_responsible: Vec::new(),
            title,
            description: Localized::default(),
            implementation: Localized::default(),
            implementation_items: Vec::new(),
            plan: Vec::new(),
            impact: Localized::default(),
            period: None,
            facets: BTreeMap::new(),
            tags: Vec::new(),
            links: Vec::new(),
            status: Status::Draft,
            intake: None,
        }
    }

    /// Every organisation answerable for the commitment.
    pub fn owners(&self) -> Vec<Id<Organisation>> {
        self.lead.iter().chain(&self.co_responsible).copied().collect()
    }
}

fn check_words(inv: &mut Invalid, field: &str, text: &Localized, limit: Option<u32>) {
    let Some(limit) = limit else { return };
    for (lang, t) in text.texts() {
        let n = word_count(t);
        if n > limit as usize {
            inv.push(
                format!("{field}.{}", lang.code()),
                "too-many-words",
                format!("{field} has {n} words; the limit is {limit}"),
            );
        }
    }
}

impl Record for Commitment {
    const KIND: Kind = Kind::Commitment;

    fn key(&self) -> &str {
        &self.slug
    }

    fn links(&self) -> Vec<Link> {
        let mut links = vec![Link::to(Rel::Initiative, self.initiative)];
        links.extend(Link::many(Rel::Lead, &self.lead));
        links.extend(Link::many(Rel::CoResponsible, &self.co_responsible));
        for p in &self.plan {
            links.extend(Link::many(Rel::Responsible, &p.responsible));
        }
        links.sort();
        links.dedup();
        links
    }

    fn initiative(&self) -> Option<Id<Initiative>> {
        Some(self.initiative)
    }

    fn status(&self) -> Option<Status> {
        Some(self.status)
    }

    fn keep_decisions_of(&mut self, current: &Self) {
        self.status = current.status;
    }

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        crate::organisation::replace_all(&mut self.lead, from, to);
        crate::organisation::replace_all(&mut self.co_responsible, from, to);
        let lead = self.lead.clone();
        self.co_responsible.retain(|o| !lead.contains(o));
    }

    fn validate(&self, initiative: Option<&Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        validate_slug(&mut inv, "slug", &self.slug);
        if self.title.is_empty() {
            inv.push("title", "required", "a commitment needs a title");
        }
        if self.lead.is_empty() {
            inv.push("lead", "required", "name the organisation that leads the commitment");
        }
        if let Some(dup) = self.co_responsible.iter().find(|o| self.lead.contains(o)) {
            inv.push("co_responsible", "duplicate", format!("organisation {dup} is already a lead"));
        }
        validate_links(&mut inv, &self.links);
        if let Some(i) = &self.intake {
            inv.require("intake.contact_name", &i.contact_name);
            if !i.contact_email.contains('@') {
                inv.push("intake.contact_email", "email", "give an e-mail address the secretariat can write to");
            }
        }
        if let Some(ini) = initiative {
            let limits = ini.word_limits;
            check_words(&mut inv, "title", &self.title, limits.title);
            check_words(&mut inv, "description", &self.description, limits.description);
            check_words(&mut inv, "implementation", &self.implementation, limits.implementation);
            check_words(&mut inv, "impact", &self.impact, limits.impact);
            if let Some(node) = &self.node
                && ini.framework.get(node.as_str()).is_none()
            {
                inv.push("node", "unknown-node", format!("{} has no framework node {node}", ini.slug));
            }
            ini.check_facets(&self.facets, &mut inv);
        }
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::initiative::{Facet, FacetValue, InitiativeKind, WordLimits};

    fn campaign() -> Initiative {
        let mut c = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
        c.word_limits = WordLimits { title: Some(12), ..WordLimits::default() };
        c.facets.push(Facet {
            key: "pillar".into(),
            label: Localized::en("Pillar"),
            values: vec![FacetValue { key: "act".into(), label: Localized::en("Act") }],
        });
        c
    }

    fn pledge() -> Commitment {
        let mut p = Commitment::new(
            "scln/pledge",
            Id::new(1),
            CommitmentKind::Pledge,
            Localized::en("Encourage major stakeholders in Japan to take action"),
        );
        p.lead.push(Id::new(2));
        p
    }

    #[test]
    fn a_pledge_within_the_campaign_rules_is_valid() {
        let mut p = pledge();
        p.facets.insert("pillar".into(), vec!["act".into()]);
        p.validate(Some(&campaign())).unwrap();
    }

    #[test]
    fn a_title_over_the_word_limit_is_refused() {
        let mut p = pledge();
        p.title = Localized::en(
            "Encourage major stakeholders in Japan to take action toward the elimination of child labour now",
        );
        let e = p.validate(Some(&campaign())).unwrap_err();
        assert_eq!(e.errors[0].field, "title.en");
        assert_eq!(e.errors[0].code, "too-many-words");
    }

    #[test]
    fn unknown_facets_nodes_and_missing_leads_are_refused() {
        let mut p = pledge();
        p.lead.clear();
        p.node = Some(NodeKey("1-(i)".into()));
        p.facets.insert("pillar".into(), vec!["dance".into()]);
        p.facets.insert("colour".into(), vec!["red".into()]);
        let e = p.validate(Some(&campaign())).unwrap_err();
        for f in ["lead", "node", "facets.pillar", "facets.colour"] {
            assert!(e.has(f), "{f}: {e}");
        }
    }
}
