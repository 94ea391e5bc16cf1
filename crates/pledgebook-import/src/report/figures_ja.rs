//! Figures in Japanese text: 「約３６万人」 → 360,000 persons, approximately;
//! 「延べ１，２００回」 → 1,200 times, counted per occasion; 「５０校以上」 →
//! 50 schools, at least. Full-width digits and commas, and the 万 / 億 / 千
//! multipliers, are read; a number becomes a figure only with a counter
//! after it (人, 件, 回, 校, ...), so years, dates and ordinals (第２回) are not.

use super::model::Figure;
use super::numbering::fold;

/// Counters, longest first, and the English unit each counts.
const COUNTERS: [(&str, &str); 18] = [
    ("市区町村", "municipalities"),
    ("市町村", "municipalities"),
    ("都道府県", "prefectures"),
    ("事業所", "establishments"),
    ("団体", "organisations"),
    ("世帯", "households"),
    ("か所", "places"),
    ("箇所", "places"),
    ("カ所", "places"),
    ("人", "persons"),
    ("名", "persons"),
    ("件", "cases"),
    ("回", "times"),
    ("校", "schools"),
    ("社", "companies"),
    ("部", "copies"),
    ("枚", "sheets"),
    ("円", "yen"),
];

/// A number at the start of `s`: its value and the bytes it takes, with
/// full-width digits, commas and a decimal point, and 万 / 億 / 千 after it.
fn number(s: &str) -> Option<(f64, usize)> {
    let mut digits = String::new();
    let mut len = 0;
    for c in s.chars() {
        let f = fold(c);
        match f {
            '0'..='9' | '.' => digits.push(f),
            ',' | '，' | '、'
                if !digits.is_empty() && s[len + c.len_utf8()..].starts_with(|d: char| fold(d).is_ascii_digit()) =>
            {
                if f == '、' {
                    break;
                }
            }
            _ => break,
        }
        len += c.len_utf8();
    }
    let mut value: f64 = digits.trim_end_matches('.').parse().ok()?;
    for (unit, times) in [("億", 1e8), ("万", 1e4), ("千", 1e3)] {
        if let Some(rest) = s[len..].strip_prefix(unit) {
            value *= times;
            len = s.len() - rest.len();
        }
    }
    Some((value, len))
}

pub fn extract(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let c = rest.chars().next().expect("not at the end");
        let starts = fold(c).is_ascii_digit() && !text[..at].ends_with(|p: char| fold(p).is_ascii_digit() || p == '.');
        if !starts {
            at += c.len_utf8();
            continue;
        }
        let Some((value, len)) = number(rest) else {
            at += c.len_utf8();
            continue;
        };
        let after = &rest[len..];
        let counter = COUNTERS.iter().find(|(k, _)| after.starts_with(k));
        let before = &text[..at];
        let ordinal = before.ends_with('第');
        if let (Some((k, unit)), false) = (counter, ordinal) {
            let mut qualifier = None;
            let mut start = at;
            for (word, q) in [("約", "approximately"), ("およそ", "approximately"), ("延べ", "counted per occasion")]
            {
                if text[..start].ends_with(word) {
                    qualifier = Some(q);
                    start -= word.len();
                }
            }
            let mut end = at + len + k.len();
            for (word, q) in [("以上", "at least"), ("超", "more than"), ("余り", "more than")] {
                if text[end..].starts_with(word) {
                    qualifier = Some(q);
                    end += word.len();
                }
            }
            out.push(Figure {
                value,
                text: text[start..end].to_owned(),
                unit: (*unit).to_owned(),
                qualifier: qualifier.map(str::to_owned),
            });
            at = end;
        } else {
            at += len.max(c.len_utf8());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<(f64, String, String, Option<String>)> {
        extract(text).into_iter().map(|f| (f.value, f.text, f.unit, f.qualifier)).collect()
    }

    #[test]
    fn reads_counters_multipliers_and_qualifiers() {
        assert_eq!(
            figs("約３６万人の保護者に周知した。"),
            [(360_000.0, "約３６万人".into(), "persons".into(), Some("approximately".into()))]
        );
        assert_eq!(
            figs("延べ１，２００回の講座を、５０校以上で実施した。"),
            [
                (1200.0, "延べ１，２００回".into(), "times".into(), Some("counted per occasion".into())),
                (50.0, "５０校以上".into(), "schools".into(), Some("at least".into())),
            ]
        );
        assert_eq!(figs("2,602件"), [(2602.0, "2,602件".into(), "cases".into(), None)]);
        assert_eq!(figs("1.5万部を配布"), [(15_000.0, "1.5万部".into(), "copies".into(), None)]);
    }

    #[test]
    fn years_dates_and_ordinals_are_not_figures() {
        assert!(figs("令和２年度の第３回会議を２０２０年４月１日に開催した。").is_empty());
    }
}
