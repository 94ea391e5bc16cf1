//! Layout profiles: how a report that is not laid out like the reference
//! numbers its pillars, measures and results, where it names the bodies
//! responsible and the status of each measure, and the bodies it knows.
//! A secretariat writes one as a small TOML file (`--profile FILE`); three
//! are built in, and [`detect`] picks among them, saying why.

use serde::Deserialize;

use super::numbering::Numbering;

/// A layout profile, as its TOML file gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A short key: `decimal`, `actions`, `ja-jisshi`.
    pub name: String,
    /// What documents it reads, for people choosing one.
    pub description: String,
    /// The language of the text: `en` or `ja`.
    #[serde(default = "english")]
    pub lang: String,
    pub pillar: Level,
    pub measure: Level,
    /// How results under a measure are numbered, if they are (else each
    /// paragraph is one result).
    #[serde(default)]
    pub result: Option<Level>,
    #[serde(default)]
    pub responsible: Responsible,
    #[serde(default)]
    pub status: StatusWords,
    /// The bodies the report names, with their abbreviations.
    #[serde(default)]
    pub bodies: Vec<Body>,
}

fn english() -> String {
    "en".into()
}

/// One level of headings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub numbering: Numbering,
}

/// Where the bodies responsible for a measure (or a result) are named.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsible {
    /// Labels of a line of its own: `Lead:`, `Responsible:`, `担当府省庁：`.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Brackets closing a heading or a result: `()`, `（）`, `【】`.
    #[serde(default)]
    pub brackets: Vec<String>,
    /// What separates the bodies in a list: `,`, `、`, `・`.
    #[serde(default = "separators")]
    pub separators: Vec<String>,
}

fn separators() -> Vec<String> {
    vec![",".into(), "、".into(), "・".into(), ";".into()]
}

impl Default for Responsible {
    fn default() -> Self {
        Responsible { labels: Vec::new(), brackets: Vec::new(), separators: separators() }
    }
}

/// The status of a measure: on a labelled line, or a word in square
/// brackets (`[ongoing]`, `【実施中】`) closing its heading.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusWords {
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub completed: Vec<String>,
    #[serde(default)]
    pub ongoing: Vec<String>,
    #[serde(default)]
    pub delayed: Vec<String>,
    #[serde(default)]
    pub not_started: Vec<String>,
}

impl StatusWords {
    /// The status a word (or phrase) names: `completed`, `ongoing`, `delayed`, `not_started`.
    pub fn read(&self, word: &str) -> Option<&'static str> {
        let w = word.trim().trim_end_matches(['.', '。']).to_lowercase();
        [
            (&self.completed, "completed"),
            (&self.ongoing, "ongoing"),
            (&self.delayed, "delayed"),
            (&self.not_started, "not_started"),
        ]
        .into_iter()
        .find(|(words, _)| words.iter().any(|x| x.to_lowercase() == w))
        .map(|(_, s)| s)
    }
}

/// A body the report names: an abbreviation, its English name, and the
/// other names it goes by (its Japanese name).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub abbreviation: String,
    pub name: String,
    #[serde(default)]
    pub also: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{file}: {message}")]
    Toml { file: String, message: String },
    #[error("there is no built-in profile {0:?}; the built-in ones are reference, {1}")]
    Unknown(String, String),
}

const JAPAN_BODIES: &str = include_str!("profiles/bodies-japan.toml");

const BUILT_IN: [(&str, &str); 3] = [
    ("decimal", include_str!("profiles/decimal.toml")),
    ("actions", include_str!("profiles/actions.toml")),
    ("ja-jisshi", include_str!("profiles/ja-jisshi.toml")),
];

impl Profile {
    /// Reads a profile file; an error names the file, the line and the key.
    pub fn from_toml(file: &str, text: &str) -> Result<Profile, ProfileError> {
        toml::from_str(text).map_err(|e| ProfileError::Toml { file: file.to_owned(), message: e.to_string() })
    }

    /// The built-in profiles, each knowing the bodies of `profiles/bodies-japan.toml`.
    pub fn built_in() -> Vec<Profile> {
        #[derive(Deserialize)]
        struct Bodies {
            bodies: Vec<Body>,
        }
        let shared: Bodies = toml::from_str(JAPAN_BODIES).expect("the built-in body list parses");
        BUILT_IN
            .iter()
            .map(|(name, text)| {
                let mut p = Profile::from_toml(name, text).expect("built-in profiles parse");
                p.bodies.extend(shared.bodies.iter().cloned());
                p
            })
            .collect()
    }

    /// A built-in profile by name.
    pub fn named(name: &str) -> Result<Profile, ProfileError> {
        Profile::built_in()
            .into_iter()
            .find(|p| p.name == name)
            .ok_or_else(|| ProfileError::Unknown(name.to_owned(), BUILT_IN.map(|(n, _)| n).join(", ")))
    }

    /// The body a name or abbreviation stands for.
    pub fn body(&self, name: &str) -> Option<&Body> {
        let n = name.trim();
        self.bodies.iter().find(|b| b.abbreviation == n || b.name == n || b.also.iter().any(|a| a == n))
    }
}

/// How many headings of each level a profile finds in `text`: its score.
fn score(p: &Profile, text: &str) -> (usize, usize) {
    let lines = || text.lines().map(str::trim);
    let pillars = lines().filter(|l| p.pillar.numbering.read(l).is_some()).count();
    let measures = lines().filter(|l| p.measure.numbering.read(l).is_some()).count();
    (pillars, measures)
}

/// The built-in profile that reads `text` best, with the reason; none
/// when none finds a pillar and two measures (the reference layout is then
/// the one to use).
pub fn detect(text: &str) -> Option<(Profile, String)> {
    let mut best: Option<(Profile, (usize, usize))> = None;
    for p in Profile::built_in() {
        let (pillars, measures) = score(&p, text);
        // A profile that names bodies only on labelled lines must find one of its labels.
        let labelled = p.responsible.labels.iter().chain(&p.status.labels).any(|l| text.contains(l.as_str()));
        let finds_bodies = labelled || !p.responsible.brackets.is_empty();
        if pillars == 0 || measures < 2 || !finds_bodies {
            continue;
        }
        if best.as_ref().is_none_or(|(_, (bp, bm))| pillars + measures > bp + bm) {
            best = Some((p, (pillars, measures)));
        }
    }
    best.map(|(p, (pillars, measures))| {
        let reason = format!(
            "the {} profile ({}) finds {pillars} pillar and {measures} measure headings",
            p.name, p.description
        );
        (p, reason)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profiles_parse() {
        let names: Vec<String> = Profile::built_in().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["decimal", "actions", "ja-jisshi"]);
    }

    #[test]
    fn a_bad_profile_names_the_file_and_the_key() {
        let e = Profile::from_toml(
            "mine.toml",
            "name = \"x\"\ndescription = \"y\"\n[pillar]\nnumbering = \"decimal-dot\"\n[measure]\nnumbering = \"hex\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("mine.toml:") && e.contains("line 6") && e.contains("hex"), "{e}");
        let e = Profile::from_toml("mine.toml", "name = \"x\"\ncolour = 1\n").unwrap_err().to_string();
        assert!(e.contains("colour"), "{e}");
    }

    #[test]
    fn status_words_are_read_in_either_language() {
        let p = Profile::named("ja-jisshi").unwrap();
        assert_eq!(p.status.read("実施中"), Some("ongoing"));
        assert_eq!(Profile::named("decimal").unwrap().status.read("Not started."), Some("not_started"));
    }
}
