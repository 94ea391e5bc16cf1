//! Validation errors that name the field, so forms can show the message next
//! to it and importers can point at the file, line and column.

use std::fmt;

use serde::Serialize;

/// One rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field, as a path: `title.en`, `targets[0].deadline`.
    pub field: String,
    /// A stable code, used to look up the message in the UI's language.
    pub code: &'static str,
    /// The message in English, for logs, the CLI and the API.
    pub message: String,
}

/// Every rule a value broke, collected so the user can fix them all at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn one(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        let mut i = Self::new();
        i.push(field, code, message);
        i
    }

    pub fn push(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.into(), code, message: message.into() });
    }

    /// Adds another value's errors, their fields prefixed with `prefix.`.
    pub fn nest(&mut self, prefix: &str, other: Invalid) {
        for e in other.errors {
            self.errors.push(FieldError { field: format!("{prefix}.{}", e.field), ..e });
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn into_result(self) -> Result<(), Invalid> {
        if self.errors.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Checks that a required text is present.
    pub fn require(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(field, "required", format!("{field} is required"));
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Counts words the way a reader would: whitespace-separated words for
/// Latin script, and for Japanese (which has no spaces) one word per two
/// characters, the usual rule of thumb when a word limit is set in English
/// and applied to Japanese text.
pub fn word_count(text: &str) -> usize {
    let mut words = 0;
    for token in text.split_whitespace() {
        let cjk = token.chars().filter(|c| is_cjk(*c)).count();
        let rest_is_word = token.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
        words += cjk.div_ceil(2) + usize::from(rest_is_word);
    }
    words
}

/// Han, Hiragana, Katakana and the CJK punctuation block.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_english_words() {
        assert_eq!(word_count("Encourage major stakeholders in Japan"), 5);
        assert_eq!(word_count("  "), 0);
    }

    #[test]
    fn counts_japanese_by_pairs_of_characters() {
        assert_eq!(word_count("子供の未来"), 3);
        assert_eq!(word_count("SDG 8.7 子供"), 3);
    }

    #[test]
    fn nested_errors_keep_their_path() {
        let mut outer = Invalid::new();
        outer.nest("targets[0]", Invalid::one("deadline", "before-baseline", "x"));
        assert!(outer.has("targets[0].deadline"));
        assert!(outer.into_result().is_err());
    }
}
