//! Two organisations that are the same one ("MHLW" imported from a report,
//! "Ministry of Health, Labour and Welfare" typed on a form): one is merged
//! into the other. Every record that named the first names the second; the
//! first stays, with its history, marked as merged and no longer listed.

use crate::error::Error;
use crate::id::Id;
use crate::ops::{Scan, get, write_existing};
use crate::organisation::Organisation;
use crate::record::{Kind, Record, Rel};
use crate::revision::Action;
use crate::store::{Filter, Tx};
use crate::user::Actor;
use crate::validation::Invalid;
use crate::{Commitment, Event, Indicator, Initiative, ProgressEntry, User};

/// Records read and rewritten per statement while links move.
const PAGE: u32 = 200;

/// What a merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// Records that named the merged organisation and now name the other.
    pub moved: usize,
}

/// Merges organisation `from` into `into`: every link moves, `into` gains
/// `from`'s abbreviations, memberships and what it lacks (Japanese name,
/// country, web links), and `from` is kept, marked merged. Admins and the
/// secretariat only; each rewritten record gets a revision with a note.
pub async fn merge_organisations(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    from: Id<Organisation>,
    into: Id<Organisation>,
) -> Result<Merged, Error> {
    if !actor.role.edits_everything() {
        return Err(Error::Forbidden(format!("{} may not merge organisations", actor.label)));
    }
    let refuse =
        |message: String| Error::Invalid { kind: Kind::Organisation, invalid: Invalid::one("into", "merge", message) };
    if from == into {
        return Err(refuse("an organisation cannot be merged into itself".into()));
    }
    let source = get(tx, from).await?;
    let target = get(tx, into).await?;
    if source.merged_into.is_some() {
        return Err(refuse(format!("{} has already been merged", source.slug)));
    }
    if target.merged_into.is_some() {
        return Err(refuse(format!("{} has itself been merged into another organisation", target.slug)));
    }
    let note = format!("merged {} (#{from}) into {} (#{into})", source.slug, target.slug);
    let mut moved = 0;
    moved += move_links::<Organisation>(tx, actor, from, into, &note).await?;
    moved += move_links::<Initiative>(tx, actor, from, into, &note).await?;
    moved += move_links::<Commitment>(tx, actor, from, into, &note).await?;
    moved += move_links::<ProgressEntry>(tx, actor, from, into, &note).await?;
    moved += move_links::<Indicator>(tx, actor, from, into, &note).await?;
    moved += move_links::<Event>(tx, actor, from, into, &note).await?;
    moved += move_links::<User>(tx, actor, from, into, &note).await?;

    let target = get(tx, into).await?;
    let mut merged = target.value.clone();
    absorb(&mut merged, &source.value, into);
    write_existing(tx, actor, Action::Update, Some(&note), &target, target.version, merged).await?;
    let source = get(tx, from).await?;
    let gone = Organisation {
        merged_into: Some(into),
        memberships: Vec::new(),
        platforms: Vec::new(),
        ..source.value.clone()
    };
    write_existing(tx, actor, Action::Update, Some(&note), &source, source.version, gone).await?;
    Ok(Merged { moved })
}

/// Rewrites every `R` that links to `from` to link to `into` instead.
async fn move_links<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    from: Id<Organisation>,
    into: Id<Organisation>,
    note: &str,
) -> Result<usize, Error> {
    let mut scan = Scan::new(Filter::of(R::KIND).linked_to(&Rel::ALL, from.get()), PAGE);
    let mut moved = 0;
    while let Some(page) = scan.next::<R>(tx).await? {
        for record in page {
            let mut value = record.value.clone();
            value.replace_organisation(from, into);
            write_existing(tx, actor, Action::Update, Some(note), &record, record.version, value).await?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// What `into` takes from `from`: names and memberships it lacks.
fn absorb(into: &mut Organisation, from: &Organisation, into_id: Id<Organisation>) {
    for a in &from.abbreviations {
        if !into.abbreviations.contains(a) {
            into.abbreviations.push(a.clone());
        }
    }
    if into.name.ja.is_none() {
        into.name.ja = from.name.ja.clone();
    }
    if into.country.is_none() {
        into.country = from.country.clone();
    }
    for l in &from.links {
        if !into.links.iter().any(|m| m.url == l.url) {
            into.links.push(l.clone());
        }
    }
    for m in &from.memberships {
        if m.network != into_id && !into.memberships.iter().any(|n| n.network == m.network) {
            into.memberships.push(m.clone());
        }
    }
    for p in &from.platforms {
        if !into.platforms.iter().any(|q| q.platform == p.platform) {
            into.platforms.push(p.clone());
        }
    }
}
