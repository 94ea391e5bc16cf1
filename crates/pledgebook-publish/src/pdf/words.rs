//! The report's own words (headings, labels, running head, the notice that
//! a text has no Japanese version) in the language the report is asked
//! for. The data's texts stay as the data has them.

use pledgebook_core::{Lang, Period};

/// A period as the reader's language says it: "FY2018" or "2018年度".
pub fn period(p: Period, lang: Lang) -> String {
    match (lang, p) {
        (Lang::En, p) => p.to_string(),
        (Lang::Ja, Period::FiscalYear(y)) => format!("{y}年度"),
        (Lang::Ja, Period::Year(y)) => format!("{y}年"),
        (Lang::Ja, Period::Half(y, h)) => format!("{y}年 第{h}半期"),
        (Lang::Ja, Period::Quarter(y, q)) => format!("{y}年 第{q}四半期"),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub lang: Lang,
}

impl Words {
    pub fn of(lang: Lang) -> Words {
        Words { lang }
    }

    fn pick(&self, en: &str, ja: &str) -> String {
        match self.lang {
            Lang::En => en.to_owned(),
            Lang::Ja => ja.to_owned(),
        }
    }

    pub fn implementation_status(&self) -> String {
        self.pick("Implementation status", "実施状況")
    }

    pub fn document_title(&self, title: &str, period: &str) -> String {
        match self.lang {
            Lang::En => format!("{title} — implementation status, {period}"),
            Lang::Ja => format!("{title} — 実施状況（{period}）"),
        }
    }

    pub fn summary(&self, pillars: usize, measures: usize, results: usize, bodies: usize, uncovered: usize) -> String {
        match self.lang {
            Lang::En => format!(
                "{pillars} pillars · {measures} measures · {results} results reported by {bodies} bodies · {uncovered} measures without results"
            ),
            Lang::Ja => format!(
                "柱 {pillars} · 施策 {measures} · 実施結果 {results} 件（{bodies} 機関）· 実施結果のない施策 {uncovered}"
            ),
        }
    }

    pub fn regenerated(&self, date: &str) -> String {
        match self.lang {
            Lang::En => format!("Regenerated from the data by pledgebook on {date}."),
            Lang::Ja => format!("{date} に pledgebook がデータから作成しました。"),
        }
    }

    pub fn responsible(&self, bodies: &str) -> String {
        match self.lang {
            Lang::En => format!("Responsible: {bodies}"),
            Lang::Ja => format!("担当: {bodies}"),
        }
    }

    pub fn no_result(&self, period: &str) -> String {
        match self.lang {
            Lang::En => format!("No result reported for {period}."),
            Lang::Ja => format!("{period}の実施結果の報告はありません。"),
        }
    }

    pub fn without_results(&self, period: &str) -> String {
        match self.lang {
            Lang::En => format!("Measures without results in {period}"),
            Lang::Ja => format!("{period}に実施結果のない施策"),
        }
    }

    pub fn every_measure_reported(&self) -> String {
        self.pick("Every measure has at least one result.", "すべての施策に実施結果があります。")
    }

    pub fn who_does_what(&self) -> String {
        self.pick("Who does what", "機関別の取組")
    }

    pub fn who_does_what_intro(&self) -> String {
        self.pick(
            "Each body, with the measures it reported results under (and how many, where more than one).",
            "各機関と、実施結果を報告した施策（複数ある場合はその件数）。",
        )
    }

    pub fn body_results(&self, agency: &str, total: usize, measures: usize, list: &str) -> String {
        match self.lang {
            Lang::En => format!("{agency}: {total} results under {measures} measures — {list}"),
            Lang::Ja => format!("{agency}: {measures} 施策で実施結果 {total} 件 — {list}"),
        }
    }

    pub fn abbreviations(&self) -> String {
        self.pick("Abbreviations", "略語")
    }

    /// Said once under a pillar whose texts are in English only.
    pub fn no_japanese_version(&self) -> Option<String> {
        match self.lang {
            Lang::En => None,
            Lang::Ja => Some("（この章の本文には日本語版がないため、英語で掲載しています）".to_owned()),
        }
    }
}
