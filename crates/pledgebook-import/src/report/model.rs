//! What the report parser finds: the shape of `pledgebook import report
//! --dry-run --json`.

use serde::Serialize;

use crate::Warning;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub kind: &'static str,
    pub source: String,
    /// The layout read: `reference`, or a profile's name.
    pub profile: String,
    /// Why that layout: the profile chosen, or what detection found.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The language of the text: `en` or `ja`.
    pub lang: &'static str,
    pub pillars: Vec<Pillar>,
    pub measures: Vec<Measure>,
    pub organisations: Vec<Organisation>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pillar {
    pub number: u32,
    pub title: String,
    pub lines: [u32; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// `1-(ii)`.
    pub id: String,
    pub pillar: u32,
    /// The roman numeral as printed: `ii`.
    pub number: String,
    pub title: String,
    pub lines: [u32; 2],
    pub plans: Vec<Plan>,
    /// `completed`, `ongoing`, `delayed` or `not_started`, where the report says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
}

/// What the government "shall" do, with the bodies responsible as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub text: String,
    pub responsible: Vec<String>,
    pub lines: [u32; 2],
    pub results: Vec<Result>,
}

/// What was done, by which agencies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Result {
    pub text: String,
    /// Abbreviations where the document gives one (`NPA`), else the name.
    pub agencies: Vec<String>,
    /// The measure this result repeats (`"1-(ii)"`), from "Repeat mention 1 - (ii): ...".
    pub repeat_of: Option<String>,
    pub figures: Vec<Figure>,
    pub lines: [u32; 2],
    /// Agencies written "Name: ABBR", as (abbreviation, name).
    #[serde(skip)]
    pub named: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    /// The number as written: "2,602", "3.9 million".
    pub text: String,
    /// What is counted, as written.
    pub unit: String,
    /// "approximately", "more than", ... when the document qualifies the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

/// An entry of the document's abbreviation legend (or an `Name: ABBR`
/// form found in the text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub abbreviation: String,
    pub name: String,
}
