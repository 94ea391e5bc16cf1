//! Stories of accounts' credentials: sessions, password hashes, API
//! tokens and one-time password links. Each takes an empty store.

use std::sync::Arc;

use chrono::{Duration, Utc};
use pledgebook_core::store::{Session, Store};
use pledgebook_core::{Role, User, ops};

use crate::stories::admin;

pub async fn sessions_expire_and_can_be_ended(store: Arc<dyn Store>) {
    let mut tx = store.write().await.unwrap();
    let u = ops::create(&mut *tx, &admin(), User::new("sec@example.org", "Sec", Role::Secretariat)).await.unwrap();
    let now = Utc::now();
    let live = Session {
        token_hash: "live".into(),
        user_id: u.id.get(),
        csrf: "c1".into(),
        expires_at: now + Duration::hours(1),
    };
    let old = Session {
        token_hash: "old".into(),
        user_id: u.id.get(),
        csrf: "c2".into(),
        expires_at: now - Duration::hours(1),
    };
    tx.put_session(&live).await.unwrap();
    tx.put_session(&old).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.session("live", now).await.unwrap().map(|s| s.csrf), Some("c1".into()));
    assert_eq!(r.session("old", now).await.unwrap(), None);
    drop(r);
    assert_eq!(store.purge_sessions(now).await.unwrap(), 1);
    let mut tx = store.write().await.unwrap();
    tx.delete_session("live").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.read().await.unwrap().session("live", now).await.unwrap(), None);
}

pub async fn credentials_and_api_tokens(store: Arc<dyn Store>) {
    let mut tx = store.write().await.unwrap();
    let u = ops::create(&mut *tx, &admin(), User::new("admin@example.org", "Admin", Role::Admin)).await.unwrap();
    tx.set_password_hash(u.id.get(), "hash-1").await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let session = Session { token_hash: "signed-in".into(), user_id: u.id.get(), csrf: "c".into(), expires_at: later };
    tx.put_session(&session).await.unwrap();
    tx.set_password_hash(u.id.get(), "hash-2").await.unwrap();
    assert_eq!(tx.session("signed-in", chrono::Utc::now()).await.unwrap(), None, "a new password ends the sessions");
    tx.put_api_token("token-hash", u.id.get(), "sync script").await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.password_hash(u.id.get()).await.unwrap().as_deref(), Some("hash-2"));
    assert_eq!(r.api_token_user("token-hash").await.unwrap(), Some(u.id.get()));
    assert_eq!(r.api_token_user("other").await.unwrap(), None);
    // The hash never reaches the record or its history.
    let history = ops::history(&mut *r, u.id.get()).await.unwrap();
    assert!(!history[0].doc.to_string().contains("hash-"));
}

/// An invitation or reset link works once, until it expires; using one
/// ends the account's other links. API tokens are listed and revoked.
pub async fn password_links_work_once_and_tokens_are_revoked(store: Arc<dyn Store>) {
    let mut tx = store.write().await.unwrap();
    let user =
        ops::create(&mut *tx, &admin(), User::new("new@example.org", "New", Role::Reviewer)).await.unwrap().id.get();
    let now = Utc::now();
    tx.put_password_link("live", user, now + Duration::hours(1)).await.unwrap();
    tx.put_password_link("old", user, now - Duration::seconds(1)).await.unwrap();
    tx.put_password_link("other", user, now + Duration::hours(1)).await.unwrap();
    assert_eq!(tx.password_link_user("live", now).await.unwrap(), Some(user));
    assert_eq!(tx.password_link_user("old", now).await.unwrap(), None, "expired");
    assert_eq!(tx.take_password_link("old", now).await.unwrap(), None);
    assert_eq!(tx.take_password_link("live", now).await.unwrap(), Some(user));
    assert_eq!(tx.take_password_link("live", now).await.unwrap(), None, "once");
    assert_eq!(tx.take_password_link("other", now).await.unwrap(), None, "using one ended the others");

    tx.put_api_token("hash-a", user, "reporting script").await.unwrap();
    tx.put_api_token("hash-b", user, "dashboard").await.unwrap();
    let labels: Vec<String> = tx.api_tokens(user).await.unwrap().into_iter().map(|t| t.label).collect();
    assert_eq!(labels.len(), 2);
    assert!(labels.contains(&"dashboard".to_owned()) && labels.contains(&"reporting script".to_owned()));
    assert!(!tx.revoke_api_token(user + 1, "hash-a").await.unwrap(), "only the owner's token");
    assert!(tx.revoke_api_token(user, "hash-a").await.unwrap());
    assert!(!tx.revoke_api_token(user, "hash-a").await.unwrap());
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.api_token_user("hash-a").await.unwrap(), None);
    assert_eq!(r.api_token_user("hash-b").await.unwrap(), Some(user));
}
