//! Bilingual content. Every human-readable field may be written in English,
//! Japanese or both; readers get their language and, when it is missing, the
//! other one with a marker saying so.

use serde::{Deserialize, Serialize};

/// A language pledgebook publishes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }
}

/// A text in English and/or Japanese. Empty strings count as absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Localized {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<String>,
}

/// The API schema of a [`Localized`] whose English text is required (an
/// organisation's name): `en` must hold something other than white space.
pub fn english_required() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let text = |required: bool| {
        let b = ObjectBuilder::new().schema_type(Type::String);
        if required { b.min_length(Some(1)).pattern(Some(r"\S")) } else { b }
    };
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("English text required, Japanese optional."))
        .property("en", text(true))
        .property("ja", text(false))
        .required("en")
        .build()
}

/// What a reader is shown: the text, and in which language it really is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    pub lang: Lang,
    /// True when the reader's language was missing and the other one is shown.
    pub fallback: bool,
}

impl Localized {
    pub fn en(text: impl Into<String>) -> Self {
        Self { en: Some(text.into()), ja: None }
    }

    pub fn both(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Self { en: Some(en.into()), ja: Some(ja.into()) }
    }

    pub fn get(&self, lang: Lang) -> Option<&str> {
        let value = match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        };
        value.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The text in `lang`, else in the other language, marked as a fallback.
    pub fn show(&self, lang: Lang) -> Shown<'_> {
        match (self.get(lang), self.get(lang.other())) {
            (Some(text), _) => Shown { text, lang, fallback: false },
            (None, Some(text)) => Shown { text, lang: lang.other(), fallback: true },
            (None, None) => Shown { text: "", lang, fallback: false },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.get(Lang::En).is_none() && self.get(Lang::Ja).is_none()
    }

    /// Every language's text, for word limits and search.
    pub fn texts(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL.into_iter().filter_map(|l| self.get(l).map(|t| (l, t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_other_language_with_a_marker() {
        let t = Localized::en("Basic Plan");
        let shown = t.show(Lang::Ja);
        assert_eq!(shown.text, "Basic Plan");
        assert!(shown.fallback);
        assert_eq!(shown.lang, Lang::En);
        assert!(!t.show(Lang::En).fallback);
    }

    #[test]
    fn blank_text_counts_as_missing() {
        let t = Localized { en: Some("  ".into()), ja: Some("子供".into()) };
        assert_eq!(t.get(Lang::En), None);
        assert_eq!(t.show(Lang::En).text, "子供");
    }

    #[test]
    fn parses_language_tags() {
        assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::parse("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
