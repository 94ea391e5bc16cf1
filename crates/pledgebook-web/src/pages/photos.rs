//! Photos sent with a progress report. When the form is refused (a missing
//! period, a figure that is not a number), the photos it carried are held
//! on the server for a day under an unguessable name, and the form shows
//! them as kept: the sender fixes the form without choosing the files
//! again. Only the account that sent them can take them back. Held photos
//! live in the system's temporary directory, one folder per account; a
//! deployment that runs several servers behind one address should route a
//! person to the same server (as it must for uploads anyway).

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// A photo sent with a report: at most this large, and JPEG or PNG.
pub(crate) const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
pub(crate) const MAX_PHOTOS: usize = 4;

/// How long a refused form's photos are kept.
const HELD_FOR: Duration = Duration::from_secs(24 * 3600);

pub(crate) struct Photo {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// What the bytes are, by their first bytes rather than by what the browser claims.
pub(crate) fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// A held photo as the form names it: its token and its file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Held {
    pub token: String,
    pub name: String,
}

/// Where one account's held photos are.
fn folder(root: &std::path::Path, user: i64) -> PathBuf {
    root.join(format!("user-{user}"))
}

/// The default place: a folder of the system's temporary directory.
pub(crate) fn root() -> PathBuf {
    std::env::temp_dir().join("pledgebook-held-photos")
}

/// A token the form sent back is one `hold` made: 64 hex digits, so it
/// never names a path outside the folder.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Keeps `photo` for `user`; removes what that account held longer than a day.
pub(crate) fn hold(root: &std::path::Path, user: i64, photo: &Photo) -> std::io::Result<Held> {
    let dir = folder(root, user);
    std::fs::create_dir_all(&dir)?;
    sweep(&dir);
    let token = crate::auth::random_token();
    let name: String = photo.name.chars().filter(|c| !c.is_control()).take(200).collect();
    std::fs::write(dir.join(format!("{token}.name")), &name)?;
    std::fs::write(dir.join(&token), &photo.bytes)?;
    Ok(Held { token, name })
}

/// The photo `user` holds under `token`, if there is one.
pub(crate) fn take(root: &std::path::Path, user: i64, token: &str) -> Option<(Held, Photo)> {
    if !well_formed(token) {
        return None;
    }
    let dir = folder(root, user);
    let bytes = std::fs::read(dir.join(token)).ok()?;
    let name = std::fs::read_to_string(dir.join(format!("{token}.name"))).ok()?;
    let content_type = image_type(&bytes)?;
    Some((Held { token: token.to_owned(), name: name.clone() }, Photo { name, content_type, bytes }))
}

/// Removes a held photo once it is attached to the saved report.
pub(crate) fn forget(root: &std::path::Path, user: i64, token: &str) {
    if well_formed(token) {
        let dir = folder(root, user);
        let _ = std::fs::remove_file(dir.join(token));
        let _ = std::fs::remove_file(dir.join(format!("{token}.name")));
    }
}

fn sweep(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| SystemTime::now().duration_since(t).ok());
        if old.is_some_and(|age| age > HELD_FOR) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_photo_is_taken_back_only_by_its_sender_and_only_by_its_token() {
        let root = tempfile::tempdir().unwrap();
        let png =
            Photo { name: "class.png".into(), content_type: "image/png", bytes: b"\x89PNG\r\n\x1a\nrest".to_vec() };
        let held = hold(root.path(), 7, &png).unwrap();
        assert_eq!(held.name, "class.png");
        assert!(take(root.path(), 8, &held.token).is_none(), "another account cannot take it");
        assert!(take(root.path(), 7, "../user-8/x").is_none(), "a token is never a path");
        let (again, photo) = take(root.path(), 7, &held.token).unwrap();
        assert_eq!((again, photo.bytes, photo.content_type), (held.clone(), png.bytes, "image/png"));
        forget(root.path(), 7, &held.token);
        assert!(take(root.path(), 7, &held.token).is_none());
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"<svg"), None);
    }
}
