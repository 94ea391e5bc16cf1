//! `pledgebook demo`: a fresh database holding the facts of the reference
//! documents (`data/documents/`), entered through `pledgebook_core::ops`,
//! the same path the web forms and importers take, so the demo obeys every
//! rule a user's input does.

mod campaign;
mod plan;
mod platform;
mod project;

use std::collections::HashMap;

use anyhow::{Context, bail};
use pledgebook_core::ops::{self, Saved};
use pledgebook_core::store::{Store, Tx};
use pledgebook_core::{Action, Actor, Id, Kind, Localized, OrgKind, Organisation, Record, Role, Stored, User};

use crate::cli::{DemoArgs, Global};
use crate::config::Config;

/// Writes the demo records inside one transaction.
pub struct Loader<'a> {
    tx: &'a mut dyn Tx,
    actor: Actor,
    orgs: HashMap<&'static str, Id<Organisation>>,
}

impl Loader<'_> {
    pub async fn save<R: Record>(&mut self, value: R) -> anyhow::Result<Stored<R>> {
        let key = value.key().to_owned();
        let (stored, _): (Stored<R>, Saved) = ops::save_by_key(self.tx, &self.actor, Action::Create, value)
            .await
            .with_context(|| format!("demo {} {key}", R::KIND))?;
        Ok(stored)
    }

    /// Adds an organisation, remembered under `handle` for later references.
    pub async fn org(
        &mut self,
        handle: &'static str,
        en: &str,
        ja: Option<&str>,
        kind: OrgKind,
        abbreviation: Option<&str>,
    ) -> anyhow::Result<Id<Organisation>> {
        let mut o = Organisation::new(en, kind);
        o.name = Localized { en: Some(en.to_owned()), ja: ja.map(str::to_owned) };
        o.abbreviations = abbreviation.into_iter().map(str::to_owned).collect();
        // Every demo organisation is Japanese or a Japan office, except the ILO itself.
        o.country = (handle != "ilo").then(|| "JP".to_owned());
        let id = self.save(o).await?.id;
        self.orgs.insert(handle, id);
        Ok(id)
    }

    /// Records that organisation `id` holds `role` in `platform` since `since`.
    pub async fn join(
        &mut self,
        id: Id<Organisation>,
        platform: Id<pledgebook_core::Initiative>,
        role: pledgebook_core::ParticipantRole,
        since: chrono::NaiveDate,
    ) -> anyhow::Result<()> {
        let mut o = ops::get(self.tx, id).await?.value;
        if !o.platforms.iter().any(|p| p.platform == platform) {
            o.platforms.push(pledgebook_core::PlatformMembership { platform, role, since: Some(since), until: None });
        }
        self.save(o).await?;
        Ok(())
    }
}

/// Loads every reference document's facts into `store`.
pub async fn load(store: &dyn Store) -> anyhow::Result<()> {
    let mut tx = store.write().await?;
    let mut loader = Loader { tx: &mut *tx, actor: Actor::system("demo"), orgs: HashMap::new() };
    campaign::load(&mut loader).await?;
    platform::load(&mut loader).await?;
    project::load(&mut loader).await?;
    plan::load(&mut loader).await?;
    plan::import_report(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn run(config: Config, args: DemoArgs, global: &Global) -> anyhow::Result<()> {
    // Without an explicit place, the demo lives in a new temporary directory
    // that is removed when it stops.
    let explicit = global.data_dir.is_some() || global.database_url.is_some();
    let temp = if explicit { None } else { Some(tempfile::Builder::new().prefix("pledgebook-demo-").tempdir()?) };
    let mut config = config;
    if let Some(t) = &temp {
        config.data_dir = t.path().to_path_buf();
        config.database_url = format!("sqlite://{}", t.path().join("pledgebook.db").display());
    }
    let store = crate::store::open(&config).await?;
    let mut r = store.read().await?;
    for kind in Kind::ALL {
        if r.count(kind).await? > 0 {
            bail!(
                "{} already holds data; the demo needs an empty database: choose another --data-dir",
                crate::config::redact(&config.database_url)
            );
        }
    }
    drop(r);
    load(&*store).await?;
    let password = pledgebook_web::new_password();
    let mut tx = store.write().await?;
    let admin = ops::create(
        &mut *tx,
        &Actor::system("demo"),
        User::new("admin@demo.pledgebook.invalid", "Demo admin", Role::Admin),
    )
    .await?;
    tx.set_password_hash(admin.id.get(), &pledgebook_web::hash_password(&password).map_err(anyhow::Error::msg)?)
        .await?;
    tx.commit().await?;
    let mut r = store.read().await?;
    let mut counts = Vec::new();
    for kind in [Kind::Organisation, Kind::Initiative, Kind::Commitment, Kind::Indicator, Kind::Event] {
        counts.push(format!("{} {kind}s", r.count(kind).await?));
    }
    drop(r);
    println!("demo database: {} ({})", config.data_dir.display(), counts.join(", "));
    println!("sign in as {} with password {password}", admin.email);
    if args.no_serve {
        store.close().await;
        if let Some(t) = temp {
            println!("(--no-serve with a temporary directory: nothing is kept; pass --data-dir to keep the demo)");
            drop(t);
        }
        return Ok(());
    }
    crate::commands::serve(&config, store).await
}
