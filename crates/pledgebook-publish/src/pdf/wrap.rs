//! Breaking a paragraph into lines that fit a width. English breaks after
//! spaces and hyphens; Japanese may break between any two characters,
//! except before closing punctuation (、。」) or after opening brackets
//! (「（), the line-breaking rules Japanese typesetting calls kinsoku.

/// Never at the start of a line.
const NO_BREAK_BEFORE: &str = "、。，．・：；？！ー）」』】〕〉》’”ぁぃぅぇぉっゃゅょァィゥェォッャュョ々,.;:!?)]%";
/// Never at the end of a line.
const NO_BREAK_AFTER: &str = "（「『【〔〈《‘“([";

/// Characters set one em wide, between which Japanese text may break.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF     // CJK punctuation, hiragana, katakana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF00..=0xFFEF) // full-width forms
}

/// Japanese fonts set curly quotes one em wide, which leaves gaps in
/// English; a paragraph with no Japanese in it gets straight quotes.
pub fn latin_quotes(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_wide) || !text.contains(['\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}']) {
        return text.into();
    }
    text.replace(['\u{2018}', '\u{2019}'], "'").replace(['\u{201C}', '\u{201D}'], "\"").into()
}

fn can_break(a: char, b: char) -> bool {
    if b.is_whitespace() || NO_BREAK_BEFORE.contains(b) || NO_BREAK_AFTER.contains(a) {
        return false;
    }
    a.is_whitespace() || (a == '-' && b.is_alphanumeric()) || is_wide(a) || is_wide(b)
}

/// Pieces of `text` that are never broken inside (unless one alone is wider than a line).
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev
            && can_break(p, c)
        {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Greedy line filling; `width_of` measures a string. Each line comes
/// without its trailing spaces; a `\n` in `text` always breaks.
pub fn wrap(text: &str, max: f32, width_of: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for piece in pieces(paragraph.trim()) {
            let candidate = format!("{line}{piece}");
            if line.is_empty() || width_of(candidate.trim_end()) <= max {
                line = candidate;
            } else {
                lines.push(line.trim_end().to_owned());
                line = piece.trim_start().to_owned();
            }
            // A piece wider than a whole line (a long address) is cut where it must be.
            while width_of(line.trim_end()) > max && line.chars().count() > 1 {
                let mut cut = String::new();
                for c in line.chars() {
                    if !cut.is_empty() && width_of(&format!("{cut}{c}")) > max {
                        break;
                    }
                    cut.push(c);
                }
                line = line[cut.len()..].to_owned();
                lines.push(cut);
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide.
    fn count(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn english_breaks_between_words() {
        let lines = wrap("Internet Safety Classes for parents and guardians", 20.0, &count);
        assert_eq!(lines, ["Internet Safety", "Classes for parents", "and guardians"]);
        assert!(lines.iter().all(|l| count(l) <= 20.0));
    }

    #[test]
    fn japanese_breaks_between_characters_but_not_before_closing_punctuation() {
        let lines = wrap("子供の性被害防止プラン。実施状況", 8.0, &count);
        assert_eq!(lines, ["子供の性被害防止", "プラン。実施状況"]);
        // 。 may not start a line: it goes with the character before it.
        let lines = wrap("子供の性被害防止。プラン", 8.0, &count);
        assert_eq!(lines, ["子供の性被害防", "止。プラン"]);
    }

    #[test]
    fn mixed_text_and_hyphens() {
        assert_eq!(wrap("awareness-raising campaigns", 12.0, &count), ["awareness-", "raising", "campaigns"]);
        // 「 stays with what follows it, 」 with what precedes it.
        assert_eq!(wrap("「学習会」を開く", 4.0, &count), ["「学習", "会」を開", "く"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        let lines = wrap("see https://example.org/a/very/long/address", 10.0, &count);
        assert!(lines.iter().all(|l| count(l) <= 10.0), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), "seehttps://example.org/a/very/long/address");
    }

    #[test]
    fn english_gets_straight_quotes_and_japanese_keeps_its_own() {
        assert_eq!(latin_quotes("a \u{201C}JK business\u{201D} isn\u{2019}t"), "a \"JK business\" isn't");
        assert_eq!(latin_quotes("\u{201C}学習会\u{201D}"), "\u{201C}学習会\u{201D}");
    }

    #[test]
    fn newlines_break_and_empty_text_is_one_empty_line() {
        assert_eq!(wrap("a\nb", 10.0, &count), ["a", "b"]);
        assert_eq!(wrap("", 10.0, &count), [""]);
    }
}
