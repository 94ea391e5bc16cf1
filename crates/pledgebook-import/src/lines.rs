//! Lines of text with their 1-based numbers, and joining them back into
//! prose the way a reader would: hyphens at line ends are kept when the
//! document itself writes the hyphenated word, and dropped when it writes
//! the word whole.

use std::collections::HashSet;

/// One line of the source, trimmed, with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub no: u32,
    pub text: &'a str,
}

/// Every non-blank line, trimmed.
pub fn content_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line { no: i as u32 + 1, text: l.trim() })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// What a document says about the words its line-end hyphens could form:
/// for each line ending in `word-` followed by a line starting `rest`,
/// whether `wordrest` and `word-rest` stand elsewhere in the text. Built in
/// one pass over the text, looking only for those words.
#[derive(Debug, Default)]
pub struct Vocabulary {
    found: HashSet<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Bytes that can be part of a word: ASCII letters and digits, the hyphen,
/// and every byte of a non-ASCII character.
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'-' || c >= 0x80;
        b += 1;
    }
    t
};

/// The word before a final hyphen, and the word that starts the next line.
fn hyphen_parts<'a>(before: &'a str, next: &'a str) -> Option<(&'a str, &'a str)> {
    let body = before.strip_suffix('-')?;
    if !next.starts_with(char::is_lowercase) {
        return None;
    }
    let head_start = body.char_indices().rev().find(|(_, c)| !is_word_char(*c)).map_or(0, |(i, c)| i + c.len_utf8());
    let tail_end = next.find(|c: char| !is_word_char(c)).unwrap_or(next.len());
    Some((&body[head_start..], &next[..tail_end]))
}

impl Vocabulary {
    pub fn of(text: &str) -> Self {
        Self::of_lines(text, &content_lines(text))
    }

    /// The same, for a text already split by [`content_lines`].
    pub fn of_lines(text: &str, lines: &[Line<'_>]) -> Self {
        let mut wanted: HashSet<String> = HashSet::new();
        let mut prev = "";
        for line in lines.iter().map(|l| l.text) {
            if let Some((head, tail)) = hyphen_parts(prev, line) {
                wanted.insert(format!("{head}{tail}").to_lowercase());
                wanted.insert(format!("{head}-{tail}").to_lowercase());
            }
            prev = line;
        }
        let mut found = HashSet::new();
        if wanted.is_empty() {
            return Vocabulary { found };
        }
        // One pass over the bytes; only words as long as a wanted one are compared.
        let wanted: Vec<String> = wanted.into_iter().collect();
        let mut by_length: Vec<Vec<&str>> = Vec::new();
        for w in &wanted {
            if by_length.len() <= w.len() {
                by_length.resize(w.len() + 1, Vec::new());
            }
            by_length[w.len()].push(w);
        }
        for word in text.as_bytes().split(|b| !WORD_BYTES[usize::from(*b)]) {
            for w in by_length.get(word.len()).map_or(&[][..], Vec::as_slice) {
                if w.as_bytes().eq_ignore_ascii_case(word) {
                    found.insert((*w).to_owned());
                }
            }
        }
        Vocabulary { found }
    }

    fn knows(&self, word: &str) -> bool {
        !self.found.is_empty() && self.found.contains(&word.to_lowercase())
    }
}

/// Joins `next` onto `out` as the continuation of the same paragraph.
pub fn join_line(out: &mut String, next: &str, vocab: &Vocabulary) {
    if out.is_empty() {
        out.push_str(next);
        return;
    }
    if let Some((head, tail)) = hyphen_parts(out, next) {
        // "second- and later-born": a suspended hyphen keeps its space.
        if matches!(tail, "and" | "or" | "to") {
            out.push(' ');
            out.push_str(next);
            return;
        }
        let whole = format!("{head}{tail}");
        let hyphenated = format!("{head}-{tail}");
        if vocab.knows(&whole) && !vocab.knows(&hyphenated) {
            out.pop();
        }
        out.push_str(next);
        return;
    }
    // "e-" then "Net Caravan": a compound with a capital is never split by a space.
    let compound =
        out.strip_suffix('-').is_some_and(|b| b.ends_with(is_word_char)) && next.starts_with(char::is_uppercase);
    if !compound {
        out.push(' ');
    }
    out.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compound_with_a_capital_joins_without_a_space() {
        let vocab = Vocabulary::of("");
        let mut out = String::from("a course called \"e-");
        join_line(&mut out, "Net Caravan\"", &vocab);
        assert_eq!(out, "a course called \"e-Net Caravan\"");
        let mut out = String::from("Repeat mention 1 -");
        join_line(&mut out, "(ii): Internet", &vocab);
        assert_eq!(out, "Repeat mention 1 - (ii): Internet");
    }

    #[test]
    fn keeps_real_hyphens_and_mends_broken_words() {
        let vocab = Vocabulary::of(
            "awareness-raising and exploitation of children\npublic awareness-\nraising activities\nsexual exploi-\ntation of\n",
        );
        let mut s = String::from("public awareness-");
        join_line(&mut s, "raising activities", &vocab);
        assert_eq!(s, "public awareness-raising activities");
        let mut s = String::from("sexual exploi-");
        join_line(&mut s, "tation of", &vocab);
        assert_eq!(s, "sexual exploitation of");
        let mut s = String::from("the second-");
        join_line(&mut s, "and later", &vocab);
        assert_eq!(s, "the second- and later", "a suspended hyphen keeps its space");
        let mut s = String::from("victims of “self-");
        join_line(&mut s, "generated” material", &vocab);
        assert_eq!(s, "victims of “self-generated” material", "regression: a quote before the word");
    }

    #[test]
    fn numbers_lines_from_one_and_skips_blanks() {
        let lines = content_lines("a\n\n  b  \n");
        assert_eq!(lines, [Line { no: 1, text: "a" }, Line { no: 3, text: "b" }]);
    }
}
