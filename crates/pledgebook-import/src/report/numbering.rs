//! The numbering styles of report headings, by name, so a layout profile
//! says `numbering = "paren-decimal"` instead of writing a pattern. Every
//! style reads full-width forms too (`（１）`, `１．`), as Japanese
//! documents write them.

use serde::Deserialize;

use super::roman;
use crate::Warning;

/// How the headings of one level are numbered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Numbering {
    /// `1. Title`
    DecimalDot,
    /// `1.2 Title` (pillar 1, measure 2), or `1.2. Title`
    DecimalNested,
    /// `(1) Title`, `（１）Title`
    ParenDecimal,
    /// `(ii) Title`
    ParenRoman,
    /// `① Title`
    Circled,
    /// `１　Title`: a number, then an ideographic space or a full-width digit's space
    DigitSpace,
    /// `Action 3: Title`, `Commitment 2. Title`, `第１ Title`: one of the words, then a number
    Prefixed(Vec<String>),
}

/// A heading read off a line: its number (and, for nested numbers, the
/// number of its parent), the numeral as printed, and the rest of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading<'a> {
    pub parent: Option<u32>,
    pub value: u32,
    pub printed: String,
    pub rest: &'a str,
}

/// Full-width digits, parentheses, period and colon as ASCII, for matching.
pub fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        '．' => '.',
        '：' => ':',
        '　' => ' ',
        c => c,
    }
}

/// The leading digits of `s` (ASCII or full-width): their value and the byte length.
fn digits(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let d = fold(c);
        if !d.is_ascii_digit() || len >= 9 {
            break;
        }
        value = value * 10 + (d as u32 - '0' as u32);
        len += c.len_utf8();
    }
    (len > 0).then_some((value, len))
}

/// `s` without a leading `c` (or its full-width form).
fn strip(s: &str, c: char) -> Option<&str> {
    let first = s.chars().next()?;
    (fold(first) == c).then(|| &s[first.len_utf8()..])
}

/// The title after a numeral: white space (any width) trimmed; none if
/// empty or starting in lower case (a sentence that begins with a number).
fn title(rest: &str) -> Option<&str> {
    let t = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '　').trim_end();
    (!t.is_empty() && !t.starts_with(char::is_lowercase)).then_some(t)
}

impl Numbering {
    /// The heading `line` starts with, in this style.
    pub fn read<'a>(&self, line: &'a str) -> Option<Heading<'a>> {
        match self {
            Numbering::DecimalDot => {
                let (value, len) = digits(line)?;
                let rest = strip(&line[len..], '.')?;
                if digits(rest).is_some() || !rest.starts_with([' ', '　']) {
                    return None;
                }
                Some(Heading { parent: None, value, printed: value.to_string(), rest: title(rest)? })
            }
            Numbering::DecimalNested => {
                let (parent, len) = digits(line)?;
                let after = strip(&line[len..], '.')?;
                let (value, len2) = digits(after)?;
                let rest = &after[len2..];
                let rest = strip(rest, '.').unwrap_or(rest);
                if !rest.starts_with([' ', '　']) {
                    return None;
                }
                Some(Heading { parent: Some(parent), value, printed: value.to_string(), rest: title(rest)? })
            }
            Numbering::ParenDecimal => {
                let inner = strip(line, '(')?;
                let (value, len) = digits(inner)?;
                let rest = strip(&inner[len..], ')')?;
                Some(Heading { parent: None, value, printed: value.to_string(), rest: title(rest)? })
            }
            Numbering::ParenRoman => {
                let inner = strip(line, '(')?;
                let close = inner.find([')', '）'])?;
                let value = roman::value(&inner[..close])?;
                let rest = &inner[close..];
                let rest = strip(rest, ')')?;
                Some(Heading { parent: None, value, printed: inner[..close].to_owned(), rest: title(rest)? })
            }
            Numbering::Circled => {
                let c = line.chars().next()?;
                let value = match c {
                    '①'..='⑳' => c as u32 - '①' as u32 + 1,
                    _ => return None,
                };
                Some(Heading { parent: None, value, printed: value.to_string(), rest: title(&line[c.len_utf8()..])? })
            }
            Numbering::DigitSpace => {
                let (value, len) = digits(line)?;
                let rest = &line[len..];
                let full_width = line.starts_with(|c: char| ('０'..='９').contains(&c));
                if !(rest.starts_with('　') || (full_width && rest.starts_with(' '))) {
                    return None;
                }
                Some(Heading { parent: None, value, printed: value.to_string(), rest: title(rest)? })
            }
            Numbering::Prefixed(words) => {
                let rest = words.iter().find_map(|w| line.strip_prefix(w.as_str()))?;
                let rest = rest.trim_start_matches([' ', '　']);
                let (value, len) = digits(rest)?;
                let rest = &rest[len..];
                let rest = strip(rest, ':').or_else(|| strip(rest, '.')).unwrap_or(rest);
                if !rest.starts_with([' ', '　']) && !rest.is_empty() && !line.starts_with('第') {
                    return None;
                }
                Some(Heading { parent: None, value, printed: value.to_string(), rest: title(rest)? })
            }
        }
    }

    /// How the style prints number `n`, for messages: `(2)`, `1.2`, `②`.
    pub fn show(&self, parent: u32, n: u32) -> String {
        match self {
            Numbering::DecimalDot => format!("{n}."),
            Numbering::DecimalNested => format!("{parent}.{n}"),
            Numbering::ParenDecimal => format!("({n})"),
            Numbering::ParenRoman => format!("({})", roman::to_roman(n)),
            Numbering::Circled => char::from_u32('①' as u32 + n.saturating_sub(1)).map_or(n.to_string(), String::from),
            Numbering::DigitSpace => n.to_string(),
            Numbering::Prefixed(words) => format!("{} {n}", words.first().map_or("", String::as_str)),
        }
    }
}

/// A heading already read in the sequence being numbered: its number,
/// and where it stands (for a conflict's message: `1-(iii)` at line 41).
#[derive(Debug, Clone)]
pub struct Seen {
    pub value: u32,
    pub id: String,
    pub line: u32,
}

/// The warning for heading `n` at line `no`, if `n` does not follow `seen`
/// (the headings of its sequence so far). A jump or a number out of order
/// is a departure, and the heading is taken as printed; a number already
/// in the sequence (a repeat, or a restart at 1) is a conflict, since
/// importing would merge two records, and the heading is not taken.
/// `show` prints a number as the document does; `start` names where the
/// sequence begins ("pillar 2").
pub fn check(what: &str, show: &dyn Fn(u32) -> String, start: &str, seen: &[Seen], n: u32, no: u32) -> Option<Warning> {
    let last = seen.last().map_or(0, |s| s.value);
    if n == last + 1 {
        return None;
    }
    let after = if last == 0 { start.to_owned() } else { show(last) };
    if let Some(first) = seen.iter().find(|s| s.value == n) {
        let happens = if n == 1 { "restarts at" } else { "repeats" };
        return Some(Warning::conflict(
            no,
            format!(
                "{what} numbering {happens} {} after {after}: {} is already at line {}; \
                 correct the numbering in the file, since importing would merge the two",
                show(n),
                first.id,
                first.line
            ),
        ));
    }
    let message = if n > last + 1 {
        let missing: Vec<String> = (last + 1..n).map(show).collect();
        format!(
            "{what} numbering jumps from {after} to {}: {} missing; if it is a misprint, correct it in the file, \
             if they really are missing, import with --accept-warnings",
            show(n),
            missing.join(", ")
        )
    } else {
        format!(
            "{what} {} comes after {after}, out of order; correct the file, or import with --accept-warnings",
            show(n)
        )
    };
    Some(Warning::departure(no, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(n: &Numbering, line: &str) -> Option<(Option<u32>, u32, String)> {
        n.read(line).map(|h| (h.parent, h.value, h.rest.to_owned()))
    }

    #[test]
    fn each_style_reads_its_headings_and_no_others() {
        assert_eq!(read(&Numbering::DecimalDot, "3. Protection"), Some((None, 3, "Protection".into())));
        assert_eq!(read(&Numbering::DecimalDot, "3.1 Protection"), None);
        assert_eq!(read(&Numbering::DecimalDot, "2018. was a year"), None, "a title starts with no lower-case letter");
        assert_eq!(read(&Numbering::DecimalNested, "1.12 Awareness"), Some((Some(1), 12, "Awareness".into())));
        assert_eq!(read(&Numbering::DecimalNested, "1. Awareness"), None);
        assert_eq!(
            read(&Numbering::ParenDecimal, "（１２）学校における啓発"),
            Some((None, 12, "学校における啓発".into()))
        );
        assert_eq!(read(&Numbering::ParenRoman, "(xiv) Support"), Some((None, 14, "Support".into())));
        assert_eq!(read(&Numbering::Circled, "③オンライン講座"), Some((None, 3, "オンライン講座".into())));
        assert_eq!(read(&Numbering::DigitSpace, "２　保護と支援"), Some((None, 2, "保護と支援".into())));
        assert_eq!(read(&Numbering::DigitSpace, "2020 results"), None);
        let prefixed = Numbering::Prefixed(vec!["Action".into(), "Commitment".into(), "第".into()]);
        assert_eq!(read(&prefixed, "Action 3: Train inspectors"), Some((None, 3, "Train inspectors".into())));
        assert_eq!(read(&prefixed, "Commitment 2. Prevention"), Some((None, 2, "Prevention".into())));
        assert_eq!(read(&prefixed, "第２　保護"), Some((None, 2, "保護".into())));
        assert_eq!(read(&prefixed, "Actions were taken"), None);
    }

    #[test]
    fn numbers_are_shown_as_the_style_prints_them() {
        assert_eq!(Numbering::ParenRoman.show(1, 4), "(iv)");
        assert_eq!(Numbering::Circled.show(1, 2), "②");
        assert_eq!(Numbering::DecimalNested.show(3, 2), "3.2");
    }
}
