//! JP-MIRAI, the Japan Platform for Migrant Workers toward Responsible and
//! Inclusive Society (`jp-mirai-platform-launch.txt`): its joint
//! secretariat, inaugural forum and the context figures it launched with.

use chrono::NaiveDate;
use pledgebook_core::{
    Aggregation, Event, EventMode, Id, Indicator, Initiative, InitiativeKind, Localized, Observation, OrgKind,
    Participant, ParticipantRole, Qualifier, WebLink,
};

use super::Loader;

const SOURCE: &str = "jp-mirai-platform-launch.txt";

fn context(
    key: &str,
    initiative: Id<Initiative>,
    name: Localized,
    unit: &str,
    value: f64,
    qualifier: Qualifier,
) -> Indicator {
    Indicator {
        key: format!("jp-mirai/{key}"),
        initiative,
        commitment: None,
        name,
        unit: unit.into(),
        aggregation: Aggregation::Latest,
        counts: None,
        baseline: None,
        targets: vec![],
        observations: vec![Observation {
            value,
            date: NaiveDate::from_ymd_opt(2020, 1, 31).expect("valid date"),
            qualifier,
            source: Some(SOURCE.into()),
            reported_by: None,
            breakdown: Vec::new(),
        }],
        dimensions: Vec::new(),
    }
}

pub(super) async fn load(l: &mut Loader<'_>) -> anyhow::Result<()> {
    let jica = l
        .org(
            "jica",
            "Japan International Cooperation Agency",
            Some("国際協力機構"),
            OrgKind::GovernmentBody,
            Some("JICA"),
        )
        .await?;
    let assc = l
        .org(
            "assc",
            "The Global Alliance for Sustainable Supply Chain",
            None,
            OrgKind::BusinessAssociation,
            Some("ASSC"),
        )
        .await?;

    let mut p = Initiative::new(
        "jp-mirai",
        InitiativeKind::Platform,
        Localized::both(
            "Japan Platform for Migrant Workers toward Responsible and Inclusive Society",
            "責任ある外国人労働者受入れプラットフォーム",
        ),
    );
    p.summary = Localized::en(
        "The first platform of its kind in Japan: private companies, industry associations, labour unions, civil society, media and researchers working together to resolve the labour and social issues faced by migrant workers in Japan.",
    );
    p.starts = NaiveDate::from_ymd_opt(2020, 11, 16);
    p.participants = vec![
        Participant { organisation: jica, role: ParticipantRole::JointSecretariat },
        Participant { organisation: assc, role: ParticipantRole::JointSecretariat },
    ];
    p.links = vec![WebLink { label: "JICA".into(), url: "https://www.jica.go.jp/english/".into() }];
    let platform = l.save(p).await?.id;
    let founded = NaiveDate::from_ymd_opt(2020, 11, 16).expect("valid date");
    for org in [jica, assc] {
        l.join(org, platform, ParticipantRole::JointSecretariat, founded).await?;
    }

    l.save(Event {
        key: "jp-mirai-inaugural-forum-2020-11-16".into(),
        title: Localized::both("JP-MIRAI Inaugural Forum", "JP-MIRAI 設立記念フォーラム"),
        summary: Localized::en("Held in Tokyo on the day the platform was established."),
        starts: NaiveDate::from_ymd_opt(2020, 11, 16).expect("valid date"),
        ends: None,
        place: Some("Tokyo".into()),
        mode: EventMode::InPerson,
        initiative: Some(platform),
        organisers: vec![jica, assc],
        co_organisers: vec![],
        presenters: vec![],
        attendance: None,
        commitments: vec![],
        links: vec![],
    })
    .await?;

    for indicator in [
        context(
            "foreign-workers",
            platform,
            Localized::both("Foreign workers in Japan", "日本の外国人労働者数"),
            "foreign workers",
            1_660_000.0,
            Qualifier::Approximately,
        ),
        context(
            "titp-ssw-workers",
            platform,
            Localized::en("Foreign workers in the Technical Intern Training Program or Specified Skilled Workers"),
            "workers",
            380_000.0,
            Qualifier::Exact,
        ),
        context(
            "establishments",
            platform,
            Localized::en("Business establishments that hire foreign nationals"),
            "business establishments",
            240_000.0,
            Qualifier::Exact,
        ),
    ] {
        l.save(indicator).await?;
    }
    Ok(())
}
