//! Events: meetings, seminars, forums and campaigns, with who organised them
//! and who spoke, linked to the commitments they serve.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commitment::Commitment;
use crate::id::Id;
use crate::initiative::Initiative;
use crate::organisation::{Organisation, WebLink, validate_links, validate_slug};
use crate::record::{Kind, Link, Record, Rel};
use crate::text::Localized;
use crate::validation::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventMode {
    #[default]
    InPerson,
    Online,
    Hybrid,
}

impl EventMode {
    pub fn as_str(self) -> &'static str {
        match self {
            EventMode::InPerson => "in_person",
            EventMode::Online => "online",
            EventMode::Hybrid => "hybrid",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Presenter {
    #[schema(value_type = crate::id::IdSchema)]
    pub organisation: Id<Organisation>,
    /// What they presented ("reports from NGOs on current strategies").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    pub key: String,
    pub title: Localized,
    #[serde(default)]
    pub summary: Localized,
    pub starts: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default)]
    pub mode: EventMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::id::IdSchema>)]
    pub initiative: Option<Id<Initiative>>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub organisers: Vec<Id<Organisation>>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub co_organisers: Vec<Id<Organisation>>,
    #[serde(default)]
    pub presenters: Vec<Presenter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<u32>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub commitments: Vec<Id<Commitment>>,
    #[serde(default)]
    pub links: Vec<WebLink>,
}

impl Record for Event {
    const KIND: Kind = Kind::Event;

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        use crate::organisation::{replace, replace_all};
        replace_all(&mut self.organisers, from, to);
        replace_all(&mut self.co_organisers, from, to);
        for p in &mut self.presenters {
            replace(&mut p.organisation, from, to);
        }
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn links(&self) -> Vec<Link> {
        let mut links: Vec<Link> = self.initiative.iter().map(|i| Link::to(Rel::Initiative, *i)).collect();
        links.extend(Link::many(Rel::Organiser, &self.organisers));
        links.extend(Link::many(Rel::CoOrganiser, &self.co_organisers));
        links.extend(self.presenters.iter().map(|p| Link::to(Rel::Presenter, p.organisation)));
        links.extend(Link::many(Rel::Commitment, &self.commitments));
        links.sort();
        links.dedup();
        links
    }

    fn initiative(&self) -> Option<Id<Initiative>> {
        self.initiative
    }

    fn validate(&self, _: Option<&Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        validate_slug(&mut inv, "key", &self.key);
        if self.title.is_empty() {
            inv.push("title", "required", "an event needs a title");
        }
        if let Some(end) = self.ends
            && end < self.starts
        {
            inv.push("ends", "before-start", format!("the event ends {end}, before it starts {}", self.starts));
        }
        if self.mode != EventMode::Online && self.place.as_deref().is_none_or(|p| p.trim().is_empty()) {
            inv.push("place", "required", "say where the event takes place, or mark it online");
        }
        validate_links(&mut inv, &self.links);
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_in_a_room_needs_a_place_and_cannot_end_before_it_starts() {
        let e = Event {
            key: "meeting".into(),
            title: Localized::en("Stakeholder meeting"),
            summary: Localized::default(),
            starts: NaiveDate::from_ymd_opt(2021, 3, 17).unwrap(),
            ends: NaiveDate::from_ymd_opt(2021, 3, 16),
            place: None,
            mode: EventMode::Hybrid,
            initiative: None,
            organisers: vec![],
            co_organisers: vec![],
            presenters: vec![],
            attendance: None,
            commitments: vec![],
            links: vec![],
        };
        let err = e.validate(None).unwrap_err();
        assert!(err.has("ends") && err.has("place"), "{err}");
        let online = Event { mode: EventMode::Online, ends: None, ..e };
        online.validate(None).unwrap();
    }
}
