//! IATI activity XML (standard 2.03): one `iati-activity` per public
//! commitment of an initiative, with its organisations, dates, SDG targets,
//! tags, and results: the commitment's indicators (baseline, and target and
//! actual per period) and the figures its reports gave, summed per unit.
//!
//! The document validates against the schema shipped in `data/iati/2.03/`
//! (tested). Identifiers: the publisher's registered IATI organisation
//! identifier goes in `publisher_ref`; without one, a placeholder made from
//! the secretariat's key is written, which the IATI Registry would refuse,
//! so a secretariat that publishes there sets it.

pub mod codes;
pub mod results;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use pledgebook_core::{Commitment, Id, Lang, Localized, Organisation, ParticipantRole, ProgressEntry, Stored};
use quick_xml::Writer;
use quick_xml::events::BytesText;

use crate::{Error, InitiativeData};
use results::{IndicatorResult, number};

type Xml = Writer<Vec<u8>>;

#[derive(Debug, Clone)]
pub struct IatiOptions {
    /// The publisher's IATI organisation identifier ("JP-GOV-123").
    pub publisher_ref: Option<String>,
    pub generated: DateTime<Utc>,
}

/// The initiative's public commitments as an `iati-activities` document.
pub fn activities_xml(data: &InitiativeData, options: &IatiOptions) -> Result<String, Error> {
    let mut out = open(options).into_bytes();
    out.extend(activities(data, &publisher(data, options))?);
    out.extend_from_slice(CLOSE.as_bytes());
    Ok(String::from_utf8(out).expect("the writer writes the UTF-8 it is given"))
}

/// The start of the document, up to the first activity; the activities of
/// each page of commitments follow ([`activities`]), then [`CLOSE`].
pub(crate) fn open(options: &IatiOptions) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" generated-datetime=\"{}\">\n",
        seconds(options.generated)
    )
}

pub(crate) const CLOSE: &str = "</iati-activities>\n";

/// The identifier prefix of every activity: the publisher's registered
/// reference, or a placeholder made from the reporting organisation's key.
pub(crate) fn publisher(data: &InitiativeData, options: &IatiOptions) -> String {
    let reporter = reporting_org(data);
    options.publisher_ref.clone().unwrap_or_else(|| {
        format!("XX-PLEDGEBOOK-{}", reporter.map_or(data.initiative.slug.as_str(), |o| o.slug.as_str()))
    })
}

/// One `iati-activity` per commitment of `data`, with the indicators and
/// reports `data` holds for it.
pub(crate) fn activities(data: &InitiativeData, publisher: &str) -> Result<Vec<u8>, Error> {
    let reporter = reporting_org(data);
    // Each commitment's indicators and reports, gathered in one pass.
    let mut work: HashMap<Id<Commitment>, Work> = HashMap::new();
    for i in &data.indicators {
        if let Some(c) = i.commitment {
            work.entry(c).or_default().indicators.push(results::indicator_result(i, &data.initiative.periods));
        }
    }
    for e in &data.entries {
        work.entry(e.commitment).or_default().entries.push(&e.value);
    }
    let none = Work::default();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    for c in &data.commitments {
        // The writer puts a line break between activities; one ends the last.
        activity(&mut w, data, c, reporter, publisher, work.get(&c.id).unwrap_or(&none))?;
    }
    let mut out = w.into_inner();
    if !out.is_empty() {
        out.push(b'\n');
    }
    Ok(out)
}

/// What a commitment's results are made of.
#[derive(Default)]
struct Work<'a> {
    indicators: Vec<IndicatorResult>,
    entries: Vec<&'a ProgressEntry>,
}

/// Who publishes: the initiative's secretariat, else its first participant.
fn reporting_org(data: &InitiativeData) -> Option<&Stored<Organisation>> {
    let ps = &data.initiative.participants;
    let secretariat =
        ps.iter().find(|p| matches!(p.role, ParticipantRole::Secretariat | ParticipantRole::JointSecretariat));
    secretariat.or(ps.first()).and_then(|p| data.orgs.get(&p.organisation.get()))
}

fn activity(
    w: &mut Xml,
    data: &InitiativeData,
    c: &Stored<Commitment>,
    reporter: Option<&Stored<Organisation>>,
    publisher: &str,
    work: &Work,
) -> std::io::Result<()> {
    w.create_element("iati-activity")
        .with_attribute(("last-updated-datetime", seconds(c.updated_at).as_str()))
        .with_attribute(("xml:lang", "en"))
        .write_inner_content(|w| {
            let id = format!("{publisher}-{}", identifier_part(&c.slug));
            w.create_element("iati-identifier").write_text_content(BytesText::new(&id))?;
            let (reporter_name, reporter_type) = match reporter {
                Some(o) => (o.name.clone(), codes::org_type(o.kind)),
                None => (data.initiative.title.clone(), "90"),
            };
            w.create_element("reporting-org")
                .with_attribute(("ref", publisher))
                .with_attribute(("type", reporter_type))
                .write_inner_content(|w| narratives(w, &reporter_name))?;
            w.create_element("title").write_inner_content(|w| narratives(w, &c.title))?;
            w.create_element("description")
                .with_attribute(("type", codes::DESCRIPTION_GENERAL))
                .write_inner_content(|w| narratives(w, &description(data, c)))?;
            participating_orgs(w, data, c, reporter)?;
            w.create_element("activity-status")
                .with_attribute(("code", codes::activity_status(c.status)))
                .write_empty()?;
            let (start, end) = dates(data, c);
            date(w, codes::DATE_PLANNED_START, start)?;
            if let Some(end) = end {
                date(w, codes::DATE_PLANNED_END, end)?;
            }
            for sdg in c.facets.get("sdg").into_iter().flatten() {
                w.create_element("sector")
                    .with_attribute(("vocabulary", codes::SECTOR_SDG_TARGET))
                    .with_attribute(("code", sdg.as_str()))
                    .write_empty()?;
            }
            for tag in &c.tags {
                w.create_element("tag")
                    .with_attribute(("vocabulary", codes::TAG_REPORTING_ORG))
                    .with_attribute(("code", tag.as_str()))
                    .write_inner_content(|w| narratives(w, &Localized::en(tag.as_str())))?;
            }
            results(w, c, work)
        })?;
    Ok(())
}

/// `2026-11-23T09:00:00Z`: IATI's timestamps are to the second.
fn seconds(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// IATI identifiers may not hold `/`, `&`, `|` or `?`; keys hold `/`.
fn identifier_part(slug: &str) -> String {
    slug.chars().map(|ch| if ch.is_ascii_alphanumeric() || "-_.()".contains(ch) { ch } else { '-' }).collect()
}

fn description(data: &InitiativeData, c: &Commitment) -> Localized {
    if !c.description.is_empty() {
        return c.description.clone();
    }
    let plan: Vec<&str> = c.plan.iter().filter_map(|p| p.text.get(Lang::En)).collect();
    if !plan.is_empty() {
        return Localized::en(plan.join("\n\n"));
    }
    if !c.implementation.is_empty() {
        return c.implementation.clone();
    }
    data.initiative.title.clone()
}

/// The lead organisations are accountable, the others implement; an
/// activity must name one, so the reporter stands in when nobody is named.
fn participating_orgs(
    w: &mut Xml,
    data: &InitiativeData,
    c: &Commitment,
    reporter: Option<&Stored<Organisation>>,
) -> std::io::Result<()> {
    let lead = c.lead.iter().map(|o| (o, codes::ROLE_ACCOUNTABLE));
    let others = c.co_responsible.iter().map(|o| (o, codes::ROLE_IMPLEMENTING));
    let mut named: Vec<(&Stored<Organisation>, &str)> =
        lead.chain(others).filter_map(|(id, role)| data.orgs.get(&id.get()).map(|o| (o, role))).collect();
    if named.is_empty() {
        named.extend(reporter.map(|o| (o, codes::ROLE_ACCOUNTABLE)));
    }
    if named.is_empty() {
        return w
            .create_element("participating-org")
            .with_attribute(("role", codes::ROLE_ACCOUNTABLE))
            .write_inner_content(|w| narratives(w, &data.initiative.title))
            .map(|_| ());
    }
    for (o, role) in named {
        w.create_element("participating-org")
            .with_attribute(("role", role))
            .with_attribute(("type", codes::org_type(o.kind)))
            .write_inner_content(|w| narratives(w, &o.name))?;
    }
    Ok(())
}

/// Planned start and end: the commitment's period, else the initiative's
/// dates, else when the commitment was recorded.
fn dates(data: &InitiativeData, c: &Stored<Commitment>) -> (NaiveDate, Option<NaiveDate>) {
    let ini = &data.initiative;
    let own = c.period.map(|p| p.dates());
    let start = own
        .map(|d| d.0)
        .or(ini.starts)
        .or_else(|| ini.periods.iter().min().map(|p| p.dates().0))
        .unwrap_or_else(|| c.created_at.date_naive());
    let end = own.map(|d| d.1).or(ini.ends).or_else(|| ini.periods.iter().max().map(|p| p.dates().1));
    (start, end.filter(|e| *e >= start))
}

fn date(w: &mut Xml, kind: &str, day: NaiveDate) -> std::io::Result<()> {
    w.create_element("activity-date")
        .with_attribute(("type", kind))
        .with_attribute(("iso-date", day.to_string().as_str()))
        .write_empty()
        .map(|_| ())
}

fn results(w: &mut Xml, c: &Commitment, work: &Work) -> std::io::Result<()> {
    let figures = results::reported_figures(&work.entries);
    let groups: [(Localized, &[IndicatorResult]); 2] = [
        (Localized::both("Indicators", "指標"), &work.indicators),
        (Localized::both("Reported figures", "報告された数値"), &figures),
    ];
    for (title, group) in groups.into_iter().filter(|(_, g)| !g.is_empty()) {
        w.create_element("result").with_attribute(("type", codes::result_type(c.kind))).write_inner_content(|w| {
            w.create_element("title").write_inner_content(|w| narratives(w, &title))?;
            group.iter().try_for_each(|r| indicator(w, r))
        })?;
    }
    Ok(())
}

fn indicator(w: &mut Xml, r: &IndicatorResult) -> std::io::Result<()> {
    w.create_element("indicator")
        .with_attribute(("measure", codes::MEASURE_UNIT))
        .with_attribute(("ascending", "true"))
        .write_inner_content(|w| {
            w.create_element("title").write_inner_content(|w| narratives(w, &r.title))?;
            if let Some(b) = &r.baseline {
                w.create_element("baseline")
                    .with_attribute(("year", b.date.format("%Y").to_string().as_str()))
                    .with_attribute(("iso-date", b.date.to_string().as_str()))
                    .with_attribute(("value", number(b.value).as_str()))
                    .write_empty()?;
            }
            for p in &r.periods {
                let (start, end) = p.period.dates();
                w.create_element("period").write_inner_content(|w| {
                    let day = |d: NaiveDate| d.to_string();
                    w.create_element("period-start").with_attribute(("iso-date", day(start).as_str())).write_empty()?;
                    w.create_element("period-end").with_attribute(("iso-date", day(end).as_str())).write_empty()?;
                    if let Some(t) = p.target {
                        w.create_element("target").with_attribute(("value", number(t).as_str())).write_empty()?;
                    }
                    if let Some(a) = p.actual {
                        let actual = w.create_element("actual").with_attribute(("value", number(a).as_str()));
                        match &p.comment {
                            Some(text) => actual.write_inner_content(|w| {
                                let text = Localized::en(text.as_str());
                                w.create_element("comment").write_inner_content(|w| narratives(w, &text)).map(|_| ())
                            })?,
                            None => actual.write_empty()?,
                        };
                    }
                    for (dimension, category, v) in &p.breakdown {
                        w.create_element("actual").with_attribute(("value", number(*v).as_str())).write_inner_content(
                            |w| {
                                w.create_element("dimension")
                                    .with_attribute(("name", dimension.as_str()))
                                    .with_attribute(("value", category.as_str()))
                                    .write_empty()
                                    .map(|_| ())
                            },
                        )?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// English as the activity's default language, Japanese marked as such;
/// at least one narrative, as the schema requires.
fn narratives(w: &mut Xml, text: &Localized) -> std::io::Result<()> {
    let en = text.get(Lang::En);
    let ja = text.get(Lang::Ja);
    if en.is_some() || ja.is_none() {
        w.create_element("narrative").write_text_content(BytesText::new(&xml_chars(en.unwrap_or_default())))?;
    }
    if let Some(ja) = ja {
        w.create_element("narrative")
            .with_attribute(("xml:lang", "ja"))
            .write_text_content(BytesText::new(&xml_chars(ja)))?;
    }
    Ok(())
}

/// XML 1.0 cannot carry most control characters, whatever the escaping.
fn xml_chars(s: &str) -> String {
    s.chars().filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect()
}
