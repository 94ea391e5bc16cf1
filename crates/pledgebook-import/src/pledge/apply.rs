//! Writing a parsed pledge into a pledge campaign: the organisation (found
//! by name, or created) and one pledge commitment, through
//! `pledgebook_core::ops::save_by_key` in the caller's transaction. The
//! commitment's key comes from the campaign, the organisation and the title,
//! so importing the same pledge again changes nothing.

use pledgebook_core::ops::{self, Saved};
use pledgebook_core::store::Tx;
use pledgebook_core::{
    Action, Actor, Commitment, CommitmentKind, Id, Initiative, InitiativeKind, Localized, OrgKind, Status, WebLink,
};

use super::Pledge;

#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// Key of the pledge campaign.
    pub campaign: &'a str,
    /// Status of a newly imported pledge: `approved` for pledges already
    /// published, `submitted` to send them through review.
    pub status: Status,
    /// Kind of the organisation, if it must be created.
    pub organisation_kind: OrgKind,
    /// Import even without an implementation or impact section.
    pub accept_departures: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("there is no pledge campaign {0:?}; create it with `pledgebook initiative add --kind pledge_campaign`")]
    NoCampaign(String),
    #[error("{key} is a {kind}, not a pledge campaign")]
    NotCampaign { key: String, kind: &'static str },
    #[error("the document names no {0}; it cannot be imported as a pledge")]
    Missing(&'static str),
    #[error("{}", crate::refusal(.0, *.1))]
    Structure(Vec<crate::Warning>, bool),
    #[error(transparent)]
    Write(#[from] pledgebook_core::Error),
}

/// What the import did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub commitment: Id<Commitment>,
    pub key: String,
    pub organisation: Saved,
    pub pledge: Saved,
    /// Links that are no web address ("#" placeholders), left out.
    pub skipped_links: Vec<String>,
}

pub async fn apply<T: Tx + ?Sized>(
    tx: &mut T,
    actor: &Actor,
    pledge: &Pledge,
    target: &Target<'_>,
) -> Result<Outcome, ApplyError> {
    let stop = crate::blocking(&pledge.warnings, target.accept_departures);
    if !stop.is_empty() {
        return Err(ApplyError::Structure(stop, target.accept_departures));
    }
    for (field, value) in [("organisation", &pledge.organisation), ("title", &pledge.title)] {
        if value.trim().is_empty() {
            return Err(ApplyError::Missing(field));
        }
    }
    let campaign = ops::find::<Initiative>(tx, target.campaign)
        .await?
        .ok_or_else(|| ApplyError::NoCampaign(target.campaign.to_owned()))?;
    if campaign.kind != InitiativeKind::PledgeCampaign {
        return Err(ApplyError::NotCampaign { key: campaign.slug.clone(), kind: campaign.kind.as_str() });
    }
    let (org, organisation) =
        ops::organisation_named(tx, actor, &pledge.organisation, target.organisation_kind).await?;
    let key = crate::sheet::commitments::derived_key(&campaign.slug, &pledge.organisation, &pledge.title);
    let (links, skipped_links): (Vec<_>, Vec<_>) =
        pledge.links.iter().partition(|l| l.url.starts_with("https://") || l.url.starts_with("http://"));
    let mut c = Commitment::new(&key, campaign.id, CommitmentKind::Pledge, Localized::en(pledge.title.clone()));
    c.lead = vec![org];
    c.description = Localized::en(pledge.pledge.clone());
    c.implementation = Localized::en(pledge.implementation.clone());
    c.implementation_items = pledge.implementation_items.clone();
    c.impact = Localized::en(pledge.impact.clone());
    c.links = links.into_iter().map(|l| WebLink { label: l.label.clone(), url: l.url.clone() }).collect();
    c.status = target.status;
    if let Some(existing) = ops::find::<Commitment>(tx, &key).await? {
        // What people changed in pledgebook stays.
        c.status = existing.status;
        c.facets = existing.facets.clone();
        c.tags = existing.tags.clone();
        c.period = existing.period;
        c.co_responsible = existing.co_responsible.clone();
        c.title.ja = existing.title.ja.clone();
    }
    let (stored, pledge_saved) = ops::save_by_key(tx, actor, Action::Import, c).await?;
    Ok(Outcome {
        commitment: stored.id,
        key,
        organisation,
        pledge: pledge_saved,
        skipped_links: skipped_links.into_iter().map(|l| format!("{} ({})", l.label, l.url)).collect(),
    })
}
