//! Who is asking: passwords (argon2id), browser sessions (a random token in
//! an HttpOnly cookie; only its SHA-256 is stored), API tokens, and CSRF
//! tokens for forms (see [`expected_csrf`]; compared in constant time).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use chrono::{Duration, Utc};
use pledgebook_core::store::Session;
use pledgebook_core::{Actor, Id, User, ops};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "pb_session";
pub const CSRF_COOKIE: &str = "pb_csrf";

/// Hashes a password with argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

/// 32 random bytes as hex: session tokens, API tokens and CSRF tokens.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex(&bytes)
}

/// A generated password people can type: 20 characters without look-alikes.
pub fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes: [u8; 20] = rand::random();
    bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A new API token for `user_id`: returns the token (shown once) and stores its hash.
pub async fn new_api_token(
    state_store: &dyn pledgebook_core::store::Store,
    user_id: i64,
    label: &str,
) -> Result<String, pledgebook_core::Error> {
    let token = format!("pbt_{}", random_token());
    let mut tx = state_store.write().await?;
    tx.put_api_token(&token_hash(&token), user_id, label).await?;
    tx.commit().await?;
    Ok(token)
}

/// Compares two strings in time that depends only on their lengths.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The CSRF token this visitor's forms carry. Signed in, it is derived
/// from the session token, which only the browser's HttpOnly cookie holds:
/// bound to the session, new at every sign-in, useless after sign-out, and
/// nothing to store. Signed out (the sign-in and pledge forms), it is the
/// visitor's `pb_csrf` cookie (double submit), replaced at sign-in and
/// sign-out so a token seen before cannot be planted for after.
pub fn expected_csrf(headers: &HeaderMap) -> Option<String> {
    match crate::cookies::get(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        Some(session) => Some(hex(&Sha256::digest(format!("pledgebook csrf {session}").as_bytes()))),
        None => crate::cookies::get(headers, CSRF_COOKIE).map(str::to_owned),
    }
}

/// The form's CSRF field must equal [`expected_csrf`].
pub fn check_csrf(headers: &HeaderMap, submitted: &str) -> Result<(), AppError> {
    match expected_csrf(headers) {
        Some(expected) if !submitted.is_empty() && same(&expected, submitted) => Ok(()),
        _ => Err(AppError::Csrf),
    }
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub id: Id<User>,
    pub user: User,
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor::user(self.id, &self.user)
    }
}

async fn load_user(state: &AppState, user_id: i64) -> Result<Option<SignedIn>, AppError> {
    let mut r = state.store.read().await?;
    let user = ops::get::<User>(&mut *r, Id::new(user_id)).await?;
    Ok((!user.disabled).then_some(SignedIn { id: user.id, user: user.value }))
}

/// The user of the session cookie, if it names a live session.
pub async fn from_session(state: &AppState, headers: &HeaderMap) -> Result<Option<SignedIn>, AppError> {
    let Some(token) = crate::cookies::get(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let session = state.store.read().await?.session(&token_hash(token), Utc::now()).await?;
    match session {
        Some(s) => load_user(state, s.user_id).await,
        None => Ok(None),
    }
}

/// The user of an `Authorization: Bearer` API token.
pub async fn from_bearer(state: &AppState, headers: &HeaderMap) -> Result<SignedIn, AppError> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(AppError::Unauthorized)?;
    let user_id = state.store.read().await?.api_token_user(&token_hash(token.trim())).await?;
    match user_id {
        // One account's script cannot take the server from everyone else.
        Some(id) if !state.limits.api.allow(id) => Err(AppError::TooMany),
        Some(id) => load_user(state, id).await?.ok_or(AppError::Unauthorized),
        None => Err(AppError::Unauthorized),
    }
}

/// Checks e-mail and password; on success stores a session and returns its token.
pub async fn sign_in(state: &AppState, email: &str, password: &str) -> Result<Option<String>, AppError> {
    let email = email.trim().to_lowercase();
    let mut r = state.store.read().await?;
    let Some(user) = ops::find::<User>(&mut *r, &email).await? else {
        // Spend the same time as a real check, so timing does not tell which addresses exist.
        verify_password(password, &DUMMY_HASH);
        return Ok(None);
    };
    let hash = r.password_hash(user.id.get()).await?;
    drop(r);
    if user.disabled || !hash.is_some_and(|h| verify_password(password, &h)) {
        return Ok(None);
    }
    let token = random_token();
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id.get(),
        csrf: random_token(),
        expires_at: Utc::now() + Duration::hours(state.config.session_hours),
    };
    let mut tx = state.store.write().await?;
    tx.put_session(&session).await?;
    tx.commit().await?;
    Ok(Some(token))
}

pub async fn sign_out(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    if let Some(token) = crate::cookies::get(headers, SESSION_COOKIE) {
        let mut tx = state.store.write().await?;
        tx.delete_session(&token_hash(token)).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// A hash of a random password, verified against when the e-mail is unknown.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&random_token()).expect("argon2 with default parameters"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert_ne!(h, hash_password("correct horse").unwrap(), "salts differ");
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert_ne!(t, random_token());
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn csrf_needs_the_matching_cookie() {
        let mut h = HeaderMap::new();
        assert!(check_csrf(&h, "x").is_err());
        h.insert(axum::http::header::COOKIE, "pb_csrf=abc".parse().unwrap());
        assert!(check_csrf(&h, "abc").is_ok());
        assert!(check_csrf(&h, "abd").is_err());
        assert!(check_csrf(&h, "").is_err());
    }

    #[test]
    fn signed_in_the_csrf_token_belongs_to_the_session() {
        let signed_in = |session: &str| {
            let mut h = HeaderMap::new();
            h.insert(axum::http::header::COOKIE, format!("pb_csrf=abc; pb_session={session}").parse().unwrap());
            h
        };
        let (a, b) = (signed_in("session-a"), signed_in("session-b"));
        let token_a = expected_csrf(&a).unwrap();
        assert!(check_csrf(&a, &token_a).is_ok());
        assert!(check_csrf(&a, "abc").is_err(), "the signed-out cookie no longer counts");
        assert!(check_csrf(&b, &token_a).is_err(), "another session's token");
        assert_ne!(token_a, expected_csrf(&b).unwrap());
    }
}
