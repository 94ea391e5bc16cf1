//! Everything public about one initiative, read in one go.

use std::collections::HashMap;

use pledgebook_core::store::Reader;
use pledgebook_core::{Commitment, Event, Indicator, Initiative, Organisation, ProgressEntry, Rel, Stored, ops};

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
}

pub async fn load(r: &mut dyn Reader, key: &str) -> Result<InitiativeData, Error> {
    let initiative = ops::find::<Initiative>(r, key).await?.ok_or_else(|| Error::NoInitiative(key.to_owned()))?;
    let id = initiative.id.get();
    let mut commitments: Vec<Stored<Commitment>> = ops::list::<Commitment>(r, Some((Rel::Initiative, id)))
        .await?
        .into_iter()
        .filter(|c| c.status.is_public())
        .collect();
    for c in &mut commitments {
        c.value.intake = None;
    }
    let entries = ops::list::<ProgressEntry>(r, Some((Rel::Initiative, id)))
        .await?
        .into_iter()
        .filter(|e| e.is_public())
        .collect();
    let indicators = ops::list::<Indicator>(r, Some((Rel::Initiative, id))).await?;
    let events = ops::list::<Event>(r, Some((Rel::Initiative, id))).await?;
    let orgs = ops::list::<Organisation>(r, None).await?.into_iter().map(|o| (o.id.get(), o)).collect();
    Ok(InitiativeData { initiative, commitments, entries, indicators, events, orgs })
}
