//! The parenthesis that closes a plan or a result and says who is
//! responsible: `(National Police Agency, Cabinet Office, and Ministry of
//! Justice)` for a plan, `(NPA)`, `(MIC and MEXT)` or `(Ministry of Foreign
//! Affairs: MOFA)` for a result. Names with commas in them ("Ministry of
//! Health, Labour and Welfare") are read with the document's own legend.

/// One body in an attribution, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A full name: "National Police Agency".
    Name(String),
    /// An abbreviation: "NPA".
    Abbr(String),
    /// "Ministry of Foreign Affairs: MOFA".
    NameAbbr(String, String),
    /// A phrase standing for bodies: "other related bodies".
    Phrase(String),
}

/// The names an attribution may contain, longest first.
#[derive(Debug)]
pub struct Known {
    names: Vec<String>,
    legend: Vec<(String, String)>,
}

const PHRASES: [&str; 4] = [
    "other related bodies",
    "other related ministries and agencies",
    "related ministries and agencies",
    "other relevant ministries",
];
const CONNECTORS: [&str; 6] = ["of", "and", "for", "the", "on", "in"];

impl Known {
    pub fn new(legend: &[(String, String)]) -> Self {
        let mut names: Vec<String> = legend.iter().map(|(_, n)| n.clone()).collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Known { names, legend: legend.to_vec() }
    }

    pub fn abbreviation_of(&self, name: &str) -> Option<&str> {
        self.legend.iter().find(|(_, n)| n == name).map(|(a, _)| a.as_str())
    }

    pub fn name_of(&self, abbr: &str) -> Option<&str> {
        self.legend.iter().find(|(a, _)| a == abbr).map(|(_, n)| n.as_str())
    }
}

fn is_abbreviation(s: &str) -> bool {
    (2..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// An unknown name: capitalised words, with small connecting words between.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    !words.is_empty()
        && words.len() <= 10
        && words[0].starts_with(|c: char| c.is_ascii_uppercase())
        && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) || CONNECTORS.contains(w))
}

/// Reads the inside of a closing parenthesis as a list of bodies; `None`
/// when it is not one (an aside such as "(maximum of three years)").
pub fn parse(content: &str, known: &Known) -> Option<Vec<Body>> {
    let text = content.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rest = text.as_str();
    let mut bodies = Vec::new();
    loop {
        rest = rest.trim_start_matches([',', ' ']);
        rest = rest.strip_prefix("and ").unwrap_or(rest);
        if rest.is_empty() {
            break;
        }
        let (body, len) = next_body(rest, known)?;
        bodies.push(body);
        rest = &rest[len..];
        // What follows a body must be a separator or the end.
        if !(rest.is_empty() || rest.starts_with(',') || rest.starts_with(" and ")) {
            return None;
        }
    }
    // Capitalised words alone may be an aside ("(Japan Karaoke Box
    // Association)"); an attribution names at least one body we know.
    let knows_one = bodies.iter().any(|b| match b {
        Body::Name(n) => known.abbreviation_of(n).is_some(),
        Body::Abbr(a) => known.name_of(a).is_some(),
        Body::NameAbbr(..) | Body::Phrase(_) => true,
    });
    knows_one.then_some(bodies)
}

/// The body at the start of `s`, and how many bytes it took.
fn next_body(s: &str, known: &Known) -> Option<(Body, usize)> {
    for phrase in PHRASES {
        if s.starts_with(phrase) {
            return Some((Body::Phrase(phrase.to_owned()), phrase.len()));
        }
    }
    let name_len = known
        .names
        .iter()
        .find(|n| s.starts_with(n.as_str()) && !s[n.len()..].starts_with(|c: char| c.is_alphanumeric()))
        .map(String::len)
        .or_else(|| {
            let end = [s.find(','), s.find(" and "), s.find(':')].into_iter().flatten().min().unwrap_or(s.len());
            looks_like_name(&s[..end]).then_some(end)
        })?;
    let name = &s[..name_len];
    if let Some(after) = s[name_len..].strip_prefix(": ") {
        let end = after.find([',', ' ']).unwrap_or(after.len());
        let abbr = &after[..end];
        if is_abbreviation(abbr) {
            return Some((Body::NameAbbr(name.to_owned(), abbr.to_owned()), name_len + 2 + end));
        }
        return None;
    }
    if is_abbreviation(name) {
        return Some((Body::Abbr(name.to_owned()), name_len));
    }
    Some((Body::Name(name.to_owned()), name_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known::new(&[
            ("NPA".into(), "National Police Agency".into()),
            ("CAO".into(), "Cabinet Office".into()),
            ("MHLW".into(), "Ministry of Health, Labour and Welfare".into()),
            ("METI".into(), "Ministry of Economy, Trade and Industry".into()),
            ("MEXT".into(), "Ministry of Education, Culture, Sports, Science and Technology".into()),
        ])
    }

    fn names(v: Vec<Body>) -> Vec<String> {
        v.into_iter()
            .map(|b| match b {
                Body::Name(n) | Body::Abbr(n) | Body::Phrase(n) => n,
                Body::NameAbbr(n, a) => format!("{n}={a}"),
            })
            .collect()
    }

    #[test]
    fn reads_plan_attributions_with_commas_inside_names() {
        let got = parse(
            "National Police Agency, Ministry of Education, Culture, Sports, Science and Technology, and Ministry of Health, Labour and Welfare",
            &known(),
        )
        .unwrap();
        assert_eq!(
            names(got),
            [
                "National Police Agency",
                "Ministry of Education, Culture, Sports, Science and Technology",
                "Ministry of Health, Labour and Welfare"
            ]
        );
        let got = parse("Ministry of Health, Labour and Welfare, and other related bodies", &known()).unwrap();
        assert_eq!(names(got), ["Ministry of Health, Labour and Welfare", "other related bodies"]);
    }

    #[test]
    fn reads_result_attributions() {
        assert_eq!(names(parse("NPA", &known()).unwrap()), ["NPA"]);
        assert_eq!(names(parse("MIC and MEXT", &known()).unwrap()), ["MIC", "MEXT"]);
        assert_eq!(names(parse("METI, MIC, and MEXT", &known()).unwrap()), ["METI", "MIC", "MEXT"]);
        assert_eq!(names(parse("NPA, and Cabinet Office: CAO", &known()).unwrap()), ["NPA", "Cabinet Office=CAO"]);
        assert_eq!(
            names(parse("Ministry of Economy, Trade and Industry: METI", &known()).unwrap()),
            ["Ministry of Economy, Trade and Industry=METI"]
        );
        assert_eq!(
            names(parse("Ministry of Foreign Affairs: MOFA", &known()).unwrap()),
            ["Ministry of Foreign Affairs=MOFA"]
        );
    }

    #[test]
    fn asides_are_not_attributions() {
        for aside in [
            "Japan Karaoke Box Association, and All Japan Hotel and Ryokan Cooperative",
            "maximum of three years",
            "at the meeting of the Council",
            "FY2018: 128 classes attended by 12,252 persons",
            "e.g. NPA",
            "",
        ] {
            assert_eq!(parse(aside, &known()), None, "{aside}");
        }
    }
}
