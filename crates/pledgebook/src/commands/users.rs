//! `pledgebook user ...`: accounts and API tokens.

use std::io::Read;

use anyhow::{Context, bail};
use pledgebook_core::{Actor, Organisation, Role, User, ops};

use crate::cli::UserCommand;
use crate::config::Config;

pub async fn run(command: UserCommand, config: &Config) -> anyhow::Result<()> {
    let store = crate::store::open(config).await?;
    match command {
        UserCommand::Add { email, name, role, organisation, password_stdin } => {
            let role = Role::parse(&role)
                .with_context(|| format!("unknown role {role:?}: use admin, secretariat, editor or reviewer"))?;
            let mut user = User::new(&email, &name, role);
            let mut tx = store.write().await?;
            if let Some(key) = organisation {
                let org = ops::find::<Organisation>(&mut *tx, &key)
                    .await?
                    .with_context(|| format!("no organisation with key {key:?}; see `pledgebook org list`"))?;
                user.organisation = Some(org.id);
            }
            let (password, generated) = if password_stdin {
                let mut p = String::new();
                std::io::stdin().read_to_string(&mut p)?;
                (p.trim_end_matches(['\n', '\r']).to_owned(), false)
            } else {
                (pledgebook_web::new_password(), true)
            };
            if password.chars().count() < pledgebook_core::user::MIN_PASSWORD_CHARS {
                bail!("the password must have at least {} characters", pledgebook_core::user::MIN_PASSWORD_CHARS);
            }
            let saved = ops::create(&mut *tx, &Actor::system("cli"), user).await?;
            let hash = pledgebook_web::hash_password(&password).map_err(anyhow::Error::msg)?;
            tx.set_password_hash(saved.id.get(), &hash).await?;
            tx.commit().await?;
            println!("created {} ({})", saved.email, saved.role.as_str());
            if generated {
                println!("password: {password}");
            }
        }
        UserCommand::Token { email, label } => {
            let mut r = store.read().await?;
            let user = ops::find::<User>(&mut *r, &email.to_lowercase())
                .await?
                .with_context(|| format!("no account {email:?}; create it with `pledgebook user add`"))?;
            drop(r);
            let token = pledgebook_web::new_api_token(&*store, user.id.get(), &label).await?;
            println!("{token}");
        }
        UserCommand::List => {
            let mut r = store.read().await?;
            super::records::print_all::<User>(&mut *r, false, |u| {
                format!("{}\t{}\t{}", u.email, u.role.as_str(), u.name)
            })
            .await?;
        }
    }
    store.close().await;
    Ok(())
}
