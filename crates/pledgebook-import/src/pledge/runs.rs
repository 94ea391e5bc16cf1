//! Pages copied from a browser often lose their line breaks: "Read full
//! pledge On the pledge: We will ..." on one line. Before a pledge is read,
//! every marker (a label, "pledges to", the site's furniture) that was run
//! together with other text is put on a line of its own.

use super::{BOILERPLATE, LABELS, PLEDGES_TO, is_pledges_to};

/// The same letter, ignoring case and the form of the apostrophe.
fn same_char(a: char, b: char) -> bool {
    let fold = |c: char| if matches!(c, '’' | '‘' | 'ʼ') { '\'' } else { c };
    fold(a).to_lowercase().eq(fold(b).to_lowercase())
}

/// Where `needle` starts in `hay` and the byte after it ends, ignoring
/// case and apostrophe forms, at a word boundary.
fn find_phrase(hay: &str, needle: &str) -> Option<(usize, usize)> {
    for (i, _) in hay.char_indices() {
        if hay[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut h = hay[i..].char_indices();
        let mut end = i;
        let matched = needle.chars().all(|n| match h.next() {
            Some((j, c)) if same_char(c, n) => {
                end = i + j + c.len_utf8();
                true
            }
            _ => false,
        });
        if matched && !hay[end..].starts_with(char::is_alphanumeric) {
            return Some((i, end));
        }
    }
    None
}

/// The first marker in a line a page's copy may have run together with
/// other text: a label written in title case and followed by `:`, a piece
/// of page furniture, or (only when `pledges_to`) "pledges to".
fn first_marker(line: &str, pledges_to: bool) -> Option<(usize, usize)> {
    let labels = LABELS.iter().filter_map(|(label, _)| {
        let (at, end) = find_phrase(line, label)?;
        let capital = line[at..].starts_with(char::is_uppercase);
        let colon = line[end..].trim_start().strip_prefix(':')?;
        capital.then_some((at, line.len() - colon.len()))
    });
    let furniture = BOILERPLATE.iter().filter_map(|b| find_phrase(line, b.trim_end_matches(['!', ' '])));
    let furniture = furniture.map(|(at, end)| {
        let rest = &line[end..];
        let bang = rest.len() - rest.trim_start_matches([' ', '!']).len();
        (at, end + bang)
    });
    let pledge = PLEDGES_TO.iter().filter(|_| pledges_to).filter_map(|p| find_phrase(line, p));
    labels.chain(furniture).chain(pledge).min_by_key(|(at, _)| *at)
}

/// The document's lines, with markers that were run together with text
/// (a page copied without its line breaks) put on lines of their own, each
/// piece keeping the number of the line it came from.
pub(super) fn split_runs(text: &str) -> Vec<(u32, String)> {
    let standalone = text.lines().any(is_pledges_to);
    let mut pledges_to = !standalone;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let no = i as u32 + 1;
        let mut rest = line.trim();
        if rest.is_empty() {
            out.push((no, String::new()));
            continue;
        }
        while let Some((at, end)) = first_marker(rest, pledges_to) {
            if at == 0 && end == rest.len() {
                break;
            }
            if PLEDGES_TO.iter().any(|p| find_phrase(&rest[at..end], p).is_some_and(|(a, e)| a == 0 && e == end - at)) {
                pledges_to = false;
            }
            for piece in [&rest[..at], &rest[at..end]] {
                if !piece.trim().is_empty() {
                    out.push((no, piece.trim().to_owned()));
                }
            }
            rest = rest[end..].trim();
        }
        if !rest.is_empty() {
            out.push((no, rest.to_owned()));
        }
    }
    out
}
