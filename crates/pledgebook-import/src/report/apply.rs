//! Writing a parsed report into the store: the action-plan initiative and
//! its framework, one commitment per measure (with its plan paragraphs and
//! responsible organisations), and one progress entry per result (with
//! agencies, figures, cross reference and provenance).
//!
//! Everything goes through `pledgebook_core::ops::save_by_key` inside the
//! caller's transaction, with keys derived from the document's own ids, so
//! importing the same file twice writes nothing, a corrected file updates
//! the records it changes in place (the revision log shows what changed),
//! and an error anywhere leaves the database as it was once the caller drops
//! the transaction.

use std::collections::HashMap;

use pledgebook_core::ops::{self, Saved};
use pledgebook_core::projection::ABBREVIATION;
use pledgebook_core::record::slugify;
use pledgebook_core::store::{Filter, Keyset, Tx};
use pledgebook_core::{
    Action, Actor, Commitment, CommitmentKind, Figure, Id, Initiative, InitiativeKind, Kind, Localized, OrgKind,
    Organisation, Period, PlanParagraph, ProgressEntry, Provenance, Record, ReviewState, Status, Stored,
};

use super::model::{Measure, Report};
use super::summary::changed_fields;
pub use super::summary::{Change, Summary};
use crate::Warning;

/// Where the report goes.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// Key of the action-plan initiative.
    pub initiative: &'a str,
    pub period: Period,
    /// Title for the initiative, if it must be created.
    pub title: Option<&'a str>,
    /// Import even with departures from the expected structure
    /// ([`Level::Departure`]); conflicts are refused whatever this says.
    pub accept_departures: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{}", crate::refusal(.0, *.1))]
    Structure(Vec<Warning>, bool),
    #[error(
        "there is no initiative {0:?}; create it with `pledgebook initiative add --kind action_plan`, or pass --title to create it now"
    )]
    NoInitiative(String),
    #[error("{key} is a {kind}, not an action plan; choose the action plan's key")]
    NotActionPlan { key: String, kind: &'static str },
    #[error("line {line}: measure {measure} names no responsible organisation, only {named:?}")]
    NoResponsible { line: u32, measure: String, named: Vec<String> },
    #[error("{context}: {source}")]
    Write {
        context: String,
        #[source]
        source: pledgebook_core::Error,
    },
}

/// The warnings of `report` that stop its import (see [`crate::blocking`]).
pub fn blocking(report: &Report, accept_departures: bool) -> Vec<Warning> {
    crate::blocking(&report.warnings, accept_departures)
}

/// Called after each record is written, with (done, total): for progress bars.
pub type Progress<'a> = &'a mut (dyn FnMut(usize, usize) + Send);

struct Writer<'a, T: Tx + ?Sized> {
    tx: &'a mut T,
    actor: &'a Actor,
    summary: Summary,
}

impl<T: Tx + ?Sized> Writer<'_, T> {
    async fn save<R: Record>(&mut self, value: R, context: impl FnOnce() -> String) -> Result<Id<R>, ApplyError> {
        let key = value.key().to_owned();
        let old = ops::find::<R>(self.tx, &key)
            .await
            .map_err(|source| ApplyError::Write { context: format!("reading {key}"), source })?;
        let before = old.as_ref().and_then(|o| serde_json::to_value(&o.value).ok());
        let after = serde_json::to_value(&value).ok();
        let (stored, how) = ops::save_over(self.tx, self.actor, Action::Import, old, value)
            .await
            .map_err(|source| ApplyError::Write { context: context(), source })?;
        self.summary.count(R::KIND, how);
        if let (Saved::Updated, Some(before), Some(after)) = (how, before, after) {
            let fields = changed_fields(&before, &after);
            self.summary.changes.push(Change { kind: R::KIND.as_str(), key: key.clone(), fields });
        }
        self.summary.written.insert(key);
        Ok(stored.id)
    }

    /// Keys of the records `filter` finds that this import did not write.
    async fn not_written<R: Record>(&mut self, filter: &Filter) -> Result<Vec<String>, ApplyError> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = ops::query::<R>(self.tx, filter, Keyset::after(after, 500))
                .await
                .map_err(|source| ApplyError::Write { context: "listing what the store has".into(), source })?;
            out.extend(page.iter().map(|r| r.key().to_owned()).filter(|k| !self.summary.written.contains(k)));
            match page.last() {
                Some(last) if page.len() == 500 => after = Some(last.id.get()),
                _ => return Ok(out),
            }
        }
    }
}

pub async fn apply<T: Tx + ?Sized>(
    tx: &mut T,
    actor: &Actor,
    report: &Report,
    target: &Target<'_>,
    progress: Progress<'_>,
) -> Result<Summary, ApplyError> {
    let stop = blocking(report, target.accept_departures);
    if !stop.is_empty() {
        let accepted = target.accept_departures;
        return Err(ApplyError::Structure(stop, accepted));
    }
    let total = report.organisations.len()
        + 1
        + report.measures.len()
        + report.measures.iter().flat_map(|m| &m.plans).map(|p| p.results.len()).sum::<usize>();
    let mut done = 0;
    let mut w = Writer { tx, actor, summary: Summary::default() };
    let orgs = organisations(&mut w, report).await?;
    done += report.organisations.len();
    progress(done, total);
    let resolve = |name: &str| orgs.get(name).copied();

    let initiative = initiative(&mut w, report, target, &resolve).await?;
    done += 1;
    progress(done, total);

    let mut commitments: HashMap<String, Id<Commitment>> = HashMap::new();
    for m in &report.measures {
        let id = commitment(&mut w, initiative, target.initiative, m, report.lang, &resolve).await?;
        commitments.insert(m.id.clone(), id);
        done += 1;
        progress(done, total);
    }
    for m in &report.measures {
        let commitment = commitments[&m.id];
        let mut n = 0;
        for (pi, plan) in m.plans.iter().enumerate() {
            for r in &plan.results {
                n += 1;
                let key = format!("{}/{}/{}/{n}", target.initiative, target.period.to_string().to_lowercase(), m.id);
                let repeat_of = match &r.repeat_of {
                    Some(to) => match commitments.get(to) {
                        Some(c) => Some(*c),
                        None => {
                            let found =
                                ops::find::<Commitment>(w.tx, &format!("{}/{to}", target.initiative)).await.map_err(
                                    |source| ApplyError::Write { context: format!("line {}", r.lines[0]), source },
                                )?;
                            if found.is_none() {
                                w.summary
                                    .warnings
                                    .push(format!("line {}: the repeated measure {to} is not in the plan", r.lines[0]));
                            }
                            found.map(|c| c.id)
                        }
                    },
                    None => None,
                };
                let mut reported_by: Vec<Id<Organisation>> = r.agencies.iter().filter_map(|a| resolve(a)).collect();
                reported_by.dedup();
                let review = match ops::find::<ProgressEntry>(w.tx, &key).await {
                    Ok(Some(existing)) => existing.review,
                    _ => ReviewState::Approved,
                };
                let entry = ProgressEntry {
                    key,
                    initiative,
                    commitment,
                    period: target.period,
                    reported_by,
                    agencies_as_written: r.agencies.clone(),
                    narrative: in_lang(report.lang, &r.text),
                    date: None,
                    figures: r
                        .figures
                        .iter()
                        .map(|f| Figure { value: f.value, text: f.text.clone(), unit: f.unit.clone() })
                        .collect(),
                    repeat_of,
                    provenance: Some(Provenance { source: report.source.clone(), lines: (r.lines[0], r.lines[1]) }),
                    review,
                    paragraph: Some(pi as u32),
                    safeguarding: Default::default(),
                };
                w.save(entry, || format!("line {}: result of {}", r.lines[0], m.id)).await?;
                done += 1;
                progress(done, total);
            }
        }
    }
    let id = initiative.get();
    let measures = Filter::of(Kind::Commitment).in_initiative(id);
    let mut gone = w.not_written::<Commitment>(&measures).await?;
    let period = target.period.to_string();
    let results = Filter::of(Kind::ProgressEntry).in_initiative(id).with_facet("period", &period);
    gone.extend(w.not_written::<ProgressEntry>(&results).await?);
    w.summary.not_in_file = gone;
    Ok(w.summary)
}

/// The organisation a legend line names: by its abbreviation, else by the
/// key its name makes.
async fn known_organisation<T: Tx + ?Sized>(
    tx: &mut T,
    abbreviation: &str,
    name: &str,
) -> Result<Option<Stored<Organisation>>, pledgebook_core::Error> {
    if !abbreviation.is_empty() {
        let by_abbreviation = Filter::of(Kind::Organisation).with_facet(ABBREVIATION, abbreviation);
        if let Some(o) = ops::query::<Organisation>(tx, &by_abbreviation, Keyset::first(1)).await?.pop() {
            return Ok(Some(o));
        }
    }
    ops::find::<Organisation>(tx, &slugify(name)).await
}

/// Finds or creates the legend's organisations; returns them by abbreviation and by name.
async fn organisations<T: Tx + ?Sized>(
    w: &mut Writer<'_, T>,
    report: &Report,
) -> Result<HashMap<String, Id<Organisation>>, ApplyError> {
    let mut by_name = HashMap::new();
    for o in &report.organisations {
        let found = known_organisation(w.tx, &o.abbreviation, &o.name)
            .await
            .map_err(|source| ApplyError::Write { context: format!("finding organisation {}", o.name), source })?;
        // A body named without an abbreviation (accepted although no profile knew it) has none.
        let abbreviation = Some(&o.abbreviation).filter(|a| !a.is_empty());
        let value = match found {
            Some(e) if abbreviation.is_none_or(|a| e.abbreviations.contains(a)) => e.value.clone(),
            Some(e) => {
                let mut v = e.value.clone();
                v.abbreviations.extend(abbreviation.cloned());
                v
            }
            None => {
                let mut v = Organisation::new(&o.name, OrgKind::GovernmentBody);
                if o.name.chars().any(pledgebook_core::validation::is_cjk) {
                    v.name.ja = Some(o.name.clone());
                }
                v.abbreviations.extend(abbreviation.cloned());
                v
            }
        };
        let id = w.save(value, || format!("organisation {} ({})", o.name, o.abbreviation)).await?;
        if let Some(a) = abbreviation {
            by_name.insert(a.clone(), id);
        }
        by_name.insert(o.name.clone(), id);
    }
    Ok(by_name)
}

async fn initiative<T: Tx + ?Sized>(
    w: &mut Writer<'_, T>,
    report: &Report,
    target: &Target<'_>,
    resolve: &impl Fn(&str) -> Option<Id<Organisation>>,
) -> Result<Id<Initiative>, ApplyError> {
    let found = ops::find::<Initiative>(w.tx, target.initiative)
        .await
        .map_err(|source| ApplyError::Write { context: format!("reading initiative {}", target.initiative), source })?;
    let mut ini = match (found, target.title) {
        (Some(i), _) => i.value,
        (None, Some(title)) => Initiative::new(target.initiative, InitiativeKind::ActionPlan, Localized::en(title)),
        (None, None) => return Err(ApplyError::NoInitiative(target.initiative.to_owned())),
    };
    if ini.kind != InitiativeKind::ActionPlan {
        return Err(ApplyError::NotActionPlan { key: ini.slug.clone(), kind: ini.kind.as_str() });
    }
    if !ini.periods.contains(&target.period) {
        ini.periods.push(target.period);
        ini.periods.sort();
    }
    let old = std::mem::take(&mut ini.framework.nodes);
    for p in &report.pillars {
        node(&mut ini, &old, None, &p.number.to_string(), &p.title, report.lang, Vec::new());
    }
    for m in &report.measures {
        let mut responsible: Vec<Id<Organisation>> = Vec::new();
        for name in m.plans.iter().flat_map(|p| &p.responsible) {
            if let Some(id) = resolve(name).filter(|id| !responsible.contains(id)) {
                responsible.push(id);
            }
        }
        node(&mut ini, &old, Some(&m.pillar.to_string()), &m.number, &m.title, report.lang, responsible);
    }
    // Nodes people added that the report does not mention stay, after the report's own.
    for n in old {
        if ini.framework.get(n.key.as_str()).is_none()
            && n.parent.as_ref().is_none_or(|p| ini.framework.get(p.as_str()).is_some())
        {
            ini.framework.nodes.push(n);
        }
    }
    w.save(ini, || format!("initiative {}", target.initiative)).await
}

/// Adds a framework node with the report's title, in the report's
/// language, keeping the other language's title the node had.
fn node(
    ini: &mut Initiative,
    old: &[pledgebook_core::FrameworkNode],
    parent: Option<&str>,
    number: &str,
    title: &str,
    lang: &str,
    responsible: Vec<Id<Organisation>>,
) {
    let key = pledgebook_core::NodeKey::child(parent.map(|p| pledgebook_core::NodeKey(p.to_owned())).as_ref(), number);
    let before = old.iter().find(|n| n.key == key).map(|n| n.title.clone()).unwrap_or_default();
    let mut text = in_lang(lang, title);
    match lang {
        "ja" => text.en = before.en,
        _ => text.ja = before.ja,
    }
    let n = ini.framework.add(parent, number, text);
    n.responsible = responsible;
}

async fn commitment<T: Tx + ?Sized>(
    w: &mut Writer<'_, T>,
    initiative: Id<Initiative>,
    initiative_key: &str,
    m: &Measure,
    lang: &str,
    resolve: &impl Fn(&str) -> Option<Id<Organisation>>,
) -> Result<Id<Commitment>, ApplyError> {
    let key = format!("{initiative_key}/{}", m.id);
    let existing = ops::find::<Commitment>(w.tx, &key)
        .await
        .map_err(|source| ApplyError::Write { context: format!("line {}: measure {}", m.lines[0], m.id), source })?;
    let mut c = Commitment::new(&key, initiative, CommitmentKind::Measure, in_lang(lang, &m.title));
    c.node = Some(pledgebook_core::NodeKey(m.id.clone()));
    c.status = Status::InProgress;
    for p in &m.plans {
        let responsible: Vec<Id<Organisation>> = p.responsible.iter().filter_map(|n| resolve(n)).collect();
        for id in &responsible {
            if !c.lead.contains(id) {
                c.lead.push(*id);
            }
        }
        // A progress-report layout names the bodies but gives no plan text.
        if p.text.is_empty() {
            continue;
        }
        c.plan.push(PlanParagraph {
            text: in_lang(lang, &p.text),
            responsible,
            responsible_as_written: p.responsible.clone(),
        });
    }
    if c.lead.is_empty() {
        return Err(ApplyError::NoResponsible {
            line: m.lines[0],
            measure: m.id.clone(),
            named: m.plans.iter().flat_map(|p| p.responsible.clone()).collect(),
        });
    }
    if let Some(e) = existing {
        // What people changed in pledgebook stays: status, translations, tags.
        c.status = e.status;
        // The other language's title, which people add in pledgebook, stays.
        match lang {
            "ja" => c.title.en = e.title.en.clone(),
            _ => c.title.ja = e.title.ja.clone(),
        }
        c.tags = e.tags.clone();
        c.facets = e.facets.clone();
        c.links = e.links.clone();
    }
    // A status the report gives for the measure is the news of this period.
    match m.status {
        Some("completed") => c.status = Status::Completed,
        Some("ongoing" | "delayed") => c.status = Status::InProgress,
        Some(_) => c.status = Status::Approved,
        None => {}
    }
    for (status, tag) in [("delayed", "delayed"), ("not_started", "not-started")] {
        c.tags.retain(|t| t != tag);
        if m.status == Some(status) {
            c.tags.push(tag.to_owned());
        }
    }
    w.save(c, || format!("line {}: measure {}", m.lines[0], m.id)).await
}

/// A text in the report's language.
fn in_lang(lang: &str, text: &str) -> Localized {
    match lang {
        "ja" => Localized { en: None, ja: Some(text.to_owned()) },
        _ => Localized::en(text),
    }
}
