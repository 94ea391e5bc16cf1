//! The translation catalogue: Fluent files under `locales/`, compiled into
//! the binary. A key missing from a language falls back to English, and a
//! test keeps both files in step so that never happens in practice.

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use pledgebook_core::Lang;

const EN: &str = include_str!("../locales/en.ftl");
const JA: &str = include_str!("../locales/ja.ftl");

pub struct Catalog {
    en: FluentBundle<FluentResource>,
    ja: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Catalog { en, ja }")
    }
}

fn bundle(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let id = lang.parse().expect("static language tag");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks would end up inside HTML attributes and URLs.
    b.set_use_isolating(false);
    let res = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(_, e)| panic!("locales/{lang}.ftl: {e:?}"));
    b.add_resource(res).unwrap_or_else(|e| panic!("locales/{lang}.ftl: {e:?}"));
    b
}

impl Catalog {
    pub fn load() -> Self {
        Catalog { en: bundle("en", EN), ja: bundle("ja", JA) }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }

    /// The message `key` in `lang`; the key itself if no language has it.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    pub fn t_count(&self, lang: Lang, key: &str, count: usize) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.format(lang, key, Some(&args))
    }

    /// The message `key` with numeric arguments: `[("pledges", 12)]`.
    pub fn t_args(&self, lang: Lang, key: &str, values: &[(&'static str, i64)]) -> String {
        let mut args = FluentArgs::new();
        for (name, v) in values {
            args.set(*name, FluentValue::from(*v));
        }
        self.format(lang, key, Some(&args))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, Lang::En] {
            let b = self.bundle(l);
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text: Cow<str> = b.format_pattern(pattern, args, &mut errors);
                return text.into_owned();
            }
        }
        key.to_owned()
    }

    /// Every key of a language's file, for the consistency test.
    #[cfg(test)]
    fn keys(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '.', '*', '[', '}']) && l.contains(" ="))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let en = Catalog::keys(EN);
        let ja = Catalog::keys(JA);
        assert!(en.len() > 40, "{}", en.len());
        assert_eq!(en.difference(&ja).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in ja.ftl");
        assert_eq!(ja.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in en.ftl");
    }

    #[test]
    fn translates_and_counts() {
        let c = Catalog::load();
        assert_eq!(c.t(Lang::En, "nav-home"), "Home");
        assert_eq!(c.t(Lang::Ja, "nav-home"), "ホーム");
        assert_eq!(c.t_count(Lang::En, "commitments-count", 1), "1 commitment");
        assert_eq!(c.t_count(Lang::En, "commitments-count", 3), "3 commitments");
        assert_eq!(c.t_count(Lang::Ja, "commitments-count", 3), "コミットメント 3件");
        assert_eq!(c.t(Lang::Ja, "no-such-key"), "no-such-key");
    }
}
