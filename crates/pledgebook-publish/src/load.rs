//! Everything public about one initiative, read in one go.

use std::collections::HashMap;

use pledgebook_core::ops::Scan;
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{Commitment, Event, Id, Indicator, Initiative, Organisation, ProgressEntry, Stored, ops};

use crate::Error;

#[derive(Debug)]
pub struct InitiativeData {
    pub initiative: Stored<Initiative>,
    /// Public commitments only, without intake contact details.
    pub commitments: Vec<Stored<Commitment>>,
    /// Published reports only.
    pub entries: Vec<Stored<ProgressEntry>>,
    pub indicators: Vec<Stored<Indicator>>,
    pub events: Vec<Stored<Event>>,
    pub orgs: HashMap<i64, Stored<Organisation>>,
    /// Public commitments outside `commitments` that its reports point to
    /// (repeat mentions); empty when `commitments` is the whole initiative.
    pub elsewhere: Vec<Stored<Commitment>>,
}

/// Reads a page at a time; the lists are filtered to what the public may
/// see in SQL (the one rule of `pledgebook_core::projection`).
const PAGE: u32 = 1_000;

async fn all_public<R: pledgebook_core::Record>(r: &mut dyn Reader, initiative: i64) -> Result<Vec<Stored<R>>, Error> {
    let mut scan = Scan::new(Filter::of(R::KIND).in_initiative(initiative).public(), PAGE);
    let mut out = Vec::new();
    while let Some(page) = scan.next::<R>(r).await? {
        out.extend(page);
    }
    Ok(out)
}

/// The most public commitments [`load`] reads: an action plan has hundreds
/// and a registry thousands; a campaign of a million individual pledges is
/// read a page at a time by [`crate::stream`] instead.
pub const LOAD_LIMIT: i64 = 20_000;

/// Everything public about one initiative, with the organisations it names,
/// for the consolidated report and the figures. Refuses an initiative of
/// more than [`LOAD_LIMIT`] commitments, so no request holds a campaign.
pub async fn load(r: &mut dyn Reader, key: &str) -> Result<InitiativeData, Error> {
    let initiative = ops::find::<Initiative>(r, key).await?.ok_or_else(|| Error::NoInitiative(key.to_owned()))?;
    let id = initiative.id.get();
    let commitments =
        r.count_matching(&Filter::of(pledgebook_core::Kind::Commitment).in_initiative(id).public()).await?;
    if commitments > LOAD_LIMIT {
        return Err(Error::TooLarge { initiative: key.to_owned(), commitments, limit: LOAD_LIMIT });
    }
    let mut commitments: Vec<Stored<Commitment>> = all_public(r, id).await?;
    for c in &mut commitments {
        c.value.intake = None;
    }
    let entries: Vec<Stored<ProgressEntry>> = all_public(r, id).await?;
    let indicators: Vec<Stored<Indicator>> = all_public(r, id).await?;
    let events: Vec<Stored<Event>> = all_public(r, id).await?;
    let mut data = InitiativeData {
        initiative,
        commitments,
        entries,
        indicators,
        events,
        orgs: HashMap::new(),
        elsewhere: Vec::new(),
    };
    let named = data.named_organisations();
    data.orgs = ops::get_many::<Organisation>(r, named).await?.into_iter().map(|(id, o)| (id.get(), o)).collect();
    Ok(data)
}

impl InitiativeData {
    /// Every organisation the initiative's public data names.
    pub(crate) fn named_organisations(&self) -> Vec<Id<Organisation>> {
        let ini = &self.initiative;
        let mut ids: Vec<Id<Organisation>> = ini.participants.iter().map(|p| p.organisation).collect();
        ids.extend(ini.framework.nodes.iter().flat_map(|n| n.responsible.iter().copied()));
        for c in &self.commitments {
            ids.extend(c.owners());
            ids.extend(c.plan.iter().flat_map(|p| p.responsible.iter().copied()));
        }
        ids.extend(self.entries.iter().flat_map(|e| e.reported_by.iter().copied()));
        for i in &self.indicators {
            ids.extend(i.baseline.iter().chain(&i.observations).filter_map(|o| o.reported_by));
        }
        for e in &self.events {
            ids.extend(e.organisers.iter().chain(&e.co_organisers).copied());
            ids.extend(e.presenters.iter().map(|p| p.organisation));
        }
        ids
    }
}
