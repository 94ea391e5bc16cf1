//! Children's Future Action, the co-op union's project with Saitama
//! Prefecture (`jccu-childrens-future-action.txt`): two indicators with an
//! observation on 11 July 2019 and targets for the end of FY2020.

use chrono::NaiveDate;
use pledgebook_core::{
    Aggregation, Commitment, CommitmentKind, Id, Indicator, Initiative, InitiativeKind, Localized, Observation,
    OrgKind, Participant, ParticipantRole, Period, Qualifier, Status, Target, WebLink,
};

use super::Loader;

const SOURCE: &str = "jccu-childrens-future-action.txt";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

fn indicator(
    key: &str,
    initiative: Id<Initiative>,
    commitment: Id<Commitment>,
    name: Localized,
    unit: &str,
    seen: (f64, Qualifier),
    target: f64,
) -> Indicator {
    Indicator {
        key: format!("childrens-future-action/{key}"),
        initiative,
        commitment: Some(commitment),
        name,
        unit: unit.into(),
        aggregation: Aggregation::Latest,
        // Figures of this unit in an approved progress report are observations.
        counts: Some(unit.into()),
        baseline: None,
        targets: vec![Target {
            value: target,
            deadline: date(2021, 3, 31),
            label: Some("by the end of FY2020".into()),
        }],
        observations: vec![Observation {
            value: seen.0,
            date: date(2019, 7, 11),
            qualifier: seen.1,
            source: Some(SOURCE.into()),
            reported_by: None,
            breakdown: Vec::new(),
        }],
        dimensions: Vec::new(),
    }
}

pub(super) async fn load(l: &mut Loader<'_>) -> anyhow::Result<()> {
    let jccu = l
        .org(
            "jccu",
            "Japanese Consumers' Co-operative Union",
            Some("日本生活協同組合連合会"),
            OrgKind::Cooperative,
            Some("JCCU"),
        )
        .await?;
    let saitama = l.org("saitama", "Saitama Prefecture", Some("埼玉県"), OrgKind::LocalGovernment, None).await?;

    let mut p = Initiative::new(
        "childrens-future-action",
        InitiativeKind::Project,
        Localized::both("Children's Future Action", "子どもの未来アクション"),
    );
    p.summary = Localized::en(
        "Study sessions that draw attention to child poverty as a familiar problem and increase the number of people who support impoverished children.",
    );
    p.starts = Some(date(2018, 4, 1));
    p.periods = vec![Period::FiscalYear(2018), Period::FiscalYear(2019), Period::FiscalYear(2020)];
    // The FY2020 round is open in the demo, so JCCU's editors can report on it.
    p.rounds = vec![pledgebook_core::Round::opened(Period::FiscalYear(2020))];
    p.participants = vec![
        Participant { organisation: jccu, role: ParticipantRole::Secretariat },
        Participant { organisation: saitama, role: ParticipantRole::Partner },
    ];
    p.links = vec![WebLink {
        label: "Children's Future Action (Japanese only)".into(),
        url: "https://miraiaction.org/about.html".into(),
    }];
    let project = l.save(p).await?.id;

    let mut c = Commitment::new(
        "childrens-future-action/study-sessions",
        project,
        CommitmentKind::Project,
        Localized::both(
            "Children's Future Action study sessions and ambassadors",
            "子どもの未来アクション 学習会とアンバサダー",
        ),
    );
    c.lead = vec![jccu];
    c.co_responsible = vec![saitama];
    c.description = Localized::en(
        "Provide study sessions on child poverty, register individuals and groups as \"Ambassadors\", and publish an enlightenment brochure; with Saitama Prefecture, an original brochure \"For the Children's Future\" used in prefectural and municipal events.",
    );
    c.impact = Localized::en("1,000 ambassadors and 10,000 study-session participants by the end of FY2020.");
    c.tags =
        ["child poverty", "child-rearing support", "Children's Future Action", "cooperation with local government"]
            .map(String::from)
            .to_vec();
    c.status = Status::InProgress;
    let commitment = l.save(c).await?.id;

    l.save(indicator(
        "ambassadors",
        project,
        commitment,
        Localized::both("Registered ambassadors", "登録アンバサダー数"),
        "ambassadors",
        (365.0, Qualifier::Exact),
        1000.0,
    ))
    .await?;
    l.save(indicator(
        "participants",
        project,
        commitment,
        Localized::both("Study-session participants", "学習会参加者数"),
        "participants",
        (2400.0, Qualifier::AtLeast),
        10_000.0,
    ))
    .await?;
    Ok(())
}
