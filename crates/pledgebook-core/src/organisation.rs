//! Organisations: ministries, NGOs, unions, companies, co-ops, UN agencies,
//! networks. Abbreviations matter: reports name agencies by them ("NPA").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::record::{Kind, Link, Record, Rel};
use crate::text::{Lang, Localized};
use crate::validation::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    GovernmentBody,
    LocalGovernment,
    Ngo,
    TradeUnion,
    Business,
    BusinessAssociation,
    Cooperative,
    InternationalOrganisation,
    Academic,
    Media,
    Network,
    Individual,
}

impl OrgKind {
    pub const ALL: [OrgKind; 12] = [
        OrgKind::GovernmentBody,
        OrgKind::LocalGovernment,
        OrgKind::Ngo,
        OrgKind::TradeUnion,
        OrgKind::Business,
        OrgKind::BusinessAssociation,
        OrgKind::Cooperative,
        OrgKind::InternationalOrganisation,
        OrgKind::Academic,
        OrgKind::Media,
        OrgKind::Network,
        OrgKind::Individual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::GovernmentBody => "government_body",
            OrgKind::LocalGovernment => "local_government",
            OrgKind::Ngo => "ngo",
            OrgKind::TradeUnion => "trade_union",
            OrgKind::Business => "business",
            OrgKind::BusinessAssociation => "business_association",
            OrgKind::Cooperative => "cooperative",
            OrgKind::InternationalOrganisation => "international_organisation",
            OrgKind::Academic => "academic",
            OrgKind::Media => "media",
            OrgKind::Network => "network",
            OrgKind::Individual => "individual",
        }
    }

    /// Reads a kind as people write it in sheets and forms, in English or
    /// Japanese: `ngo`, "NGO/CSO", 「NGO」, "employer/business", "労働組合".
    /// A slash-separated wording is read by its first part that is known.
    pub fn parse(s: &str) -> Option<OrgKind> {
        let folded: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '「' | '」' | '『' | '』' | '"' | '\''))
            .map(|c| match c {
                // Full-width ASCII (ＮＧＯ) to ASCII.
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                c => c,
            })
            .collect::<String>()
            .to_lowercase();
        let exact = |w: &str| {
            let w = w.trim().replace(['-', ' '], "_");
            OrgKind::ALL.into_iter().find(|k| k.as_str() == w).or_else(|| OrgKind::wording(&w))
        };
        exact(&folded).or_else(|| folded.split(['/', '・', ',', '、']).find_map(exact))
    }

    /// Other names of the kinds, as campaigns and secretariats write them.
    fn wording(w: &str) -> Option<OrgKind> {
        use OrgKind::*;
        const WORDS: [(&str, OrgKind); 36] = [
            ("cso", Ngo),
            ("npo", Ngo),
            ("civil_society", Ngo),
            ("civil_society_organisation", Ngo),
            ("civil_society_organization", Ngo),
            ("non_governmental_organisation", Ngo),
            ("non_governmental_organization", Ngo),
            ("市民団体", Ngo),
            ("employer", Business),
            ("employers", Business),
            ("company", Business),
            ("private_sector", Business),
            ("企業", Business),
            ("union", TradeUnion),
            ("workers", TradeUnion),
            ("労働組合", TradeUnion),
            ("government", GovernmentBody),
            ("ministry", GovernmentBody),
            ("政府", GovernmentBody),
            ("省庁", GovernmentBody),
            ("自治体", LocalGovernment),
            ("地方自治体", LocalGovernment),
            ("employers'_organisation", BusinessAssociation),
            ("経済団体", BusinessAssociation),
            ("co_op", Cooperative),
            ("coop", Cooperative),
            ("協同組合", Cooperative),
            ("生協", Cooperative),
            ("un_agency", InternationalOrganisation),
            ("international_organization", InternationalOrganisation),
            ("国際機関", InternationalOrganisation),
            ("university", Academic),
            ("大学", Academic),
            ("研究機関", Academic),
            ("メディア", Media),
            ("個人", Individual),
        ];
        WORDS.iter().find(|(word, _)| *word == w).map(|(_, k)| *k)
    }
}

/// A link to the web, as a document lists them ("Website", "Facebook").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WebLink {
    pub label: String,
    pub url: String,
}

/// Membership of a network organisation, with the role held in it and
/// since and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Membership {
    #[schema(value_type = crate::id::IdSchema)]
    pub network: Id<Organisation>,
    pub role: crate::initiative::ParticipantRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// Membership of a platform (an initiative of kind platform, such as
/// JP-MIRAI). Kept on the member, not the platform, so a platform of 900
/// members is 900 links the store counts by kind, not one growing record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlatformMembership {
    #[schema(value_type = crate::id::IdSchema)]
    pub platform: Id<crate::Initiative>,
    pub role: crate::initiative::ParticipantRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organisation {
    /// In the document: no white space, no ASCII capital, not starting with `/`.
    /// The full rule (`validate_slug`: letters and digits plus `-_/().`, at most
    /// 120 bytes, no `//`) admits less and is answered 422 naming the field, so
    /// a key the document refuses is always refused.
    #[schema(pattern = r"^[^\s/A-Z][^\sA-Z]*$", max_length = 120)]
    pub slug: String,
    /// English name required; Japanese optional.
    #[schema(schema_with = crate::text::english_required)]
    pub name: Localized,
    #[serde(default)]
    pub abbreviations: Vec<String>,
    pub kind: OrgKind,
    /// ISO 3166-1 alpha-2 code, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default)]
    pub links: Vec<WebLink>,
    #[serde(default)]
    pub memberships: Vec<Membership>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<PlatformMembership>,
    /// Merged into another organisation that is the same one: kept with its
    /// history, no longer listed; everything that named it names the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::id::IdSchema>)]
    pub merged_into: Option<Id<Organisation>>,
    /// Named by someone on the public pledge form and not yet reviewed: not
    /// public (no list, search or dropdown shows it) until the secretariat
    /// approves a pledge it leads or is a partner of.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

impl Organisation {
    pub fn new(name_en: &str, kind: OrgKind) -> Self {
        Organisation {
            slug: crate::record::slugify(name_en),
            name: Localized::en(name_en),
            abbreviations: Vec::new(),
            kind,
            country: None,
            links: Vec::new(),
            memberships: Vec::new(),
            platforms: Vec::new(),
            merged_into: None,
            pending: false,
        }
    }

    /// Listed and shown to the public: reviewed, and not merged into another.
    pub fn is_public(&self) -> bool {
        !self.pending && self.merged_into.is_none()
    }

    /// The short form a report would use: the first abbreviation, else the name.
    pub fn short_name(&self, lang: Lang) -> &str {
        self.abbreviations.first().map(String::as_str).unwrap_or_else(|| self.name.show(lang).text)
    }
}

impl Record for Organisation {
    const KIND: Kind = Kind::Organisation;

    fn keep_decisions_of(&mut self, current: &Self) {
        self.pending = current.pending;
        self.merged_into = current.merged_into;
    }

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        for m in &mut self.memberships {
            replace(&mut m.network, from, to);
        }
        replace_option(&mut self.merged_into, from, to);
    }

    fn key(&self) -> &str {
        &self.slug
    }

    fn links(&self) -> Vec<Link> {
        let networks = self.memberships.iter().map(|m| Link::to(Rel::Member, m.network));
        let platforms = self.platforms.iter().map(|p| Link::to(p.role.rel(), p.platform));
        networks.chain(platforms).chain(self.merged_into.map(|o| Link::to(Rel::MergedInto, o))).collect()
    }

    fn validate(&self, _: Option<&crate::Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        validate_slug(&mut inv, "slug", &self.slug);
        if self.name.get(Lang::En).is_none() {
            inv.push("name.en", "required", "an organisation needs an English name");
        }
        for (i, a) in self.abbreviations.iter().enumerate() {
            if a.trim().is_empty() || a.contains(char::is_whitespace) {
                inv.push(format!("abbreviations[{i}]"), "abbreviation", format!("{a:?} is not an abbreviation"));
            }
        }
        if let Some(c) = &self.country
            && !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            inv.push("country", "country", format!("{c:?} is not a two-letter country code such as JP"));
        }
        validate_links(&mut inv, &self.links);
        for (i, m) in self.memberships.iter().enumerate() {
            validate_dates(&mut inv, &format!("memberships[{i}]"), m.since, m.until);
        }
        for (i, p) in self.platforms.iter().enumerate() {
            validate_dates(&mut inv, &format!("platforms[{i}]"), p.since, p.until);
        }
        inv.into_result()
    }
}

fn validate_dates(inv: &mut Invalid, field: &str, since: Option<NaiveDate>, until: Option<NaiveDate>) {
    if let (Some(a), Some(b)) = (since, until)
        && b < a
    {
        inv.push(format!("{field}.until"), "before-start", format!("until {b} is before since {a}"));
    }
}

/// Points `id` at `to` if it is `from`: how a merge moves a link.
pub(crate) fn replace(id: &mut Id<Organisation>, from: Id<Organisation>, to: Id<Organisation>) {
    if *id == from {
        *id = to;
    }
}

pub(crate) fn replace_option(id: &mut Option<Id<Organisation>>, from: Id<Organisation>, to: Id<Organisation>) {
    if let Some(id) = id {
        replace(id, from, to);
    }
}

/// Moves every `from` in a list to `to`, keeping one of each.
pub(crate) fn replace_all(ids: &mut Vec<Id<Organisation>>, from: Id<Organisation>, to: Id<Organisation>) {
    let mut seen = std::collections::HashSet::new();
    for id in ids.iter_mut() {
        replace(id, from, to);
    }
    ids.retain(|id| seen.insert(*id));
}

pub(crate) fn validate_slug(inv: &mut Invalid, field: &str, slug: &str) {
    use crate::record::KEY_MAX_BYTES;
    if slug.len() > KEY_MAX_BYTES {
        inv.push(
            field,
            "too-long",
            format!(
                "this key is {} bytes; a key has at most {KEY_MAX_BYTES} (a Japanese character takes 3)",
                slug.len()
            ),
        );
        return;
    }
    let ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() && !c.is_uppercase() || matches!(c, '-' | '_' | '/' | '(' | ')' | '.'))
        && !slug.starts_with('/')
        && !slug.contains("//");
    if !ok {
        inv.push(field, "slug", format!("{slug:?} is not a usable key: use lower-case letters, digits and dashes"));
    }
}

pub(crate) fn validate_links(inv: &mut Invalid, links: &[WebLink]) {
    for (i, l) in links.iter().enumerate() {
        let scheme_ok = l.url.starts_with("https://") || l.url.starts_with("http://");
        if !scheme_ok || l.url.contains(char::is_whitespace) {
            inv.push(format!("links[{i}].url"), "url", format!("{:?} is not a web address (https://...)", l.url));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_as_people_write_them() {
        for (written, kind) in [
            ("ngo", OrgKind::Ngo),
            ("NGO/CSO", OrgKind::Ngo),
            ("「NGO」", OrgKind::Ngo),
            ("ＮＧＯ", OrgKind::Ngo),
            ("employer/business", OrgKind::Business),
            ("Trade union", OrgKind::TradeUnion),
            ("労働組合", OrgKind::TradeUnion),
            ("government body", OrgKind::GovernmentBody),
            ("international organisation", OrgKind::InternationalOrganisation),
            ("business association", OrgKind::BusinessAssociation),
            ("協同組合", OrgKind::Cooperative),
        ] {
            assert_eq!(OrgKind::parse(written), Some(kind), "{written}");
        }
        assert_eq!(OrgKind::parse("dance troupe"), None);
    }

    #[test]
    fn a_ministry_with_its_abbreviation() {
        let mut o = Organisation::new("National Police Agency", OrgKind::GovernmentBody);
        o.abbreviations.push("NPA".into());
        o.country = Some("JP".into());
        o.validate(None).unwrap();
        assert_eq!(o.slug, "national-police-agency");
        assert_eq!(o.short_name(Lang::En), "NPA");
    }

    #[test]
    fn rejects_bad_country_links_and_missing_english_name() {
        let mut o = Organisation::new("x", OrgKind::Ngo);
        o.name = Localized { en: None, ja: Some("エース".into()) };
        o.country = Some("Japan".into());
        o.links.push(WebLink { label: "Website".into(), url: "javascript:alert(1)".into() });
        let e = o.validate(None).unwrap_err();
        assert!(e.has("name.en") && e.has("country") && e.has("links[0].url"), "{e}");
    }

    #[test]
    fn parses_kinds_as_people_write_them() {
        assert_eq!(OrgKind::parse("Trade union"), Some(OrgKind::TradeUnion));
        assert_eq!(OrgKind::parse("international-organisation"), Some(OrgKind::InternationalOrganisation));
        assert_eq!(OrgKind::parse("church"), None);
    }
}
