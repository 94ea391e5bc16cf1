//! What PDF extraction leaves on every page and a reader skips: the
//! footnote legend of abbreviations and the page numbers. The first legend
//! is kept: it is how agencies named by abbreviation become organisations.

use crate::Warning;
use crate::lines::Line;

/// The lines of the body, with the legend read out of them.
#[derive(Debug)]
pub struct Stripped<'a> {
    pub lines: Vec<Line<'a>>,
    pub legend: Vec<(String, String)>,
    pub warnings: Vec<Warning>,
}

/// The longest a legend block may run before we stop believing it is one.
const MAX_LEGEND_LINES: usize = 8;

pub(super) fn is_page_number(text: &str) -> bool {
    text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The lines of a legend block starting at `i`, if one starts there.
fn legend_block(lines: &[Line<'_>], i: usize) -> Option<usize> {
    let first = lines[i].text.strip_prefix("* ")?;
    if !first.contains(" (") {
        return None;
    }
    let mut depth = 0i32;
    for (n, line) in lines[i..].iter().take(MAX_LEGEND_LINES).enumerate() {
        for c in line.text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
        if depth == 0 && line.text.ends_with(')') {
            return Some(n + 1);
        }
    }
    None
}

/// Reads `ABBR (Full Name), ABBR (Full Name), ...`.
pub fn parse_legend(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = text.trim_start_matches("* ").trim();
    while let Some(open) = rest.find(" (") {
        let abbr = rest[..open].trim().trim_start_matches(',').trim();
        let after = &rest[open + 2..];
        let Some(close) = after.find(')') else { break };
        let name = after[..close].split_whitespace().collect::<Vec<_>>().join(" ");
        if !abbr.is_empty() && abbr.chars().all(|c| c.is_ascii_uppercase()) {
            pairs.push((abbr.to_owned(), name));
        }
        rest = &after[close + 1..];
    }
    pairs
}

/// Headings of the appendix of the consolidated report pledgebook itself
/// typesets (`pledgebook_publish::report`): what follows the first of them
/// is no measure's text. Its "Abbreviations" table is the legend.
const APPENDIX: [&str; 3] = ["Measures without results in ", "Who does what", "Abbreviations"];

fn is_abbreviation(t: &str) -> bool {
    (2..=8).contains(&t.len()) && t.chars().all(|c| c.is_ascii_uppercase())
}

/// The rows of an abbreviation table: `NPA National Police Agency` on one
/// line, or (a table read column by column) every abbreviation, then every name.
fn table_legend(lines: &[Line<'_>]) -> Vec<(String, String)> {
    let abbrs = lines.iter().take_while(|l| is_abbreviation(l.text)).count();
    if abbrs > 0 && lines.len() >= 2 * abbrs {
        return (0..abbrs).map(|i| (lines[i].text.to_owned(), lines[abbrs + i].text.to_owned())).collect();
    }
    lines
        .iter()
        .filter_map(|l| l.text.split_once(' ').filter(|(a, _)| is_abbreviation(a)))
        .map(|(a, n)| (a.to_owned(), n.trim().to_owned()))
        .collect()
}

pub fn strip<'a>(lines: &[Line<'a>]) -> Stripped<'a> {
    let mut out = Stripped { lines: Vec::with_capacity(lines.len()), legend: Vec::new(), warnings: Vec::new() };
    let mut i = 0;
    let appendix = lines.iter().position(|l| APPENDIX.iter().any(|h| l.text.starts_with(h) && l.text.len() < 60));
    let (lines, appendix) = match appendix {
        Some(at) => (&lines[..at], &lines[at..]),
        None => (lines, &lines[lines.len()..]),
    };
    if let Some(at) = appendix.iter().position(|l| l.text == "Abbreviations") {
        out.legend = table_legend(&appendix[at + 1..]);
    }
    while i < lines.len() {
        if is_page_number(lines[i].text) {
            i += 1;
            continue;
        }
        if let Some(n) = legend_block(lines, i) {
            let text = lines[i..i + n].iter().map(|l| l.text).collect::<Vec<_>>().join(" ");
            let pairs = parse_legend(&text);
            if out.legend.is_empty() {
                out.legend = pairs;
            } else if pairs != out.legend {
                out.warnings.push(Warning::notice(
                    lines[i].no,
                    "this page's abbreviation legend differs from the first one; the first is used",
                ));
            }
            i += n;
            continue;
        }
        out.lines.push(lines[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::content_lines;

    const PAGE: &str = "text before\n\n* NPA (National Police Agency), MIC (Ministry of Internal Affairs and \n\nCommunications), MEXT (Ministry of Education, Culture, \nSports, Science and Technology) \n\n 27 \n\ntext after\n";

    #[test]
    fn removes_the_legend_and_page_numbers_and_reads_the_legend() {
        let lines = content_lines(PAGE);
        let s = strip(&lines);
        let kept: Vec<_> = s.lines.iter().map(|l| (l.no, l.text)).collect();
        assert_eq!(kept, [(1, "text before"), (10, "text after")]);
        assert_eq!(
            s.legend,
            [
                ("NPA".into(), "National Police Agency".into()),
                ("MIC".into(), "Ministry of Internal Affairs and Communications".into()),
                ("MEXT".into(), "Ministry of Education, Culture, Sports, Science and Technology".into()),
            ]
        );
    }

    #[test]
    fn an_unclosed_star_line_is_text_not_a_legend() {
        let lines =
            content_lines("* Note (this runs on\nand on\nand on\nand on\nand on\nand on\nand on\nand on\nand on\n");
        assert_eq!(strip(&lines).lines.len(), 9);
    }
}
