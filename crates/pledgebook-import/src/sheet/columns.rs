//! Which column holds which field: by header name, in English or Japanese
//! (case and spacing ignored), or by a mapping file:
//!
//! ```toml
//! [columns]
//! title = "Pledge title"
//! organisation = "Name of organisation"
//! ```

use std::collections::HashMap;

use serde::Deserialize;

use super::SheetError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Key,
    Organisation,
    OrganisationKind,
    CoResponsible,
    Title,
    TitleJa,
    Description,
    Implementation,
    Impact,
    Pillar,
    Level,
    Sdg,
    Period,
    Status,
    Tags,
    Link,
    Indicator,
    Value,
    Date,
    Qualifier,
    Source,
    ReportedBy,
    Breakdown,
    Language,
}

/// Each field's name in a mapping file and the headers that mean it.
const ALIASES: [(Field, &str, &[&str]); 24] = [
    (Field::Key, "key", &["key", "id", "キー"]),
    (
        Field::Organisation,
        "organisation",
        &["organisation", "organization", "lead organisation", "lead organization", "団体", "団体名", "組織"],
    ),
    (
        Field::OrganisationKind,
        "organisation_kind",
        &[
            "organisation kind",
            "organization kind",
            "organisation type",
            "organization type",
            "stakeholder group",
            "団体の種類",
            "団体種別",
        ],
    ),
    (
        Field::CoResponsible,
        "co_responsible",
        &["co-responsible", "co responsible", "partners", "joint pledge partners", "共同団体"],
    ),
    (Field::Title, "title", &["title", "pledge title", "name", "タイトル", "件名"]),
    (Field::TitleJa, "title_ja", &["title (ja)", "title ja", "japanese title", "タイトル(日本語)"]),
    (Field::Description, "description", &["description", "pledge", "on the pledge", "内容", "誓約内容"]),
    (
        Field::Implementation,
        "implementation",
        &["implementation", "implementation plan", "on the implementation", "実施計画"],
    ),
    (Field::Impact, "impact", &["impact", "expected impact", "on the impact", "期待される効果"]),
    (Field::Pillar, "pillar", &["pillar", "柱"]),
    (Field::Level, "level", &["level", "category", "レベル"]),
    (Field::Sdg, "sdg", &["sdg", "sdg targets", "sdg target", "sdgs target", "SDGsターゲット", "SDGs ターゲット"]),
    (Field::Period, "period", &["period", "year", "期間", "年度"]),
    (Field::Status, "status", &["status", "状態"]),
    (Field::Tags, "tags", &["tags", "タグ"]),
    (Field::Link, "link", &["link", "url", "website", "リンク"]),
    (Field::Indicator, "indicator", &["indicator", "indicator key", "指標"]),
    (Field::Value, "value", &["value", "observed value", "値"]),
    (Field::Date, "date", &["date", "as of", "日付"]),
    (Field::Qualifier, "qualifier", &["qualifier", "限定"]),
    (Field::Source, "source", &["source", "出典"]),
    (Field::Breakdown, "breakdown", &["breakdown", "disaggregation", "内訳"]),
    (Field::Language, "language", &["language", "lang", "言語"]),
    (
        Field::ReportedBy,
        "reported_by",
        &["reported by", "reporting organisation", "reporting organization", "報告団体"],
    ),
];

fn normalise(h: &str) -> String {
    h.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(['_', '-'], " ")
}

impl Field {
    pub fn name(self) -> &'static str {
        ALIASES.iter().find(|(f, _, _)| *f == self).map_or("?", |(_, n, _)| n)
    }

    pub fn aliases(self) -> String {
        let list = ALIASES.iter().find(|(f, _, _)| *f == self).map_or(&[][..], |(_, _, a)| a);
        list.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(" or ")
    }
}

/// Field → column index, and the header each came from.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    columns: HashMap<Field, (usize, String)>,
}

#[derive(Deserialize)]
struct MappingFile {
    columns: HashMap<String, String>,
}

impl Mapping {
    pub fn from_headers(headers: &[String]) -> Self {
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let n = normalise(h);
            if let Some((field, _, _)) = ALIASES
                .iter()
                .find(|(_, name, aliases)| normalise(name) == n || aliases.iter().any(|a| normalise(a) == n))
            {
                columns.entry(*field).or_insert((i, h.clone()));
            }
        }
        Mapping { columns }
    }

    /// The header mapping, with the mapping file's choices on top.
    pub fn with_file(headers: &[String], toml_text: &str) -> Result<Self, SheetError> {
        let mut m = Self::from_headers(headers);
        let file: MappingFile =
            toml::from_str(toml_text).map_err(|e| SheetError::Read(format!("the mapping file is not valid: {e}")))?;
        for (field_name, header) in file.columns {
            let (field, _, _) = ALIASES
                .iter()
                .find(|(_, name, _)| *name == field_name)
                .ok_or_else(|| SheetError::Read(format!("the mapping file names an unknown field {field_name:?}")))?;
            let i = headers.iter().position(|h| normalise(h) == normalise(&header)).ok_or_else(|| {
                SheetError::Read(format!(
                    "the mapping file maps {field_name} to {header:?}, but the sheet has no such column"
                ))
            })?;
            m.columns.insert(*field, (i, header));
        }
        Ok(m)
    }

    pub fn has(&self, f: Field) -> bool {
        self.columns.contains_key(&f)
    }

    pub fn require(&self, f: Field) -> Result<(), SheetError> {
        if self.has(f) { Ok(()) } else { Err(SheetError::MissingColumn { field: f.name(), aliases: f.aliases() }) }
    }

    /// The cell of `f` in `row`, trimmed; empty when the column is absent.
    pub fn get<'r>(&self, row: &'r [String], f: Field) -> &'r str {
        self.columns.get(&f).and_then(|(i, _)| row.get(*i)).map_or("", |s| s.trim())
    }

    /// The header of `f`, for error messages.
    pub fn header(&self, f: Field) -> String {
        self.columns.get(&f).map_or_else(|| f.name().to_owned(), |(_, h)| h.clone())
    }
}

/// "a; b, c" → ["a", "b", "c"].
pub fn list(cell: &str) -> Vec<String> {
    cell.split([';', ',', '、']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn finds_columns_by_english_or_japanese_headers() {
        let h = headers(&["Pledge Title", "団体名", "Expected  Impact", "unrelated"]);
        let m = Mapping::from_headers(&h);
        let row = headers(&["T", "JCCU", "I", "x"]);
        assert_eq!(
            (m.get(&row, Field::Title), m.get(&row, Field::Organisation), m.get(&row, Field::Impact)),
            ("T", "JCCU", "I")
        );
        assert_eq!(m.get(&row, Field::Pillar), "");
    }

    #[test]
    fn a_mapping_file_overrides_and_is_checked() {
        let h = headers(&["Name of organisation", "What"]);
        let m =
            Mapping::with_file(&h, "[columns]\norganisation = \"Name of organisation\"\ntitle = \"What\"\n").unwrap();
        assert!(m.has(Field::Organisation) && m.has(Field::Title));
        assert!(Mapping::with_file(&h, "[columns]\ncolour = \"What\"\n").is_err());
        assert!(Mapping::with_file(&h, "[columns]\ntitle = \"Missing\"\n").is_err());
        assert_eq!(list("a; b、c,"), ["a", "b", "c"]);
    }
}
