//! What every form needs: field-level messages in the reader's language,
//! and the guards that say who may send it.

use std::collections::BTreeMap;

use pledgebook_core::Role;
use pledgebook_core::validation::Invalid;

use crate::auth::SignedIn;
use crate::error::AppError;
use crate::page::Page;

/// Messages by field, shown next to the field they concern.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors {
    by_field: BTreeMap<String, String>,
}

impl FieldErrors {
    /// Translates the rules' codes (`too-many-words`, `required`) into the
    /// reader's language; the English detail stays for English readers and
    /// where the catalogue has no sentence for the code.
    pub fn from_invalid(page: &Page, invalid: &Invalid) -> Self {
        let mut by_field = BTreeMap::new();
        for e in &invalid.errors {
            let key = format!("error-{}", e.code);
            let text = page.t(&key);
            // The rules' own detail is English: a Japanese reader gets the
            // catalogue's sentence alone, an English one both.
            let message = match (text == key, page.lang) {
                (true, _) => e.message.clone(),
                (false, pledgebook_core::Lang::Ja) => text,
                (false, pledgebook_core::Lang::En) => format!("{text} ({})", e.message),
            };
            let field = e.field.split('.').next().unwrap_or(&e.field).to_owned();
            by_field.entry(field).or_insert(message);
        }
        FieldErrors { by_field }
    }

    pub fn add(&mut self, field: &str, message: String) {
        self.by_field.entry(field.to_owned()).or_insert(message);
    }

    /// Shows the error of a field the form has no input for (`from`) at the
    /// input it comes from (`to`), unless that one has its own.
    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(message) = self.by_field.remove(from) {
            self.by_field.entry(to.to_owned()).or_insert(message);
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.by_field.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_field.len()
    }

    /// (field, message) in field order, for the summary above a form.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_field.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The signed-in user, or "sign in first".
pub fn signed_in(page: &Page) -> Result<&SignedIn, AppError> {
    page.user.as_ref().ok_or(AppError::Unauthorized)
}

/// The signed-in user, if their role is one of `roles`.
pub fn with_role<'p>(page: &'p Page, roles: &[Role]) -> Result<&'p SignedIn, AppError> {
    let user = signed_in(page)?;
    if roles.contains(&user.user.role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden(format!("{} may not do this", user.user.role.as_str())))
    }
}

pub const REVIEWERS: [Role; 3] = [Role::Admin, Role::Secretariat, Role::Reviewer];
pub const SECRETARIAT: [Role; 2] = [Role::Admin, Role::Secretariat];

/// A submitted form as name/value pairs, keeping repeated names (checkboxes).
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl FormData {
    pub fn parse(body: &[u8]) -> Result<Self, AppError> {
        serde_urlencoded::from_bytes(body)
            .map(|pairs| FormData { pairs })
            .map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))
    }

    /// The first value of `name`, trimmed; empty if absent.
    /// A posted form whose CSRF field matches the visitor's cookie.
    pub fn posted(headers: &axum::http::HeaderMap, body: &[u8]) -> Result<Self, AppError> {
        let form = Self::parse(body)?;
        crate::auth::check_csrf(headers, form.get("csrf"))?;
        Ok(form)
    }

    pub fn get(&self, name: &str) -> &str {
        self.pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs.iter().filter(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_owned()).collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

impl FormData {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        FormData { pairs }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_japanese_reader_gets_the_catalogue_s_sentence_without_the_english_detail() {
        let invalid = Invalid::one("title", "required", "a pledge needs a title");
        let en = FieldErrors::from_invalid(&Page::for_tests(), &invalid);
        assert!(en.get("title").is_some_and(|m| m.contains("a pledge needs a title")));
        let ja = Page { lang: pledgebook_core::Lang::Ja, ..Page::for_tests() };
        let ja = FieldErrors::from_invalid(&ja, &invalid);
        assert!(
            ja.get("title").is_some_and(|m| !m.is_ascii() && !m.contains("a pledge needs")),
            "{:?}",
            ja.get("title")
        );
    }

    #[test]
    fn an_error_of_a_field_without_an_input_moves_to_the_input_it_comes_from() {
        let mut e = FieldErrors::default();
        e.add("slug", "too long".into());
        e.rename("slug", "title");
        assert_eq!((e.get("slug"), e.get("title")), (None, Some("too long")));
        e.add("slug", "again".into());
        e.rename("slug", "title");
        assert_eq!(e.get("title"), Some("too long"), "the title's own error stays");
    }
}
