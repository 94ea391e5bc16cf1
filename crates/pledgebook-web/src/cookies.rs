//! Reading the `Cookie` header and writing `Set-Cookie`: the three cookies
//! pledgebook uses (session, CSRF token, language) need no more than this.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The value of cookie `name` in the request, if present.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value. Every cookie is `HttpOnly` and `SameSite=Lax`.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, "a=1; pb_lang=ja; b=2".parse().unwrap());
        assert_eq!(get(&h, "pb_lang"), Some("ja"));
        assert_eq!(get(&h, "pb"), None);
    }
}
