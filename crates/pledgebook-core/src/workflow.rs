//! The secretariat's decisions: moving a commitment through its lifecycle,
//! reviewing progress entries (with safeguarding), and telling the people
//! concerned. Notifications go to the outbox in the same transaction as the
//! decision, so they exist exactly when the decision does.

use std::collections::BTreeMap;

use crate::commitment::Commitment;
use crate::error::Error;
use crate::id::Id;
use crate::ops::{get, query, write_existing};
use crate::organisation::Organisation;
use crate::progress::{ProgressEntry, ReviewState};
use crate::record::{Kind, Rel};
use crate::revision::Action;
use crate::status::Status;
use crate::store::{Filter, Keyset, NewMessage, Tx};
use crate::user::{Actor, User};
use crate::validation::Invalid;
use crate::{Lang, Stored};

/// How many accounts of one organisation a notification reaches at the most.
const EDITORS_TOLD: u32 = 200;

/// Someone a notification reaches besides followers and editors: a public
/// submitter, in the language they wrote in, with the address of the
/// tracking link made for this message.
#[derive(Debug, Clone)]
pub struct Addressee {
    pub email: String,
    pub lang: Lang,
    pub link: Option<String>,
}

/// A tracking link made for one message: the address goes into the
/// message, the hash into the pledge (the web layer makes both).
#[derive(Debug, Clone)]
pub struct NewLink {
    pub url: String,
    pub token_hash: String,
}

/// Queues a message for everyone who follows `record_id`, every editor of
/// `organisations`, and `also`, each in their language: `text` gives the
/// (subject, body) in a language; an addressee's link ends the body.
/// Returns how many were queued.
pub async fn notify(
    tx: &mut (impl Tx + ?Sized),
    record_id: i64,
    organisations: &[Id<Organisation>],
    also: &[Addressee],
    text: &(dyn Fn(Lang) -> (String, String) + Send + Sync),
) -> Result<usize, Error> {
    let mut to: BTreeMap<String, (Lang, Option<&str>)> =
        also.iter().map(|a| (a.email.clone(), (a.lang, a.link.as_deref()))).collect();
    for uid in tx.followers(record_id).await? {
        let u = get::<User>(tx, Id::new(uid)).await?;
        if !u.disabled {
            to.entry(u.email.clone()).or_insert((u.lang.unwrap_or_default(), None));
        }
    }
    for org in organisations {
        let editors = Filter::of(Kind::User).linked_to(&[Rel::Employer], org.get());
        for u in query::<User>(tx, &editors, Keyset::first(EDITORS_TOLD)).await? {
            if !u.disabled {
                to.entry(u.email.clone()).or_insert((u.lang.unwrap_or_default(), None));
            }
        }
    }
    for (email, (lang, link)) in &to {
        let (subject, mut body) = text(*lang);
        if let Some(url) = link {
            body.push_str(&crate::wording::tracking_line(*lang, url));
        }
        let message = NewMessage { to_email: email.clone(), subject, body, record_id: Some(record_id) };
        tx.queue_message(&message).await?;
    }
    Ok(to.len())
}

/// Moves a commitment to another status, if the lifecycle and the actor's
/// role allow it. The note ("please add figures") goes into the revision log
/// and into the notification.
pub async fn transition(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<Commitment>,
    to: Status,
    note: Option<&str>,
) -> Result<Stored<Commitment>, Error> {
    transition_with_link(tx, actor, id, to, note, None).await
}

/// [`transition`], telling a public submitter with a tracking link of
/// its own (`link`), which the pledge then accepts besides the first.
pub async fn transition_with_link(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<Commitment>,
    to: Status,
    note: Option<&str>,
    link: Option<NewLink>,
) -> Result<Stored<Commitment>, Error> {
    let old = get(tx, id).await?;
    let from = old.status;
    if !from.can_become(to) {
        let invalid = Invalid::one(
            "status",
            "transition",
            format!("a {} commitment cannot become {}", from.as_str(), to.as_str()),
        );
        return Err(Error::Invalid { kind: Kind::Commitment, invalid });
    }
    if !Status::allowed_for(actor.role, to) || !(Status::needs_reviewer(to) || actor.may_edit_for(&old.owners())) {
        return Err(Error::Forbidden(format!("{} may not make this commitment {}", actor.label, to.as_str())));
    }
    let mut value = Commitment { status: to, ..old.value.clone() };
    let link = link.filter(|_| value.intake.is_some());
    if let (Some(l), Some(intake)) = (&link, value.intake.as_mut()) {
        intake.keep_link(l.token_hash.clone());
    }
    let saved = write_existing(tx, actor, Action::Transition, note, &old, old.version, value).await?;
    if to.is_public() {
        publish_pending_organisations(tx, actor, &saved).await?;
    }
    let submitter: Vec<Addressee> = saved
        .intake
        .iter()
        .map(|i| Addressee {
            email: i.contact_email.clone(),
            lang: i.lang.unwrap_or_default(),
            link: link.as_ref().map(|l| l.url.clone()),
        })
        .collect();
    let title = &saved.title;
    let text = |lang: Lang| crate::wording::commitment_decided(lang, title.show(lang).text, to, from, note);
    notify(tx, id.get(), &saved.owners(), &submitter, &text).await?;
    Ok(saved)
}

/// The secretariat makes public an organisation named on the public form
/// without waiting for a pledge that names it to be approved.
pub async fn publish_organisation(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<crate::Organisation>,
) -> Result<Stored<crate::Organisation>, Error> {
    if !actor.role.reviews() {
        return Err(Error::Forbidden(format!("{} may not approve organisations", actor.label)));
    }
    let org = get(tx, id).await?;
    if !org.pending {
        return Ok(org);
    }
    let value = crate::Organisation { pending: false, ..org.value.clone() };
    write_existing(tx, actor, Action::Transition, Some("approved by the secretariat"), &org, org.version, value).await
}

/// Approving a pledge makes public the organisations the public form
/// created for it (its lead and partners), which were pending review.
async fn publish_pending_organisations(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    c: &Stored<Commitment>,
) -> Result<(), Error> {
    for id in c.lead.iter().chain(&c.co_responsible) {
        let org = get(tx, *id).await?;
        if org.pending {
            let value = crate::Organisation { pending: false, ..org.value.clone() };
            write_existing(tx, actor, Action::Transition, Some("approved with a pledge"), &org, org.version, value)
                .await?;
        }
    }
    Ok(())
}

/// An organisation reports progress on a commitment it is answerable for.
/// The reporting organisations must be among the commitment's own (unless
/// the actor is the secretariat), and the period's round must be open.
pub async fn submit_entry(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    entry: ProgressEntry,
) -> Result<Stored<ProgressEntry>, Error> {
    let commitment = get::<Commitment>(tx, entry.commitment).await?;
    let owners = commitment.owners();
    let answerable = entry.reported_by.iter().all(|o| owners.contains(o));
    let may = actor.role.edits_everything() || (answerable && actor.may_edit_for(&entry.reported_by));
    if !may {
        return Err(Error::Forbidden(format!("{} does not report for this commitment", actor.label)));
    }
    let ini = get::<crate::Initiative>(tx, commitment.initiative).await?;
    if !ini.open_rounds().any(|p| p == entry.period) {
        let invalid = Invalid::one(
            "period",
            "round-not-open",
            format!("{} has no open reporting round for {}", ini.slug, entry.period),
        );
        return Err(Error::Invalid { kind: Kind::ProgressEntry, invalid });
    }
    let entry = ProgressEntry { review: ReviewState::Pending, ..entry };
    crate::ops::create(tx, actor, entry).await
}

/// A reviewer's decision on a progress entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryDecision {
    /// Publish it; for material about children, `consent_confirmed` must be set.
    Approve {
        consent_confirmed: bool,
    },
    /// Publish a redacted narrative instead of what was written.
    Redact {
        narrative: String,
    },
    Return,
}

pub async fn review_entry(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<ProgressEntry>,
    decision: EntryDecision,
    note: Option<&str>,
) -> Result<Stored<ProgressEntry>, Error> {
    if !actor.role.reviews() {
        return Err(Error::Forbidden(format!("{} may not review progress entries", actor.label)));
    }
    let old = get(tx, id).await?;
    let mut value = old.value.clone();
    match &decision {
        EntryDecision::Approve { consent_confirmed } => {
            value.safeguarding.consent_confirmed |= consent_confirmed;
            if !value.safeguarding.cleared() {
                let invalid = Invalid::one(
                    "safeguarding",
                    "consent",
                    "this entry shows children: confirm that consent was given, or redact it, before it is published",
                );
                return Err(Error::Invalid { kind: Kind::ProgressEntry, invalid });
            }
            value.review = ReviewState::Approved;
        }
        EntryDecision::Redact { narrative } => {
            value.narrative.en = Some(narrative.clone());
            value.narrative.ja = None;
            value.safeguarding.redacted = true;
            value.review = ReviewState::Approved;
        }
        EntryDecision::Return => value.review = ReviewState::Returned,
    }
    let saved = write_existing(tx, actor, Action::Transition, note, &old, old.version, value).await?;
    if saved.review == ReviewState::Approved {
        feed_indicators(tx, actor, &saved).await?;
    }
    let commitment = get::<Commitment>(tx, saved.commitment).await?;
    let approved = !matches!(decision, EntryDecision::Return);
    let (title, period) = (&commitment.title, saved.period.to_string());
    let text = |lang: Lang| crate::wording::report_decided(lang, title.show(lang).text, &period, approved, note);
    notify(tx, commitment.id.get(), &saved.reported_by, &[], &text).await?;
    Ok(saved)
}

/// Most indicators one commitment's approved report feeds.
const INDICATORS_FED: u32 = 50;

/// An approved report's figures, as observations of the indicators of its
/// commitment that count their unit ([`crate::Indicator::counts`]): the
/// chart and "on track" move when a report is approved. Dated by the
/// report's own date, else the end of its period.
async fn feed_indicators(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    entry: &Stored<ProgressEntry>,
) -> Result<usize, Error> {
    if entry.figures.is_empty() {
        return Ok(0);
    }
    let filter = Filter::of(Kind::Indicator).under(entry.commitment.get());
    let date = entry.date.map(|d| d.to.unwrap_or(d.from)).unwrap_or_else(|| entry.period.dates().1);
    let source = format!("progress report {}", entry.key);
    let mut fed = 0;
    for indicator in query::<crate::Indicator>(tx, &filter, Keyset::first(INDICATORS_FED)).await? {
        let mut value = indicator.value.clone();
        value.observe_report(&source, date, entry.reported_by.first().copied(), &entry.figures);
        if value == indicator.value {
            continue;
        }
        let note = format!("figures of the approved {source}");
        write_existing(tx, actor, Action::Update, Some(&note), &indicator, indicator.version, value).await?;
        fed += 1;
    }
    Ok(fed)
}
