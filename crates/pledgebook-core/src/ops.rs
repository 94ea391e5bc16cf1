//! The one path by which records are read as domain values and written:
//! permission check, validation (including that every referenced record
//! exists and is of the right kind), then the store write with its revision.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::Error;
use crate::id::Id;
use crate::initiative::Initiative;
use crate::record::{Kind, Record, Rel, Stored};
use crate::revision::{Action, Revision};
use crate::status::Status;
use crate::store::{Filter, Keyset, RawRecord, Reader, RevisionMeta, StoreError, Tx};
use crate::user::{Actor, Role};
use crate::validation::Invalid;

/// What [`save_by_key`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
    Unchanged,
}

fn decode<R: Record>(raw: RawRecord) -> Result<Stored<R>, Error> {
    if raw.kind != R::KIND {
        return Err(Error::not_found(R::KIND, raw.id));
    }
    let value =
        serde_json::from_value(raw.doc).map_err(|e| StoreError::Corrupt { id: raw.id, message: e.to_string() })?;
    Ok(Stored {
        id: Id::new(raw.id),
        version: raw.version,
        created_at: raw.created_at,
        updated_at: raw.updated_at,
        value,
    })
}

fn encode<R: Record>(value: &R) -> Value {
    serde_json::to_value(value).expect("domain records serialise to JSON")
}

pub async fn get<R: Record>(r: &mut (impl Reader + ?Sized), id: Id<R>) -> Result<Stored<R>, Error> {
    match r.get(id.get()).await? {
        Some(raw) => decode(raw),
        None => Err(Error::not_found(R::KIND, id)),
    }
}

pub async fn find<R: Record>(r: &mut (impl Reader + ?Sized), key: &str) -> Result<Option<Stored<R>>, Error> {
    r.get_by_key(R::KIND, key).await?.map(decode).transpose()
}

/// One page of a filtered list of `R`s. The filter's kind is `R`'s; a
/// filter of another kind finds nothing.
pub async fn query<R: Record>(
    r: &mut (impl Reader + ?Sized),
    filter: &Filter,
    page: Keyset,
) -> Result<Vec<Stored<R>>, Error> {
    if filter.kind != R::KIND {
        return Ok(Vec::new());
    }
    r.query(filter, page).await?.into_iter().map(decode).collect()
}

/// The `R`s with these ids that exist, by id: what a page needs to name the
/// organisations it shows, without reading every organisation.
pub async fn get_many<R: Record>(
    r: &mut (impl Reader + ?Sized),
    ids: impl IntoIterator<Item = Id<R>>,
) -> Result<HashMap<Id<R>, Stored<R>>, Error> {
    let mut ids: Vec<i64> = ids.into_iter().map(|i| i.get()).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::with_capacity(ids.len());
    for raw in r.get_many(&ids).await? {
        if raw.kind == R::KIND {
            let s = decode::<R>(raw)?;
            out.insert(s.id, s);
        }
    }
    Ok(out)
}

/// Reads every record a filter matches one page at a time, so that exports
/// and rebuilds hold one page in memory, never the whole list.
#[derive(Debug, Clone)]
pub struct Scan {
    filter: Filter,
    after: Option<i64>,
    size: u32,
    done: bool,
}

impl Scan {
    pub fn new(filter: Filter, size: u32) -> Self {
        Scan { filter, after: None, size: size.max(1), done: false }
    }

    /// The next page, or `None` after the last.
    pub async fn next<R: Record>(&mut self, r: &mut (impl Reader + ?Sized)) -> Result<Option<Vec<Stored<R>>>, Error> {
        if self.done {
            return Ok(None);
        }
        let page = query::<R>(r, &self.filter, Keyset::after(self.after, self.size)).await?;
        self.done = page.len() < self.size as usize;
        self.after = page.last().map(|s| s.id.get()).or(self.after);
        if page.is_empty() { Ok(None) } else { Ok(Some(page)) }
    }
}

pub use crate::restore::{restore, restored};

pub async fn history(r: &mut (impl Reader + ?Sized), id: i64) -> Result<Vec<Revision>, Error> {
    Ok(r.revisions(id).await?)
}

/// Who may write `value`: admins and the secretariat anything; editors what
/// their organisation owns, and their organisation's own record.
fn authorize<R: Record>(actor: &Actor, value: &R, id: Option<i64>) -> Result<(), Error> {
    // Creating a record in a decided state is a decision; an existing
    // record's status changes only through a transition, checked there.
    if id.is_none()
        && let Some(status) = value.status()
        && !Status::allowed_for(actor.role, status)
    {
        return Err(Error::Forbidden(format!(
            "{} may not decide that a {} is {}",
            actor.label,
            R::KIND,
            status.as_str()
        )));
    }
    if actor.role.edits_everything() {
        return Ok(());
    }
    let owners = owners_of(value);
    let own_org = R::KIND == Kind::Organisation && id.is_some() && actor.organisation.map(|o| o.get()) == id;
    let edits_own = own_org || (!owners.is_empty() && actor.may_edit_for(&owners));
    if actor.role == Role::Editor && edits_own {
        return Ok(());
    }
    // The public form creates a pledge and, if need be, its organisation;
    // the tracking link lets the submitter edit that pledge again.
    let public_may = match R::KIND {
        Kind::Organisation => id.is_none(),
        Kind::Commitment => id.is_none() || edits_own,
        _ => false,
    };
    if actor.role == Role::Public && public_may {
        return Ok(());
    }
    Err(Error::Forbidden(format!("{} may not change this {}", actor.label, R::KIND)))
}

/// The organisations a record belongs to, read from its links.
fn owners_of<R: Record>(value: &R) -> Vec<Id<crate::Organisation>> {
    let owning = match R::KIND {
        Kind::Commitment => &[Rel::Lead, Rel::CoResponsible][..],
        Kind::ProgressEntry | Kind::Indicator => &[Rel::ReportedBy][..],
        Kind::Event => &[Rel::Organiser, Rel::CoOrganiser][..],
        _ => &[][..],
    };
    value.links().into_iter().filter(|l| owning.contains(&l.rel)).map(|l| Id::new(l.target)).collect()
}

/// Validates a record against its own rules, its initiative's, and the
/// existence of everything it links to.
pub async fn check<R: Record>(r: &mut (impl Reader + ?Sized), value: &R) -> Result<(), Error> {
    let mut known = Known::default();
    known.learn(r, std::slice::from_ref(value)).await?;
    known.check(value)
}

/// What checking a batch of records needs to know, read once for the
/// batch: the initiatives whose rules apply and the kind of every record
/// linked to.
#[derive(Default)]
struct Known {
    initiatives: HashMap<i64, Initiative>,
    kinds: HashMap<i64, Kind>,
}

impl Known {
    async fn learn<R: Record>(&mut self, r: &mut (impl Reader + ?Sized), values: &[R]) -> Result<(), Error> {
        let mut ids: Vec<i64> = values
            .iter()
            .flat_map(|v| v.links().into_iter().map(|l| l.target).chain(v.initiative().map(|i| i.get())))
            .filter(|id| !self.kinds.contains_key(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(());
        }
        for raw in r.get_many(&ids).await? {
            self.kinds.insert(raw.id, raw.kind);
            if raw.kind == Kind::Initiative {
                let i = decode::<Initiative>(raw)?;
                self.initiatives.insert(i.id.get(), i.value);
            }
        }
        Ok(())
    }

    fn check<R: Record>(&self, value: &R) -> Result<(), Error> {
        let initiative = match value.initiative() {
            Some(id) => Some(self.initiatives.get(&id.get()).ok_or_else(|| Error::not_found(Kind::Initiative, id))?),
            None => None,
        };
        let mut invalid = value.validate(initiative).err().unwrap_or_default();
        for link in value.links() {
            if self.kinds.get(&link.target) != Some(&link.target_kind) {
                invalid.push(
                    link.rel.as_str(),
                    "missing-reference",
                    format!("{} #{} does not exist", link.target_kind, link.target),
                );
            }
        }
        if invalid.errors.is_empty() { Ok(()) } else { Err(Error::Invalid { kind: R::KIND, invalid }) }
    }
}

/// Creates many new records of one kind, each authorised and checked as
/// [`create`] does, then written with batched statements (one revision
/// each, as always). All or nothing: the first invalid record is the error,
/// with its position in `values`, and nothing of the batch is written.
pub async fn create_many<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    action: Action,
    values: Vec<R>,
) -> Result<Vec<Stored<R>>, (usize, Error)> {
    let mut known = Known::default();
    known.learn(tx, &values).await.map_err(|e| (0, e))?;
    for (i, v) in values.iter().enumerate() {
        authorize(actor, v, None).map_err(|e| (i, e))?;
        known.check(v).map_err(|e| (i, e))?;
    }
    let docs: Vec<(Value, Vec<crate::record::Link>)> = values.iter().map(|v| (encode(v), v.links())).collect();
    let items: Vec<crate::store::NewRecord<'_>> = values
        .iter()
        .zip(&docs)
        .map(|(v, (doc, links))| crate::store::NewRecord { key: v.key(), doc, links })
        .collect();
    let meta = RevisionMeta { action, actor, note: None };
    let raws = tx.insert_many(R::KIND, &items, meta).await.map_err(|e| (0, e.into()))?;
    raws.into_iter().map(decode).collect::<Result<_, _>>().map_err(|e| (0, e))
}

pub async fn create<R: Record>(tx: &mut (impl Tx + ?Sized), actor: &Actor, value: R) -> Result<Stored<R>, Error> {
    create_noted(tx, actor, value, None).await
}

/// [`create`], with a note in the revision log (why, or from where).
pub async fn create_noted<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    value: R,
    note: Option<&str>,
) -> Result<Stored<R>, Error> {
    authorize(actor, &value, None)?;
    write_new(tx, actor, Action::Create, note, value).await
}

async fn write_new<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    action: Action,
    note: Option<&str>,
    value: R,
) -> Result<Stored<R>, Error> {
    check(tx, &value).await?;
    let meta = RevisionMeta { action, actor, note };
    let raw = tx.insert(R::KIND, value.key(), &encode(&value), &value.links(), meta).await?;
    decode(raw)
}

/// Replaces the record `id`, which the caller read at `expected_version`.
pub async fn update<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<R>,
    expected_version: i64,
    value: R,
) -> Result<Stored<R>, Error> {
    update_noted(tx, actor, id, expected_version, value, None).await
}

/// [`update`], with a note in the revision log (what changed and why).
pub async fn update_noted<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<R>,
    expected_version: i64,
    value: R,
    note: Option<&str>,
) -> Result<Stored<R>, Error> {
    let old = get(tx, id).await?;
    authorize(actor, &old.value, Some(id.get()))?;
    authorize(actor, &value, Some(id.get()))?;
    if old.value.status() != value.status() {
        let invalid = Invalid::one(
            "status",
            "use-transition",
            "the status changes only by submitting, approving, returning or withdrawing",
        );
        return Err(Error::Invalid { kind: R::KIND, invalid });
    }
    write_existing(tx, actor, Action::Update, note, &old, expected_version, value).await
}

pub(crate) async fn write_existing<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    action: Action,
    note: Option<&str>,
    old: &Stored<R>,
    expected_version: i64,
    value: R,
) -> Result<Stored<R>, Error> {
    check(tx, &value).await?;
    let meta = RevisionMeta { action, actor, note };
    let raw = tx.update(old.id.get(), expected_version, value.key(), &encode(&value), &value.links(), meta).await?;
    decode(raw)
}

/// Creates the record with `value`'s key, or updates it in place; writes
/// nothing when the stored record already equals `value`. Importers and the
/// demo use it, which is what makes them idempotent.
pub async fn save_by_key<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    action: Action,
    value: R,
) -> Result<(Stored<R>, Saved), Error> {
    let old = find::<R>(tx, value.key()).await?;
    save_over(tx, actor, action, old, value).await
}

/// [`save_by_key`] for a caller that has already read the record under
/// the key (`old`), to compare it with what it writes.
pub async fn save_over<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    action: Action,
    old: Option<Stored<R>>,
    value: R,
) -> Result<(Stored<R>, Saved), Error> {
    match old {
        None => {
            authorize(actor, &value, None)?;
            Ok((write_new(tx, actor, action, None, value).await?, Saved::Created))
        }
        Some(old) if encode(&old.value) == encode(&value) => Ok((old, Saved::Unchanged)),
        Some(old) => {
            authorize(actor, &old.value, Some(old.id.get()))?;
            authorize(actor, &value, Some(old.id.get()))?;
            let version = old.version;
            Ok((write_existing(tx, actor, action, None, &old, version, value).await?, Saved::Updated))
        }
    }
}

/// The organisation a person names: by key, else by the key its name makes,
/// else a new one of `kind`. Importers and the pledge form all name
/// organisations this way, so the same name always finds the same record.
pub async fn organisation_named(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    name: &str,
    kind: crate::OrgKind,
) -> Result<(Id<crate::Organisation>, Saved), Error> {
    for key in [name.to_owned(), crate::record::slugify(name)] {
        if let Some(o) = find::<crate::Organisation>(tx, &key).await? {
            // A merged organisation's name finds the one it was merged into.
            return Ok((o.merged_into.unwrap_or(o.id), Saved::Unchanged));
        }
    }
    // Nothing the public submits is public before review.
    let organisation =
        crate::Organisation { pending: actor.role == crate::Role::Public, ..crate::Organisation::new(name, kind) };
    Ok((create(tx, actor, organisation).await?.id, Saved::Created))
}
