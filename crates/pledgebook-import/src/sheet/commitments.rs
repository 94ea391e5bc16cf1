//! Rows of commitments (pledges): one commitment per row, its organisation
//! found by key or name (or created), facet values checked against the
//! initiative's.

use pledgebook_core::ops::{self, Saved};
use pledgebook_core::record::slugify;
use pledgebook_core::store::Tx;
use std::collections::{HashMap, HashSet};

use pledgebook_core::{
    Action, Actor, Commitment, CommitmentKind, Error, Id, Initiative, Localized, OrgKind, Organisation, Period, Record,
    Status, Stored, WebLink,
};

use super::columns::{Field, Mapping, list};
use super::{Outcome, RowError, SheetError, Table};

/// At most this many words of the title go into a generated key.
const TITLE_WORDS_IN_KEY: usize = 8;

/// The key a commitment gets when the sheet gives none: campaign,
/// organisation, title; shortened with a hash to fit, so a long or
/// Japanese name still gives a key, the same one at every import.
pub fn derived_key(initiative: &str, organisation: &str, title: &str) -> String {
    let short: Vec<&str> = title.split_whitespace().take(TITLE_WORDS_IN_KEY).collect();
    let key = format!("{initiative}/{}/{}", slugify(organisation), slugify(&short.join(" ")));
    pledgebook_core::record::fit_key(&key, pledgebook_core::record::KEY_MAX_BYTES)
}

struct Row<'a> {
    no: u32,
    cells: &'a [String],
    mapping: &'a Mapping,
    errors: Vec<RowError>,
}

impl<'a> Row<'a> {
    fn get(&self, f: Field) -> &'a str {
        self.mapping.get(self.cells, f)
    }

    fn error(&mut self, f: Field, message: impl Into<String>) {
        self.errors.push(RowError { row: self.no, column: self.mapping.header(f), message: message.into() });
    }
}

/// Maps a rule's field (`title.en`, `facets.pillar`) to the column it came from.
fn column_of(field: &str) -> Field {
    match field.split(['.', '[']).next().unwrap_or("") {
        "title" => Field::Title,
        "description" => Field::Description,
        "implementation" => Field::Implementation,
        "impact" => Field::Impact,
        "lead" => Field::Organisation,
        "co_responsible" => Field::CoResponsible,
        "links" => Field::Link,
        "period" => Field::Period,
        "status" => Field::Status,
        "facets" if field.contains("level") => Field::Level,
        "facets" if field.contains("sdg") => Field::Sdg,
        "facets" => Field::Pillar,
        _ => Field::Key,
    }
}

pub async fn apply<T: Tx + ?Sized>(
    tx: &mut T,
    actor: &Actor,
    table: &Table,
    mapping: &Mapping,
    initiative: &str,
    skip_invalid: bool,
    progress: crate::report::apply::Progress<'_>,
) -> Result<Outcome, SheetError> {
    mapping.require(Field::Title)?;
    mapping.require(Field::Organisation)?;
    let ini = ops::find::<Initiative>(tx, initiative)
        .await?
        .ok_or_else(|| SheetError::NoInitiative(initiative.to_owned()))?;
    let mut outcome = Outcome::default();
    let mut errors = Vec::new();
    let mut batch = Batch::default();
    for (done, (no, cells)) in table.rows.iter().enumerate() {
        progress(done, table.rows.len());
        let mut row = Row { no: *no, cells, mapping, errors: Vec::new() };
        // Only a sheet that keeps its valid rows needs to undo one row; an
        // all-or-nothing import is rolled back whole on any error.
        if skip_invalid {
            tx.savepoint().await?;
        }
        match write_row(tx, actor, &ini, &mut row, &mut batch).await {
            Ok(how) if row.errors.is_empty() => {
                if skip_invalid {
                    tx.release_savepoint().await?;
                }
                outcome.count(how);
            }
            _ => {
                if skip_invalid {
                    tx.rollback_to_savepoint().await?;
                }
                errors.append(&mut row.errors);
            }
        }
        if batch.creates.len() >= BATCH {
            batch.flush(tx, actor, mapping, &mut outcome, &mut errors).await?;
        }
    }
    batch.flush(tx, actor, mapping, &mut outcome, &mut errors).await?;
    outcome.finish(errors, skip_invalid)
}

/// New commitments written together, with batched statements.
const BATCH: usize = 500;

/// What rows share while a sheet is imported: the organisations already
/// found by name, and the new commitments waiting to be written together.
#[derive(Default)]
struct Batch {
    orgs: HashMap<String, Id<Organisation>>,
    creates: Vec<(u32, Commitment)>,
    keys: HashSet<String>,
}

impl Batch {
    /// The organisation a row names, found or created once per sheet.
    async fn organisation<T: Tx + ?Sized>(
        &mut self,
        tx: &mut T,
        actor: &Actor,
        name: &str,
        kind: OrgKind,
    ) -> Result<Id<Organisation>, Error> {
        if let Some(id) = self.orgs.get(name) {
            return Ok(*id);
        }
        let (id, _) = ops::organisation_named(tx, actor, name, kind).await?;
        self.orgs.insert(name.to_owned(), id);
        Ok(id)
    }

    /// Writes the waiting commitments. A row the store refuses after all is
    /// reported with its row number and left out; the others are written.
    async fn flush<T: Tx + ?Sized>(
        &mut self,
        tx: &mut T,
        actor: &Actor,
        mapping: &Mapping,
        outcome: &mut Outcome,
        errors: &mut Vec<RowError>,
    ) -> Result<(), SheetError> {
        let mut waiting = std::mem::take(&mut self.creates);
        self.keys.clear();
        while !waiting.is_empty() {
            let values: Vec<Commitment> = waiting.iter().map(|(_, c)| c.clone()).collect();
            match ops::create_many(tx, actor, Action::Import, values).await {
                Ok(_) => return Ok(()),
                Err((i, e)) => {
                    let (no, _) = waiting.remove(i);
                    outcome.created -= 1;
                    let column = mapping.header(Field::Key);
                    errors.push(RowError { row: no, column, message: e.to_string() });
                    if !matches!(e, Error::Invalid { .. }) {
                        return Err(e.into());
                    }
                }
            }
        }
        Ok(())
    }
}

/// Whether a text is written in Japanese: it has kana or kanji.
fn is_japanese(t: &str) -> bool {
    t.chars().any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'))
}

/// A facet value by its key or its label in either language.
fn facet_values(ini: &Initiative, row: &mut Row<'_>, field: Field, facet: &str) -> Option<(String, Vec<String>)> {
    let cell = row.get(field).to_owned();
    if cell.is_empty() {
        return None;
    }
    let Some(f) = ini.facet(facet) else {
        row.error(field, format!("{} has no {facet} facet", ini.slug));
        return None;
    };
    let mut keys = Vec::new();
    for v in list(&cell) {
        let lower = v.to_lowercase();
        let found = f.values.iter().find(|fv| {
            fv.key.to_lowercase() == lower
                || fv
                    .label
                    .texts()
                    .any(|(_, t)| t.to_lowercase() == lower || t.to_lowercase().starts_with(&format!("{lower} (")))
        });
        match found {
            Some(fv) => keys.push(fv.key.clone()),
            None => {
                let allowed: Vec<&str> = f.values.iter().map(|fv| fv.key.as_str()).collect();
                row.error(field, format!("{v:?} is not a {facet}; use one of {}", allowed.join(", ")));
            }
        }
    }
    Some((facet.to_owned(), keys))
}

async fn write_row<T: Tx + ?Sized>(
    tx: &mut T,
    actor: &Actor,
    ini: &Stored<Initiative>,
    row: &mut Row<'_>,
    batch: &mut Batch,
) -> Result<Saved, ()> {
    let title = row.get(Field::Title).to_owned();
    let org_name = row.get(Field::Organisation).to_owned();
    if title.is_empty() {
        row.error(Field::Title, "a title is required");
    }
    if org_name.is_empty() {
        row.error(Field::Organisation, "name the organisation that makes the commitment");
    }
    let kind = match row.get(Field::OrganisationKind) {
        "" => OrgKind::Ngo,
        k => OrgKind::parse(k).unwrap_or_else(|| {
            row.error(Field::OrganisationKind, format!("{k:?} is not an organisation kind"));
            OrgKind::Ngo
        }),
    };
    let status = match row.get(Field::Status) {
        "" => None,
        s => {
            let found = Status::ALL.into_iter().find(|x| x.as_str() == s.to_lowercase().replace(' ', "_"));
            if found.is_none() {
                row.error(Field::Status, format!("{s:?} is not a status"));
            }
            found
        }
    };
    let period = match row.get(Field::Period) {
        "" => None,
        p => match p.parse::<Period>() {
            Ok(p) => Some(p),
            Err(e) => {
                row.error(Field::Period, e.to_string());
                None
            }
        },
    };
    let facets: Vec<(String, Vec<String>)> = [(Field::Pillar, "pillar"), (Field::Level, "level"), (Field::Sdg, "sdg")]
        .into_iter()
        .filter_map(|(f, name)| facet_values(ini, row, f, name))
        .collect();
    if !row.errors.is_empty() {
        return Err(());
    }
    let result = async {
        // A sheet's own ids ("17") are scoped to the initiative; full keys
        // (a pledgebook export's) are taken as they are.
        let key = match row.get(Field::Key) {
            "" => derived_key(&ini.slug, &org_name, &title),
            k if k.contains('/') => k.to_owned(),
            k => format!("{}/{}", ini.slug, slugify(k)),
        };
        if batch.keys.contains(&key) {
            // The same key twice: the first is written before the second updates it.
            let mut outcome = Outcome::default();
            let mut errors = Vec::new();
            batch
                .flush(tx, actor, row.mapping, &mut outcome, &mut errors)
                .await
                .map_err(|e| Error::Conflict(e.to_string()))?;
        }
        let existing = ops::find::<Commitment>(tx, &key).await?;
        // Each text is filed under the language it is written in: Japanese
        // when it has kana or kanji, else English (a row's `language` says
        // the same for whole rows, but sheets mix them: a Japanese title
        // over an English pledge).
        let text = |t: &str| {
            let t = (!t.is_empty()).then(|| t.to_owned());
            if t.as_deref().is_some_and(is_japanese) {
                Localized { en: None, ja: t }
            } else {
                Localized { en: t, ja: None }
            }
        };
        let mut c = Commitment::new(&key, ini.id, CommitmentKind::Pledge, text(&title));
        let ja = row.get(Field::TitleJa);
        if !ja.is_empty() {
            c.title.ja = Some(ja.to_owned());
        }
        // The row's own rules first, so that an invalid row creates no
        // organisation; then its organisations.
        c.lead = vec![Id::new(0)];
        c.validate(Some(ini)).map_err(|invalid| Error::Invalid { kind: pledgebook_core::Kind::Commitment, invalid })?;
        c.lead = vec![batch.organisation(tx, actor, &org_name, kind).await?];
        for name in list(row.get(Field::CoResponsible)) {
            let id = batch.organisation(tx, actor, &name, OrgKind::Ngo).await?;
            if !c.lead.contains(&id) && !c.co_responsible.contains(&id) {
                c.co_responsible.push(id);
            }
        }
        c.description = text(row.get(Field::Description));
        c.implementation = text(row.get(Field::Implementation));
        c.impact = text(row.get(Field::Impact));
        c.period = period;
        c.facets = facets.into_iter().collect();
        c.tags = list(row.get(Field::Tags));
        c.links = list(row.get(Field::Link)).into_iter().map(|url| WebLink { label: "Website".into(), url }).collect();
        c.status = status.or(existing.as_ref().map(|e| e.status)).unwrap_or(Status::Submitted);
        if let Some(e) = &existing {
            c.kind = e.kind;
            c.node = e.node.clone();
            c.implementation_items = e.implementation_items.clone();
            c.plan = e.plan.clone();
        }
        if existing.is_some() {
            return ops::save_by_key(tx, actor, Action::Import, c).await.map(|(_, how)| how);
        }
        batch.keys.insert(key);
        batch.creates.push((row.no, c));
        Ok(Saved::Created)
    }
    .await;
    result.map_err(|e| match e {
        Error::Invalid { invalid, .. } => {
            for fe in invalid.errors {
                row.error(column_of(&fe.field), fe.message);
            }
        }
        other => row.error(Field::Key, other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pledgebook_core::{CommitmentKind, Id, Localized, Record};

    #[test]
    fn a_key_from_japanese_names_fits_and_is_stable() {
        let org = "公益社団法人日本国際児童労働撤廃協力ネットワーク連絡協議会";
        let title = "サプライチェーンにおける児童労働の撤廃に向けた取引先への働きかけと調査の実施";
        let key = derived_key("iyecl-2021", org, title);
        assert!(key.len() <= pledgebook_core::record::KEY_MAX_BYTES, "{} bytes: {key}", key.len());
        assert_eq!(key, derived_key("iyecl-2021", org, title));
        assert_ne!(key, derived_key("iyecl-2021", org, "別の誓約"));
        let mut c =
            Commitment::new(&key, Id::new(1), CommitmentKind::Pledge, Localized { en: None, ja: Some(title.into()) });
        c.lead.push(Id::new(2));
        assert!(c.validate(None).is_ok(), "{:?}", c.validate(None));
    }

    #[test]
    fn a_key_too_long_is_refused_naming_the_field_and_the_limit() {
        let mut c = Commitment::new(&"k".repeat(130), Id::new(1), CommitmentKind::Pledge, Localized::en("A title"));
        c.lead.push(Id::new(2));
        let e = c.validate(None).unwrap_err();
        assert_eq!((e.errors[0].field.as_str(), e.errors[0].code), ("slug", "too-long"));
        assert!(e.errors[0].message.contains("130 bytes; a key has at most 120"), "{e}");
    }
}
