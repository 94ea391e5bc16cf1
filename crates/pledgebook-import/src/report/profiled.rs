//! The report reader driven by a layout [`Profile`]: headings by the
//! profile's numbering, bodies where the profile says (a labelled line, or
//! brackets closing a heading or a result), a status per measure, and each
//! paragraph (or numbered item) after a measure's heading one result. Rows
//! of a table turned into text (`cell | cell | cell`) are read cell by cell.
//!
//! The structural checks are those of the reference reader: a numbering
//! jump is a departure, a number a pillar already has is a conflict, and
//! so are results before any measure, a measure no body is responsible
//! for, and a body the profile does not know.

use super::model::{Measure, Organisation, Pillar, Plan, Report, Result};
use super::numbering::{self, Heading, Numbering, Seen};
use super::profile::Profile;
use super::{figures, figures_ja, furniture};
use crate::lines::{Vocabulary, join_line};
use crate::{Level, Warning};

/// What a trailing bracket holds: bodies, a status, or neither.
#[derive(Debug, Default)]
struct Closing {
    bodies: Vec<String>,
    status: Option<&'static str>,
}

/// A result being read.
#[derive(Debug)]
struct Paragraph {
    text: String,
    lines: [u32; 2],
}

#[derive(Debug)]
struct Reader<'a> {
    profile: &'a Profile,
    vocab: &'a Vocabulary,
    pillars: Vec<Pillar>,
    measures: Vec<Measure>,
    paragraph: Option<Paragraph>,
    /// A labelled list of bodies being read, with its first line.
    listing: Option<(String, u32)>,
    unknown: Vec<(String, u32)>,
    warnings: Vec<Warning>,
}

/// Reads `text` with `profile`.
pub fn parse(source: &str, text: &str, profile: &Profile) -> Report {
    let vocab = Vocabulary::of(text);
    let mut r = Reader {
        profile,
        vocab: &vocab,
        pillars: Vec::new(),
        measures: Vec::new(),
        paragraph: None,
        listing: None,
        unknown: Vec::new(),
        warnings: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        r.line(i as u32 + 1, line.trim());
    }
    r.finish(source)
}

impl Reader<'_> {
    fn line(&mut self, no: u32, t: &str) {
        if t.is_empty() {
            self.close_listing();
            self.close_paragraph();
            return;
        }
        if furniture::is_page_number(t) {
            return;
        }
        if t.matches(" | ").count() >= 2 || t.matches('\t').count() >= 2 {
            return self.table_row(no, t);
        }
        if let Some(h) = self.profile.pillar.numbering.read(t) {
            return self.pillar(no, h);
        }
        if let Some(h) = self.profile.measure.numbering.read(t)
            && !self.pillars.is_empty()
        {
            return self.measure(no, h, None);
        }
        if self.listed(no, t) {
            return;
        }
        if let Some(status) = self.profile.status.labels.iter().find_map(|l| t.strip_prefix(l.as_str())) {
            return self.set_status(no, status.trim());
        }
        let item = self.profile.result.as_ref().and_then(|r| r.numbering.read(t)).map(|h| h.rest);
        let bullet = ["- ", "• ", "・", "* "].iter().find_map(|b| t.strip_prefix(b)).map(str::trim);
        match item.or(bullet) {
            Some(rest) => {
                self.close_paragraph();
                self.paragraph = Some(Paragraph { text: rest.to_owned(), lines: [no, no] });
            }
            None => match &mut self.paragraph {
                Some(p) => {
                    join_line(&mut p.text, t, self.vocab);
                    p.lines[1] = no;
                }
                None if self.measures.is_empty() && self.pillars.is_empty() => {
                    self.warnings.push(Warning::notice(no, format!("text before the first pillar: {t}")));
                }
                None => self.paragraph = Some(Paragraph { text: t.to_owned(), lines: [no, no] }),
            },
        }
    }

    /// Whether heading `n` of a sequence (`seen` so far) is taken; a
    /// numbering that breaks is warned about ([`numbering::check`]).
    fn check_number(&mut self, no: u32, what: &str, numbering: &Numbering, parent: u32, seen: &[Seen], n: u32) -> bool {
        let show = |k: u32| numbering.show(parent, k);
        match numbering::check(what, &show, "the start", seen, n, no) {
            None => true,
            Some(w) => {
                let take = w.level == Level::Departure;
                self.warnings.push(w);
                take
            }
        }
    }

    fn pillar(&mut self, no: u32, h: Heading<'_>) {
        self.close_listing();
        self.close_paragraph();
        let seen: Vec<Seen> = self
            .pillars
            .iter()
            .map(|p| Seen { value: p.number, id: format!("pillar {}", p.number), line: p.lines[0] })
            .collect();
        let numbering = self.profile.pillar.numbering.clone();
        if self.check_number(no, "pillar", &numbering, 0, &seen, h.value) {
            self.pillars.push(Pillar { number: h.value, title: h.rest.to_owned(), lines: [no, no] });
        }
    }

    fn measure(&mut self, no: u32, h: Heading<'_>, row: Option<Closing>) {
        self.close_listing();
        self.close_paragraph();
        let pillar = self.pillars.last().map_or(0, |p| p.number);
        if let Some(parent) = h.parent
            && parent != pillar
        {
            self.warnings.push(Warning::departure(
                no,
                format!("measure {parent}.{} stands under pillar {pillar}; correct its number or move it", h.value),
            ));
        }
        let seen: Vec<Seen> = self
            .measures
            .iter()
            .filter(|m| m.pillar == pillar)
            .filter_map(|m| Some(Seen { value: m.number.parse().ok()?, id: m.id.clone(), line: m.lines[0] }))
            .collect();
        let numbering = self.profile.measure.numbering.clone();
        if !self.check_number(no, "measure", &numbering, pillar, &seen, h.value) {
            return;
        }
        let (title, closing) = match row {
            Some(c) => (h.rest.to_owned(), c),
            None => self.closing(no, h.rest),
        };
        self.measures.push(Measure {
            id: format!("{pillar}-({})", h.value),
            pillar,
            number: h.value.to_string(),
            title,
            lines: [no, no],
            plans: vec![Plan {
                text: String::new(),
                responsible: closing.bodies,
                lines: [no, no],
                results: Vec::new(),
            }],
            status: closing.status,
        });
    }

    /// Splits what closes `text`: brackets holding bodies or a status word
    /// (either may come last: `Title (MHLW) [ongoing]`). Returns the text
    /// before them.
    fn closing(&mut self, no: u32, text: &str) -> (String, Closing) {
        let mut rest = text.trim_end();
        let mut closing = Closing::default();
        loop {
            let status_bracket = [("[", "]"), ("【", "】")].into_iter().find_map(|(o, c)| {
                let inner = rest.strip_suffix(c)?;
                let open = inner.rfind(o)?;
                let status = self.profile.status.read(&inner[open + o.len()..])?;
                Some((open, status))
            });
            if let Some((open, status)) = status_bracket {
                closing.status = Some(status);
                rest = rest[..open].trim_end();
                continue;
            }
            let bodies = self.profile.responsible.brackets.iter().find_map(|pair| {
                let mut chars = pair.chars();
                let (o, c) = (chars.next()?, chars.next()?);
                let inner = rest.strip_suffix(c)?;
                let open = inner.rfind(o)?;
                let names = self.split_bodies(&inner[open + o.len_utf8()..]);
                let known = names.iter().filter(|n| self.profile.body(n).is_some()).count();
                (known > 0 && known * 2 >= names.len()).then_some((open, names))
            });
            match bodies {
                Some((open, names)) if closing.bodies.is_empty() => {
                    closing.bodies = self.note_unknown(no, names);
                    rest = rest[..open].trim_end();
                }
                _ => break,
            }
        }
        (rest.to_owned(), closing)
    }

    fn split_bodies(&self, list: &str) -> Vec<String> {
        let mut names = vec![list.to_owned()];
        for sep in &self.profile.responsible.separators {
            names = names.iter().flat_map(|n| n.split(sep.as_str()).map(str::to_owned).collect::<Vec<_>>()).collect();
        }
        // "Ministry of Health, Labour and Welfare" is one body, not three: join pieces back into known names.
        let mut out: Vec<String> = Vec::new();
        for piece in names.iter().map(|n| n.trim().trim_start_matches("and ").trim()).filter(|n| !n.is_empty()) {
            match out.last_mut() {
                Some(last)
                    if self.profile.body(last).is_none()
                        && self.profile.body(&format!("{last}, {piece}")).is_some() =>
                {
                    *last = format!("{last}, {piece}");
                }
                Some(last)
                    if self.profile.body(last).is_none()
                        && self.profile.bodies.iter().any(|b| b.name.starts_with(&format!("{last}, {piece}"))) =>
                {
                    *last = format!("{last}, {piece}");
                }
                _ => out.push(piece.to_owned()),
            }
        }
        out
    }

    /// The bodies, each as its abbreviation where known; unknown ones noted.
    fn note_unknown(&mut self, no: u32, names: Vec<String>) -> Vec<String> {
        names
            .into_iter()
            .map(|n| match self.profile.body(&n) {
                Some(b) => b.abbreviation.clone(),
                None => {
                    if !self.unknown.iter().any(|(u, _)| *u == n) {
                        self.unknown.push((n.clone(), no));
                    }
                    n
                }
            })
            .collect()
    }

    /// A labelled line of bodies (and the lines it runs on to).
    fn listed(&mut self, no: u32, t: &str) -> bool {
        let labelled = self.profile.responsible.labels.iter().find_map(|l| t.strip_prefix(l.as_str()));
        match (&mut self.listing, labelled) {
            (None, Some(list)) => self.listing = Some((list.trim().to_owned(), no)),
            (Some((list, _)), None) if list.ends_with([',', '、']) => {
                list.push(' ');
                list.push_str(t);
            }
            _ => return false,
        }
        if self.listing.as_ref().is_some_and(|(l, _)| !l.ends_with([',', '、'])) {
            self.close_listing();
        }
        true
    }

    fn close_listing(&mut self) {
        let Some((list, at)) = self.listing.take() else { return };
        let names = self.split_bodies(&list);
        let bodies = self.note_unknown(at, names);
        match self.measures.last_mut().and_then(|m| m.plans.last_mut()) {
            Some(plan) => {
                for b in bodies {
                    if !plan.responsible.contains(&b) {
                        plan.responsible.push(b);
                    }
                }
            }
            None => self.warnings.push(Warning::departure(at, "a list of responsible bodies before the first measure")),
        }
    }

    fn set_status(&mut self, no: u32, word: &str) {
        let status = self.profile.status.read(word);
        match (self.measures.last_mut(), status) {
            (Some(m), Some(s)) => m.status = Some(s),
            (None, _) => self.warnings.push(Warning::departure(no, "a status before the first measure")),
            (Some(m), None) => {
                let id = m.id.clone();
                self.warnings.push(Warning::departure(
                    no,
                    format!("the status of {id}, {word:?}, is no status word of the {} profile", self.profile.name),
                ));
            }
        }
    }

    /// A table row turned into text: the first cell a heading (or the
    /// result's text), the others bodies, a status, or more text.
    fn table_row(&mut self, no: u32, t: &str) {
        let sep = if t.contains(" | ") { " | " } else { "\t" };
        let cells: Vec<&str> =
            t.split(sep).map(|c| c.trim().trim_matches('|').trim()).filter(|c| !c.is_empty()).collect();
        let Some(first) = cells.first() else { return };
        // "Action 1 | Expand shelters | ...": the number and the title may stand in cells of their own.
        let joined = cells.get(1).map(|t| format!("{first} {t}"));
        let heading = self.profile.measure.numbering.read(first).map(|h| (h, 1)).or_else(|| {
            let h = self.profile.measure.numbering.read(joined.as_deref()?)?;
            Some((h, 2))
        });
        let skip = heading.as_ref().map_or(1, |(_, n)| *n);
        let mut closing = Closing::default();
        let mut text: Vec<&str> = Vec::new();
        for c in cells.iter().skip(skip) {
            if let Some(s) = self.profile.status.read(c) {
                closing.status = Some(s);
            } else if self.split_bodies(c).iter().all(|n| self.profile.body(n).is_some()) {
                let names = self.split_bodies(c);
                closing.bodies.extend(self.note_unknown(no, names));
            } else {
                text.push(c);
            }
        }
        match heading.map(|(h, _)| h) {
            Some(h) if !self.pillars.is_empty() => {
                let title = std::iter::once(h.rest).chain(text).collect::<Vec<_>>().join(" ");
                self.measure(no, Heading { rest: &title, ..h }, Some(closing));
            }
            _ if cells
                .iter()
                .all(|c| c.chars().all(|ch| !ch.is_ascii_digit()) && c.split_whitespace().count() <= 3) =>
            {
                // A header row ("Action | Lead | Status"): nothing to read.
            }
            _ => {
                self.close_paragraph();
                let text = std::iter::once(*first).chain(text).collect::<Vec<_>>().join(" ");
                self.paragraph = Some(Paragraph { text, lines: [no, no] });
                self.close_paragraph_with(closing.bodies);
            }
        }
    }

    fn close_paragraph(&mut self) {
        self.close_paragraph_with(Vec::new());
    }

    fn close_paragraph_with(&mut self, mut agencies: Vec<String>) {
        let Some(p) = self.paragraph.take() else { return };
        let (text, closing) = self.closing(p.lines[0], &p.text);
        agencies.extend(closing.bodies);
        let Some(m) = self.measures.last_mut() else {
            self.warnings.push(Warning::departure(p.lines[0], "a result before the first measure"));
            return;
        };
        let plan = m.plans.last_mut().expect("a measure has its plan");
        if agencies.is_empty() {
            agencies = plan.responsible.clone();
        }
        let figures = if self.profile.lang == "ja" || text.chars().any(pledgebook_core::validation::is_cjk) {
            figures_ja::extract(&text)
        } else {
            figures::extract(&text)
        };
        m.lines[1] = p.lines[1];
        plan.results.push(Result { text, agencies, repeat_of: None, figures, lines: p.lines, named: Vec::new() });
    }

    fn finish(mut self, source: &str) -> Report {
        self.close_listing();
        self.close_paragraph();
        for m in &self.measures {
            if m.plans.iter().all(|p| p.responsible.is_empty()) {
                self.warnings
                    .push(Warning::departure(m.lines[0], format!("measure {} names no responsible body", m.id)));
            }
        }
        for p in &self.pillars {
            if !self.measures.iter().any(|m| m.pillar == p.number) {
                self.warnings.push(Warning::departure(p.lines[0], format!("pillar {} has no measures", p.number)));
            }
        }
        for (name, line) in &self.unknown {
            self.warnings.push(Warning::departure(
                *line,
                format!("{name:?} is no body the {} profile knows; add it to the profile's bodies, or import with --accept-warnings to create it", self.profile.name),
            ));
        }
        self.warnings.sort_by_key(|w| w.line);
        let mut organisations: Vec<Organisation> = Vec::new();
        let named = self
            .measures
            .iter()
            .flat_map(|m| &m.plans)
            .flat_map(|p| p.responsible.iter().chain(p.results.iter().flat_map(|r| &r.agencies)));
        for n in named {
            let org = match self.profile.body(n) {
                Some(b) => Organisation { abbreviation: b.abbreviation.clone(), name: b.name.clone() },
                None => Organisation { abbreviation: String::new(), name: n.clone() },
            };
            if !organisations.contains(&org) {
                organisations.push(org);
            }
        }
        let lang = if self.profile.lang == "ja" { "ja" } else { "en" };
        Report {
            kind: "report",
            source: source.to_owned(),
            profile: self.profile.name.clone(),
            reason: String::new(),
            lang,
            pillars: self.pillars,
            measures: self.measures,
            organisations,
            warnings: self.warnings,
        }
    }
}
