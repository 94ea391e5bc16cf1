//! Which language to answer in: `?lang=` first (the visible switch), then
//! the `pb_lang` cookie it leaves, then the browser's `Accept-Language`.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use pledgebook_core::Lang;

pub const COOKIE: &str = "pb_lang";

/// The `lang` parameter of a query string, if it names a language we speak.
pub fn from_query(query: Option<&str>) -> Option<Lang> {
    query?.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == "lang").and_then(|(_, v)| Lang::parse(v))
}

/// The preferred language we speak, by the q-values of `Accept-Language`.
pub fn from_accept_language(headers: &HeaderMap) -> Option<Lang> {
    let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(Lang::parse) else {
            continue;
        };
        let q = parts.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
    from_query(query)
        .or_else(|| crate::cookies::get(headers, COOKIE).and_then(Lang::parse))
        .or_else(|| from_accept_language(headers))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, v.parse().unwrap());
        h
    }

    #[test]
    fn picks_the_highest_quality_language_we_speak() {
        assert_eq!(from_accept_language(&accept("ja")), Some(Lang::Ja));
        assert_eq!(from_accept_language(&accept("fr-FR,ja;q=0.5,en;q=0.9")), Some(Lang::En));
        assert_eq!(from_accept_language(&accept("fr, de")), None);
        assert_eq!(from_accept_language(&accept("en;q=0, ja;q=0.1")), Some(Lang::Ja));
    }

    #[test]
    fn the_switch_beats_the_cookie_beats_the_browser() {
        let mut h = accept("en");
        h.insert(axum::http::header::COOKIE, "pb_lang=ja".parse().unwrap());
        assert_eq!(negotiate(None, &h), Lang::Ja);
        assert_eq!(negotiate(Some("x=1&lang=en"), &h), Lang::En);
        assert_eq!(negotiate(None, &HeaderMap::new()), Lang::En);
    }
}
