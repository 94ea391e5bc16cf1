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

/// The words a document uses, lower-cased, hyphenated forms included.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

impl Vocabulary {
    pub fn of(text: &str) -> Self {
        let words = text
            .split(|c: char| !is_word_char(c))
            .filter(|w| w.len() > 1 && !w.ends_with('-') && !w.starts_with('-'))
            .map(str::to_lowercase)
            .collect();
        Vocabulary { words }
    }

    fn knows(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

/// Joins `next` onto `out` as the continuation of the same paragraph.
pub fn join_line(out: &mut String, next: &str, vocab: &Vocabulary) {
    if out.is_empty() {
        out.push_str(next);
        return;
    }
    if out.ends_with('-') && next.starts_with(char::is_lowercase) {
        let body = &out[..out.len() - 1];
        let head_start =
            body.char_indices().rev().find(|(_, c)| !is_word_char(*c)).map_or(0, |(i, c)| i + c.len_utf8());
        let head = &body[head_start..];
        let tail_end = next.find(|c: char| !is_word_char(c)).unwrap_or(next.len());
        let tail = &next[..tail_end];
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
    out.push(' ');
    out.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_real_hyphens_and_mends_broken_words() {
        let vocab = Vocabulary::of("awareness-raising and exploitation of children");
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
