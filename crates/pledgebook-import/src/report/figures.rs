//! Figures in a result's text: "2,602 public relations and awareness-raising
//! campaigns", "approximately 360,000 parents/guardians", "3.9 million
//! children", "149,300 yen". Years, dates, act and article numbers and phone
//! numbers are not figures.

use super::model::Figure;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Words before a number that make it a reference, not a quantity.
const REFERENCE_WORDS: [&str; 9] =
    ["no.", "article", "articles", "paragraph", "item", "act", "law", "chapter", "section"];
const QUALIFIERS: [(&str, &str); 9] = [
    ("approximately", "approximately"),
    ("approx.", "approximately"),
    ("about", "approximately"),
    ("around", "approximately"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("over", "more than"),
    ("than", "more than"),
    ("least", "at least"),
];
/// Words that end a unit phrase: prepositions, verbs, conjunctions.
const STOP_WORDS: [&str; 49] = [
    "in",
    "at",
    "on",
    "during",
    "from",
    "for",
    "by",
    "with",
    "to",
    "of",
    "into",
    "per",
    "across",
    "under",
    "through",
    "including",
    "such",
    "were",
    "was",
    "are",
    "is",
    "have",
    "has",
    "had",
    "attended",
    "using",
    "held",
    "conducted",
    "implemented",
    "received",
    "participated",
    "provided",
    "distributed",
    "produced",
    "issued",
    "published",
    "that",
    "which",
    "who",
    "where",
    "when",
    "as",
    "than",
    "etc",
    "so",
    "but",
    "while",
    "because",
    "if",
];
const MULTIPLIERS: [(&str, f64); 3] = [("thousand", 1e3), ("million", 1e6), ("billion", 1e9)];

/// A word of the text, without the punctuation around it.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    core: &'a str,
    /// Punctuation after the word ends a phrase: "persons," or "yen)".
    closes: bool,
    /// "(FY2018" opens an aside.
    opens: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .map(|raw| {
            let opens = raw.starts_with(['(', '“', '"']);
            let start = raw.trim_start_matches(['(', '“', '"', '‘']);
            let core = start.trim_end_matches([',', '.', ';', ':', ')', '”', '"', '’', '!', '?']);
            Word { core, closes: core.len() < start.len(), opens }
        })
        .collect()
}

/// The value of a number as written ("2,602", "3.9", "50%"), if it is one.
fn number(s: &str) -> Option<(f64, bool)> {
    let (digits, percent) = match s.strip_suffix('%') {
        Some(d) => (d, true),
        None => (s, false),
    };
    let first = digits.bytes().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    let mut groups = digits.split(',');
    let head = groups.next()?;
    let mut int = String::from(head);
    for g in groups {
        // Thousands separators group by three; "1,2" is not a number.
        if g.len() != 3 && !(g.len() > 3 && g.as_bytes()[3] == b'.') {
            return None;
        }
        int.push_str(g);
    }
    if int.bytes().any(|b| !(b.is_ascii_digit() || b == b'.')) || int.matches('.').count() > 1 || int.ends_with('.') {
        return None;
    }
    int.parse::<f64>().ok().map(|v| (v, percent))
}

fn lower(w: Option<&Word<'_>>) -> String {
    w.map(|w| w.core.to_lowercase()).unwrap_or_default()
}

pub fn extract(text: &str) -> Vec<Figure> {
    let words = words(text);
    let mut figures = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let Some((mut value, percent)) = number(w.core) else {
            i += 1;
            continue;
        };
        let prev = lower(i.checked_sub(1).map(|p| &words[p]));
        let next = lower(words.get(i + 1));
        let is_year =
            !w.core.contains(',') && !w.core.contains('.') && (1900.0..=2100.0).contains(&value) && w.core.len() == 4;
        let is_day = MONTHS.contains(&prev.as_str());
        let is_reference = REFERENCE_WORDS.contains(&prev.as_str()) || prev.starts_with('#');
        if is_year || is_day || is_reference || next.starts_with(['-', '–']) {
            i += 1;
            continue;
        }
        let mut text_end = i;
        if !w.closes
            && let Some((_, m)) = MULTIPLIERS.iter().find(|(name, _)| *name == next)
        {
            value *= m;
            text_end = i + 1;
        }
        let written: Vec<&str> = words[i..=text_end].iter().map(|w| w.core).collect();
        let qualifier = QUALIFIERS.iter().find(|(q, _)| *q == prev).map(|(_, q)| (*q).to_owned());
        let unit = if percent { "%".to_owned() } else { unit_after(&words, text_end) };
        if !unit.is_empty() {
            figures.push(Figure { value, text: written.join(" "), unit, qualifier });
        }
        i = text_end + 1;
    }
    figures
}

/// The words after a number that say what it counts.
fn unit_after(words: &[Word<'_>], number_at: usize) -> String {
    if words[number_at].closes {
        return String::new();
    }
    let mut unit: Vec<&str> = Vec::new();
    for (k, w) in words.iter().enumerate().skip(number_at + 1).take(6) {
        let lw = w.core.to_lowercase();
        let starts_number = number(w.core).is_some();
        let and_then_number = matches!(lw.as_str(), "and" | "or")
            && words
                .get(k + 1)
                .is_some_and(|n| number(n.core).is_some() || QUALIFIERS.iter().any(|(q, _)| *q == n.core));
        // After the first word, one ending in "-ed" is a verb: "witnesses testified".
        let verb = !unit.is_empty() && lw.len() > 4 && lw.ends_with("ed");
        let wordlike = w.core.starts_with(char::is_alphabetic);
        if w.opens || starts_number || and_then_number || verb || !wordlike || STOP_WORDS.contains(&lw.as_str()) {
            break;
        }
        unit.push(w.core);
        if w.closes {
            break;
        }
    }
    // A phrase does not end on a joining word.
    while unit.last().is_some_and(|w| matches!(*w, "and" | "or" | "the" | "a")) {
        unit.pop();
    }
    unit.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<(f64, String, String, Option<String>)> {
        extract(text).into_iter().map(|f| (f.value, f.text, f.unit, f.qualifier)).collect()
    }

    #[test]
    fn reads_counts_with_their_units() {
        let got = figs(
            "(Between April and December 2018, 2,602 public relations and awareness-raising campaigns in commercial establishments and public spaces, 767 activities using mass media such as public information boards and websites, and 5 activities using social networking sites were conducted.)",
        );
        assert_eq!(
            got,
            [
                (2602.0, "2,602".into(), "public relations and awareness-raising campaigns".into(), None),
                (767.0, "767".into(), "activities".into(), None),
                (5.0, "5".into(), "activities".into(), None),
            ]
        );
    }

    #[test]
    fn reads_qualifiers_and_multipliers() {
        let got = figs(
            "implemented approximately 30,000 awareness-raising campaign activities (attended by approximately 360,000 parents/guardians and 3.9 million children) in juvenile",
        );
        assert_eq!(
            got,
            [
                (
                    30000.0,
                    "30,000".into(),
                    "awareness-raising campaign activities".into(),
                    Some("approximately".into())
                ),
                (360000.0, "360,000".into(), "parents/guardians".into(), Some("approximately".into())),
                (3_900_000.0, "3.9 million".into(), "children".into(), None),
            ]
        );
        assert_eq!(
            figs("(FY2018: 128 classes attended by 12,252 persons)."),
            [(128.0, "128".into(), "classes".into(), None), (12252.0, "12,252".into(), "persons".into(), None)]
        );
        assert_eq!(figs("a total of 149,300 yen was paid"), [(149300.0, "149,300".into(), "yen".into(), None)]);
        assert_eq!(figs("317 witnesses testified via video"), [(317.0, "317".into(), "witnesses".into(), None)]);
    }

    #[test]
    fn years_dates_references_and_phone_numbers_are_not_figures() {
        for text in [
            "The Conference was held on April 23, 2018.",
            "In FY2018, the plan continued in 2019",
            "under Article 7 of Act No. 52 of 1999",
            "call #8103 or 0120-000-000 any time",
            "ranked 1st",
            "Repeat mention 1 – (x): Implementation",
        ] {
            assert_eq!(figs(text), [], "{text}");
        }
    }
}
