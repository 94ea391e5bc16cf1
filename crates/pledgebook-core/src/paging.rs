//! Paging that is bounded by construction.
//!
//! A page number and a page size come from strangers' URLs, and both size
//! the work a request does (a search engine reserves room for every result
//! before the page asked for). [`Paging::parse`] is the only way to make a
//! [`Paging`], and it refuses anything outside the [`Limits`] of the list
//! with an error naming the parameter and the limit, so no handler can
//! compute an offset that overflows or reaches past the list's window.

use std::fmt;

/// How far a list may be paged by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The page size when none is asked for.
    pub default_size: u32,
    /// The largest page size a client may ask for.
    pub max_size: u32,
    /// The highest page number; with `max_size` it bounds how far into a
    /// list numbered pages reach.
    pub max_page: u32,
}

impl Limits {
    /// Full-text search: 20 hits a page, and the first 10,000 hits (as
    /// search engines commonly allow; narrow the query to see others).
    pub const SEARCH: Limits = Limits { default_size: 20, max_size: 20, max_page: 500 };

    /// API lists: 50 items a page, at most 200, paged by key (no page numbers).
    pub const API: Limits = Limits { default_size: 50, max_size: 200, max_page: 1 };

    /// Lists on the site's pages: 50 rows a page, paged by key.
    pub const PAGE: Limits = Limits { default_size: 50, max_size: 100, max_page: 1 };

    /// How many items numbered pages can reach at the most.
    pub fn window(&self) -> u64 {
        u64::from(self.max_size) * u64::from(self.max_page)
    }
}

/// A page of a list: its number (from 1) and size, both within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    number: u32,
    size: u32,
}

/// A paging parameter out of range; the message names it and its limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{param}` must be a whole number from 1 to {max} (got {got:?}){hint}")]
pub struct PagingError {
    pub param: &'static str,
    pub max: u32,
    pub got: String,
    hint: Hint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    None,
    Window(u64),
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hint::None => Ok(()),
            Hint::Window(n) => {
                write!(f, "; only the first {n} items can be reached by page number, so narrow the query")
            }
        }
    }
}

fn whole(param: &'static str, raw: &str, max: u32, hint: Hint) -> Result<u32, PagingError> {
    let err = || PagingError { param, max, got: raw.chars().take(40).collect(), hint };
    let n: u32 = raw.trim().parse().map_err(|_| err())?;
    if (1..=max).contains(&n) { Ok(n) } else { Err(err()) }
}

impl Paging {
    /// Reads `page` and `per_page` as a URL gives them (absent means the
    /// first page of the default size).
    pub fn parse(page: Option<&str>, per_page: Option<&str>, limits: Limits) -> Result<Paging, PagingError> {
        let size = match per_page {
            Some(raw) => whole("per_page", raw, limits.max_size, Hint::None)?,
            None => limits.default_size,
        };
        let number = match page {
            Some(raw) => whole("page", raw, limits.max_page, Hint::Window(limits.window()))?,
            None => 1,
        };
        Ok(Paging { number, size })
    }

    /// The first page of the default size.
    pub fn first(limits: Limits) -> Paging {
        Paging { number: 1, size: limits.default_size }
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    pub fn size(&self) -> u32 {
        self.size
    }

    /// How many items come before this page; within the list's window, so
    /// it cannot overflow.
    pub fn offset(&self) -> usize {
        (self.number as usize - 1) * self.size as usize
    }
}

/// A page of a list by key: the items after the record `after` (the last
/// one of the page before), at most `size` of them. It costs the same on
/// page 10,000 as on page 1, which numbered pages cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    after: Option<i64>,
    size: u32,
}

impl Cursor {
    /// Reads `after` and `per_page` as a URL gives them.
    pub fn parse(after: Option<&str>, per_page: Option<&str>, limits: Limits) -> Result<Cursor, PagingError> {
        let size = match per_page {
            Some(raw) => whole("per_page", raw, limits.max_size, Hint::None)?,
            None => limits.default_size,
        };
        let after = match after {
            Some(raw) => Some(i64::from(whole("after", raw, u32::MAX, Hint::None)?)),
            None => None,
        };
        Ok(Cursor { after, size })
    }

    pub fn first(limits: Limits) -> Cursor {
        Cursor { after: None, size: limits.default_size }
    }

    pub fn after(&self) -> Option<i64> {
        self.after
    }

    pub fn size(&self) -> u32 {
        self.size
    }

    /// The keyset the store pages by.
    pub fn keyset(&self) -> crate::store::Keyset {
        crate::store::Keyset::after(self.after, self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_parameters_give_the_first_page_of_the_default_size() {
        let p = Paging::parse(None, None, Limits::SEARCH).unwrap();
        assert_eq!((p.number(), p.size(), p.offset()), (1, 20, 0));
    }

    #[test]
    fn pages_within_the_window_are_taken() {
        let p = Paging::parse(Some("500"), None, Limits::SEARCH).unwrap();
        assert_eq!(p.offset(), 9_980);
        assert!(Paging::parse(Some("2"), None, Limits::API).is_err(), "API lists page by key");
    }

    #[test]
    fn a_huge_page_is_refused_naming_the_limit() {
        let e = Paging::parse(Some("1000000000000"), None, Limits::SEARCH).unwrap_err();
        assert_eq!(e.param, "page");
        assert_eq!(e.max, 500);
        assert!(e.to_string().contains("from 1 to 500"), "{e}");
        assert!(e.to_string().contains("first 10000 items"), "{e}");
    }

    #[test]
    fn zero_negative_and_words_are_refused() {
        for bad in ["0", "-1", "two", "", "1.5", "99999999999999999999999"] {
            assert!(Paging::parse(Some(bad), None, Limits::API).is_err(), "page={bad}");
            assert!(Paging::parse(None, Some(bad), Limits::API).is_err(), "per_page={bad}");
        }
        let e = Paging::parse(None, Some("201"), Limits::API).unwrap_err();
        assert_eq!((e.param, e.max), ("per_page", 200));
    }

    #[test]
    fn cursors_take_a_record_id_and_a_bounded_size() {
        let c = Cursor::parse(Some("500000"), Some("200"), Limits::API).unwrap();
        assert_eq!((c.after(), c.size()), (Some(500_000), 200));
        assert_eq!(Cursor::parse(None, None, Limits::API).unwrap(), Cursor::first(Limits::API));
        for bad in ["0", "-3", "x", "99999999999999"] {
            let e = Cursor::parse(Some(bad), None, Limits::API).unwrap_err();
            assert_eq!(e.param, "after", "{bad}");
        }
        assert_eq!(Cursor::parse(None, Some("1000"), Limits::API).unwrap_err().param, "per_page");
    }
}
