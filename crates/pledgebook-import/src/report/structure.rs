//! The state machine that walks the body lines of a report.

use super::attribution::{self, Body, Known};
use super::model::{Measure, Pillar, Plan, Result};
use super::numbering::{self, Seen};
use super::{figures, roman};
use crate::lines::{Line, Vocabulary, join_line};
use crate::{Level, Warning};

/// The bullet glyphs results start with: the private-use character PDF
/// extraction leaves from the reference report's symbol font, and `•`, as
/// pledgebook's own consolidated report prints them.
pub const BULLETS: [char; 2] = ['\u{F09F}', '•'];

/// Labels of a line that names the bodies responsible for the plan
/// paragraph above it, instead of a closing parenthesis.
const RESPONSIBLE_LABELS: [&str; 5] = ["Responsible:", "Lead:", "Responsible bodies:", "担当府省庁：", "担当府省庁:"];

/// `Responsible: National Police Agency, ...` → the list of bodies.
fn responsible_line(t: &str) -> Option<&str> {
    RESPONSIBLE_LABELS.iter().find_map(|l| t.strip_prefix(l)).map(str::trim)
}

/// Whether a list of bodies goes on to the next line: it ends on a comma
/// or a joining word ("Ministry of" / "Health, Labour and Welfare").
fn list_goes_on(list: &str) -> bool {
    list.ends_with([',', '、']) || list.rsplit(' ').next().is_some_and(|w| JOINING_WORDS.contains(&w))
}

const JOINING_WORDS: [&str; 14] =
    ["of", "and", "the", "for", "to", "in", "on", "with", "by", "a", "an", "from", "at", "or"];

/// Words that start a sentence but no measure title: a numbered item that
/// begins "(i) In FY2017, ..." or "(iii) We promoted ..." lists results.
const SENTENCE_STARTS: [&str; 17] = [
    "In", "On", "At", "We", "The", "A", "An", "With", "By", "From", "As", "To", "This", "These", "It", "Since",
    "During",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    BeforeFirstPillar,
    PillarTitle,
    MeasureTitle,
    Body,
}

/// A paragraph (or several, for bulleted multi-paragraph plans) not yet
/// closed by an attribution.
#[derive(Debug)]
struct Block {
    text: String,
    first: u32,
    last: u32,
    bullet: bool,
}

#[derive(Debug)]
pub struct Parser<'a> {
    vocab: &'a Vocabulary,
    known: &'a Known,
    mode: Mode,
    /// The last line of the title being read, as printed.
    title_line: String,
    /// A footnote ("* The word ...") is being read onto the last item.
    in_footnote: bool,
    pillars: Vec<Pillar>,
    measures: Vec<Measure>,
    block: Option<Block>,
    /// A `Responsible:` list being read, with its first line.
    listing: Option<(String, u32)>,
    warnings: Vec<Warning>,
}

/// `3. Promotion of ...` → (3, "Promotion of ...").
fn pillar_header(t: &str) -> Option<(u32, &str)> {
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let dot = t.find(". ")?;
    let n = t[..dot].parse().ok()?;
    let rest = t[dot + 2..].trim();
    rest.starts_with(|c: char| c.is_uppercase()).then_some((n, rest))
}

/// `(xvii) Implementation ...` → ("xvii", "Implementation ...").
fn measure_header(t: &str) -> Option<(&str, &str)> {
    let inner = t.strip_prefix('(')?;
    let close = inner.find(')')?;
    let numeral = &inner[..close];
    roman::value(numeral)?;
    Some((numeral, inner[close + 1..].trim()))
}

/// Lines at least this long were wrapped: the title went on past them.
const WRAPPED_LINE: usize = 75;
/// A line this short after a wrapped title line is the title's last word or two.
const SHORT_LINE: usize = 40;

/// Whether `next` continues a measure title whose last line was `last`.
fn continues_title(title: &str, last: &str, next: &str) -> bool {
    let joining =
        title.ends_with([',', '-', '“']) || title.rsplit(' ').next().is_some_and(|w| JOINING_WORDS.contains(&w));
    let open_quote = title.matches('“').count() > title.matches('”').count();
    let open_paren = title.matches('(').count() > title.matches(')').count();
    let tail = last.chars().count() >= WRAPPED_LINE
        && next.chars().count() < SHORT_LINE
        && !next.ends_with(['.', ')', ':'])
        && !next.starts_with(BULLETS);
    next.starts_with(char::is_lowercase) || joining || open_quote || open_paren || tail
}

/// `Repeat mention 1 - (ii): ...` (hyphen or en dash) → "1-(ii)".
fn repeat_of(text: &str) -> Option<String> {
    let rest = text.strip_prefix("Repeat mention ")?;
    let colon = rest.find(':')?;
    let target: String = rest[..colon].chars().filter(|c| !c.is_whitespace()).collect();
    let (pillar, measure) = target.split_once(['-', '–'])?;
    let numeral = measure.strip_prefix('(')?.strip_suffix(')')?;
    (pillar.parse::<u32>().is_ok() && roman::value(numeral).is_some()).then(|| format!("{pillar}-({numeral})"))
}

/// Where the parenthesis that closes `text` opens, if `text` ends with one.
fn closing_paren(text: &str) -> Option<usize> {
    if !text.ends_with(')') {
        return None;
    }
    let mut depth = 0;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

impl<'a> Parser<'a> {
    pub fn new(vocab: &'a Vocabulary, known: &'a Known) -> Self {
        Parser {
            vocab,
            known,
            mode: Mode::BeforeFirstPillar,
            title_line: String::new(),
            in_footnote: false,
            pillars: Vec::new(),
            measures: Vec::new(),
            block: None,
            listing: None,
            warnings: Vec::new(),
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Warning::notice(line, message));
    }

    fn pillar(&self) -> u32 {
        self.pillars.last().map_or(0, |p| p.number)
    }

    /// The measures read so far in the current pillar.
    fn pillar_measures(&self) -> impl Iterator<Item = &Measure> {
        let pillar = self.pillar();
        self.measures.iter().rev().take_while(move |m| m.pillar == pillar)
    }

    /// The value of the last measure numeral of the current pillar (0 before its first).
    fn last_numeral(&self) -> u32 {
        self.pillar_measures().next().and_then(|m| roman::value(&m.number)).unwrap_or(0)
    }

    /// Whether `numeral` is the one the next measure of the current pillar carries.
    fn is_next_numeral(&self, numeral: &str) -> bool {
        roman::value(numeral) == Some(self.last_numeral() + 1)
    }

    /// Whether a header-shaped line that breaks the numbering stands where a
    /// header would: between paragraphs (a numbered list inside a paragraph
    /// is the paragraph's), with a title that starts in upper case.
    fn could_be_header(&self, title: &str) -> bool {
        let first = title.split([' ', ',']).next().unwrap_or("");
        self.block.is_none()
            && matches!(self.mode, Mode::Body | Mode::PillarTitle)
            && title.starts_with(char::is_uppercase)
            && !SENTENCE_STARTS.contains(&first)
            && !title.ends_with('.')
    }

    /// A measure header whose numeral is not the next one. A jump (a measure
    /// missing, or a misprint) is kept as printed and must be accepted; a
    /// numeral the pillar already has would merge two measures and is refused.
    fn numbering_departure(&mut self, line: Line<'_>, numeral: &str, title: &str) {
        let pillar = self.pillar();
        let seen: Vec<Seen> = self
            .pillar_measures()
            .filter_map(|m| Some(Seen { value: roman::value(&m.number)?, id: m.id.clone(), line: m.lines[0] }))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let show = |n: u32| format!("({})", roman::to_roman(n));
        let value = roman::value(numeral).unwrap_or(0);
        let Some(w) = numbering::check("measure", &show, &format!("pillar {pillar}"), &seen, value, line.no) else {
            return self.start_measure(line, numeral, title);
        };
        let take = w.level == Level::Departure;
        self.warnings.push(w);
        if take {
            self.start_measure(line, numeral, title);
        }
    }

    fn start_measure(&mut self, line: Line<'_>, numeral: &str, title: &str) {
        self.close_open_block();
        let pillar = self.pillar();
        self.measures.push(Measure {
            id: format!("{pillar}-({numeral})"),
            pillar,
            number: numeral.to_owned(),
            title: title.to_owned(),
            lines: [line.no, line.no],
            plans: Vec::new(),
            status: None,
        });
        self.mode = Mode::MeasureTitle;
        self.title_line = line.text.to_owned();
    }

    pub fn feed(&mut self, line: Line<'_>) {
        let t = line.text;
        if let Some((n, title)) = pillar_header(t)
            && n == self.pillar() + 1
        {
            self.close_open_block();
            self.pillars.push(Pillar { number: n, title: title.to_owned(), lines: [line.no, line.no] });
            self.mode = Mode::PillarTitle;
            return;
        }
        if let Some((numeral, title)) = measure_header(t)
            && self.pillar() > 0
        {
            if self.is_next_numeral(numeral) {
                self.start_measure(line, numeral, title);
                return;
            }
            if self.could_be_header(title) {
                self.numbering_departure(line, numeral, title);
                return;
            }
        }
        match self.mode {
            Mode::BeforeFirstPillar => self.warn(line.no, format!("text before the first pillar: {t}")),
            Mode::PillarTitle => {
                let vocab = self.vocab;
                let p = self.pillars.last_mut().expect("in a pillar title");
                join_line(&mut p.title, t, vocab);
                p.lines[1] = line.no;
            }
            Mode::MeasureTitle => {
                let vocab = self.vocab;
                let m = self.measures.last_mut().expect("in a measure title");
                if continues_title(&m.title, &self.title_line, t) {
                    join_line(&mut m.title, t, vocab);
                    m.lines[1] = line.no;
                    self.title_line = t.to_owned();
                } else {
                    self.mode = Mode::Body;
                    self.body_line(line);
                }
            }
            Mode::Body => self.body_line(line),
        }
    }

    fn body_line(&mut self, line: Line<'_>) {
        if self.footnote(line) {
            return;
        }
        if self.responsible_list(line) {
            return;
        }
        let bullet = line.text.starts_with(BULLETS);
        let text = line.text.trim_start_matches(BULLETS).trim_start();
        match &mut self.block {
            Some(b) => {
                // A new bullet, or a numbered sub-item, starts a new line of the same paragraph.
                if bullet || measure_header(text).is_some() {
                    b.text.push('\n');
                    b.text.push_str(text);
                } else {
                    join_line(&mut b.text, text, self.vocab);
                }
                b.last = line.no;
            }
            None => self.block = Some(Block { text: text.to_owned(), first: line.no, last: line.no, bullet }),
        }
        self.try_close();
    }

    /// A `Responsible:` line (and the lines it runs on to) closes the open
    /// paragraph as a plan, with the bodies it lists.
    fn responsible_list(&mut self, line: Line<'_>) -> bool {
        let vocab = self.vocab;
        match (&mut self.listing, responsible_line(line.text)) {
            (None, Some(list)) => self.listing = Some((list.to_owned(), line.no)),
            (Some((list, _)), None) if list_goes_on(list) => join_line(list, line.text, vocab),
            _ => return false,
        }
        if self.listing.as_ref().is_some_and(|(list, _)| !list_goes_on(list)) {
            self.close_listing();
        }
        true
    }

    fn close_listing(&mut self) {
        let Some((list, at)) = self.listing.take() else { return };
        let bodies = attribution::parse(&list, self.known).unwrap_or_else(|| {
            self.warnings.push(Warning::notice(at, format!("the bodies on this line are not all known: {list}")));
            list.split(", ").map(|n| Body::Name(n.trim().to_owned())).collect()
        });
        match self.block.take() {
            Some(b) => self.push_plan(b.text, &bodies, [b.first, at]),
            None => self
                .warnings
                .push(Warning::departure(at, "a list of responsible bodies with no plan paragraph above it")),
        }
    }

    /// A footnote between paragraphs ("* The word “arrest” includes ...")
    /// belongs to the item before it: its text is appended there.
    fn footnote(&mut self, line: Line<'_>) -> bool {
        let starts = self.block.is_none() && line.text.starts_with("* ");
        let goes_on = self.in_footnote && line.text.starts_with(char::is_lowercase);
        self.in_footnote = starts || goes_on;
        if !self.in_footnote {
            return false;
        }
        let vocab = self.vocab;
        let Some(m) = self.measures.last_mut() else { return false };
        let Some(plan) = m.plans.last_mut() else { return false };
        m.lines[1] = line.no;
        let (text, lines) = match plan.results.last_mut() {
            Some(r) => (&mut r.text, &mut r.lines),
            None => (&mut plan.text, &mut plan.lines),
        };
        if starts {
            text.push('\n');
            text.push_str(line.text);
        } else {
            join_line(text, line.text, vocab);
        }
        lines[1] = line.no;
        true
    }

    /// Closes the open block if it now ends with an attribution.
    fn try_close(&mut self) {
        let Some(b) = &self.block else { return };
        let Some(open) = closing_paren(&b.text) else { return };
        let Some(bodies) = attribution::parse(&b.text[open + 1..b.text.len() - 1], self.known) else { return };
        // "... Ministry of Internal Affairs and Communications (MIC)" at a
        // line's end introduces an abbreviation; it attributes nothing.
        if let [Body::Abbr(a)] = bodies.as_slice()
            && self.known.name_of(a).is_some_and(|name| b.text[..open].trim_end().ends_with(name))
        {
            return;
        }
        let b = self.block.take().expect("checked above");
        let text = b.text[..open].trim_end().to_owned();
        let is_result = bodies.iter().any(|x| matches!(x, Body::Abbr(_) | Body::NameAbbr(..)));
        if is_result {
            self.push_result(text, &bodies, [b.first, b.last]);
        } else {
            self.push_plan(text, &bodies, [b.first, b.last]);
        }
    }

    fn push_plan(&mut self, text: String, bodies: &[Body], lines: [u32; 2]) {
        let known = self.known;
        let responsible = bodies
            .iter()
            .map(|b| match b {
                Body::Name(n) | Body::Phrase(n) | Body::NameAbbr(n, _) => n.clone(),
                Body::Abbr(a) => known.name_of(a).unwrap_or(a).to_owned(),
            })
            .collect();
        let Some(m) = self.measures.last_mut() else {
            self.warnings.push(Warning::departure(lines[0], "a plan paragraph before the first measure"));
            return;
        };
        m.plans.push(Plan { text, responsible, lines, results: Vec::new() });
        m.lines[1] = lines[1];
    }

    fn push_result(&mut self, text: String, bodies: &[Body], lines: [u32; 2]) {
        let known = self.known;
        let mut named = Vec::new();
        let agencies = bodies
            .iter()
            .map(|b| match b {
                Body::Abbr(a) => a.clone(),
                Body::NameAbbr(n, a) => {
                    named.push((a.clone(), n.clone()));
                    a.clone()
                }
                Body::Name(n) | Body::Phrase(n) => known.abbreviation_of(n).unwrap_or(n).to_owned(),
            })
            .collect();
        let result =
            Result { figures: figures::extract(&text), repeat_of: repeat_of(&text), text, agencies, lines, named };
        let Some(m) = self.measures.last_mut() else {
            self.warnings.push(Warning::departure(lines[0], "a result before the first measure"));
            return;
        };
        m.lines[1] = lines[1];
        if m.plans.is_empty() {
            let id = m.id.clone();
            m.plans.push(Plan { text: String::new(), responsible: Vec::new(), lines, results: Vec::new() });
            self.warnings
                .push(Warning::departure(lines[0], format!("a result of {id} comes before any plan paragraph")));
        }
        let m = self.measures.last_mut().expect("checked above");
        m.plans.last_mut().expect("ensured above").results.push(result);
    }

    /// Keeps a paragraph that never found its attribution, with a warning.
    fn close_open_block(&mut self) {
        self.close_listing();
        let Some(b) = self.block.take() else { return };
        let kind = if b.bullet { "result" } else { "plan" };
        self.warnings.push(Warning::departure(
            b.first,
            format!(
                "this {kind} paragraph (lines {}-{}) ends with no parenthesis naming a known body, so it may run \
                 several paragraphs together; it is kept without one",
                b.first, b.last
            ),
        ));
        if b.bullet {
            self.push_result(b.text, &[], [b.first, b.last]);
        } else {
            self.push_plan(b.text, &[], [b.first, b.last]);
        }
    }

    pub fn finish(mut self) -> (Vec<Pillar>, Vec<Measure>, Vec<Warning>) {
        self.close_open_block();
        for m in &self.measures {
            if m.plans.is_empty() {
                self.warnings.push(Warning::departure(m.lines[0], format!("measure {} has no plan paragraph", m.id)));
            }
        }
        for p in &self.pillars {
            if !self.measures.iter().any(|m| m.pillar == p.number) {
                self.warnings.push(Warning::departure(p.lines[0], format!("pillar {} has no measures", p.number)));
            }
        }
        (self.pillars, self.measures, self.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_repeat_mentions_with_hyphen_or_en_dash() {
        assert_eq!(repeat_of("Repeat mention 1 - (ii): Internet Safety Classes"), Some("1-(ii)".into()));
        assert_eq!(repeat_of("Repeat mention 1 – (x): Implementation"), Some("1-(x)".into()));
        assert_eq!(repeat_of("Repeat mention of the forum"), None);
    }

    #[test]
    fn finds_the_closing_parenthesis() {
        let t = "held (in 2018) in Tokyo. (NPA, and Cabinet Office: CAO)";
        assert_eq!(&t[closing_paren(t).unwrap()..], "(NPA, and Cabinet Office: CAO)");
        assert_eq!(closing_paren("no paren."), None);
    }
}
