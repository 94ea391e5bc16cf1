//! The 2021 action-pledge campaign of the International Year for the
//! Elimination of Child Labour (`ace-stakeholder-meeting-2021.txt`), the
//! Stop Child Labour Network's pledge in it
//! (`pledge-stop-child-labour-network-japan.txt`), and the events of both.

use chrono::NaiveDate;
use pledgebook_core::{
    Commitment, Event, EventMode, Facet, FacetValue, Id, Initiative, InitiativeKind, Localized, OrgKind, Participant,
    ParticipantRole, Period, Presenter, Status,
};

use super::Loader;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid demo date")
}

fn value(key: &str, en: &str, ja: &str) -> FacetValue {
    FacetValue { key: key.into(), label: Localized::both(en, ja) }
}

pub(super) fn campaign() -> Initiative {
    let mut c = Initiative::new(
        "iyecl-2021-action-pledges",
        InitiativeKind::PledgeCampaign,
        Localized::both(
            "2021 Action Pledges: International Year for the Elimination of Child Labour",
            "2021年アクション・プレッジ:児童労働撤廃国際年",
        ),
    );
    c.summary = Localized::both(
        "The ILO calls on stakeholders to pledge actions, to be taken by December 2021, toward SDG 8.7: the elimination of child labour by 2025.",
        "ILOは、2025年までに児童労働をなくすというSDGsターゲット8.7に向けて、2021年12月までに実行する行動を誓約するよう呼びかけています。",
    );
    c.facets = vec![
        Facet {
            key: "pillar".into(),
            label: Localized::both("Pillar", "柱"),
            values: vec![
                value("act", "Act (Action)", "行動"),
                value("inspire", "Inspire (Awareness raising)", "啓発"),
                value("scale-up", "Scale up", "拡大"),
            ],
        },
        Facet {
            key: "level".into(),
            label: Localized::both("Level", "レベル"),
            values: vec![
                value("regional", "Regional", "地域"),
                value("national", "National", "国"),
                value("organisational", "Organisational", "組織"),
                value("individual", "Individual", "個人"),
            ],
        },
        Facet {
            key: "sdg".into(),
            label: Localized::both("SDG target", "SDGsターゲット"),
            values: vec![value("8.7", "8.7", "8.7")],
        },
    ];
    c.periods = vec![Period::Year(2021)];
    c.starts = Some(date(2021, 1, 1));
    c.ends = Some(date(2021, 12, 31));
    c.submission_deadline = Some(date(2021, 5, 15));
    // The campaign's form kept pledges short; these limits are the demo's own choice.
    c.word_limits = pledgebook_core::WordLimits {
        title: Some(20),
        description: Some(300),
        implementation: Some(300),
        impact: Some(200),
    };
    c
}

pub(super) async fn load(l: &mut Loader<'_>) -> anyhow::Result<()> {
    let scln =
        l.org("scln", "Stop Child Labour Network, Japan", Some("児童労働ネットワーク"), OrgKind::Network, None).await?;
    let ace = l.org("ace", "Action against Child Exploitation", None, OrgKind::Ngo, Some("ACE")).await?;
    let ilo = l
        .org(
            "ilo",
            "International Labour Organization",
            Some("国際労働機関"),
            OrgKind::InternationalOrganisation,
            Some("ILO"),
        )
        .await?;
    let ilo_japan = l
        .org("ilo-japan", "ILO Office for Japan", Some("ILO駐日事務所"), OrgKind::InternationalOrganisation, None)
        .await?;
    let unicef = l
        .org(
            "unicef-tokyo",
            "UNICEF Tokyo Office",
            Some("ユニセフ東京事務所"),
            OrgKind::InternationalOrganisation,
            None,
        )
        .await?;
    let jnne = l
        .org(
            "jnne",
            "NGO Network for Educational Cooperation",
            Some("教育協力NGOネットワーク"),
            OrgKind::Network,
            Some("JNNE"),
        )
        .await?;
    let terra = l.org("terra", "Terra Renaissance", Some("テラ・ルネッサンス"), OrgKind::Ngo, None).await?;
    let scj =
        l.org("scj", "Save the Children Japan", Some("セーブ・ザ・チルドレン・ジャパン"), OrgKind::Ngo, None).await?;
    let mhlw = l
        .org(
            "mhlw",
            "Ministry of Health, Labour and Welfare",
            Some("厚生労働省"),
            OrgKind::GovernmentBody,
            Some("MHLW"),
        )
        .await?;
    let gcnj = l
        .org(
            "gcnj",
            "Global Compact Network Japan",
            Some("グローバル・コンパクト・ネットワーク・ジャパン"),
            OrgKind::Network,
            Some("GCNJ"),
        )
        .await?;

    // ACE is the network's acting secretariat.
    let mut ace_record = pledgebook_core::ops::get(l.tx, ace).await?.value;
    ace_record.memberships.push(pledgebook_core::Membership {
        network: scln,
        role: ParticipantRole::Secretariat,
        since: None,
        until: None,
    });
    l.save(ace_record).await?;

    let mut c = campaign();
    c.participants = vec![Participant { organisation: ilo, role: ParticipantRole::Secretariat }];
    let campaign = l.save(c).await?.id;

    let pledge = import_pledge(l).await?;

    l.save(Event {
        key: "iyecl-stakeholder-meeting-2021-03-17".into(),
        title: Localized::both(
            "International Year for the Elimination of Child Labour Stakeholder Meeting",
            "児童労働撤廃国際年 マルチステークホルダー会合",
        ),
        summary: Localized::en(
            "A multi-stakeholder meeting to discuss actions and possibilities for collaboration during the International Year, held in the House of Councillors Building and streamed online.",
        ),
        starts: date(2021, 3, 17),
        ends: None,
        place: Some("House of Councillors Building, Tokyo".into()),
        mode: EventMode::Hybrid,
        initiative: Some(campaign),
        organisers: vec![scln],
        co_organisers: vec![ilo_japan, unicef, jnne],
        presenters: vec![
            presenter(ilo_japan, "The International Year and the impact of COVID-19 on children"),
            presenter(unicef, "The International Year and the impact of COVID-19 on children"),
            presenter(ace, "NGO strategies and activities for the elimination of child labour"),
            presenter(terra, "NGO strategies and activities for the elimination of child labour"),
            presenter(scj, "NGO strategies and activities for the elimination of child labour"),
            presenter(mhlw, "Report from the government"),
            presenter(gcnj, "Report from the business network"),
        ],
        attendance: None,
        commitments: vec![],
        links: vec![],
    })
    .await?;

    l.save(Event {
        key: "scln-june-awareness-campaign-2021".into(),
        title: Localized::en("Awareness-raising campaign on social media"),
        summary: Localized::default(),
        starts: date(2021, 6, 1),
        ends: Some(date(2021, 6, 30)),
        place: None,
        mode: EventMode::Online,
        initiative: Some(campaign),
        organisers: vec![scln],
        co_organisers: vec![],
        presenters: vec![],
        attendance: None,
        commitments: vec![pledge],
        links: vec![],
    })
    .await?;

    l.save(Event {
        key: "scln-online-event-2021-06-12".into(),
        title: Localized::en("Online event: make your 2021 action pledge"),
        summary: Localized::en("An online event on 12 June encouraging participants to make a 2021 action pledge."),
        starts: date(2021, 6, 12),
        ends: None,
        place: None,
        mode: EventMode::Online,
        initiative: Some(campaign),
        organisers: vec![scln],
        co_organisers: vec![],
        presenters: vec![],
        attendance: None,
        commitments: vec![pledge],
        links: vec![],
    })
    .await?;
    Ok(())
}

/// The Stop Child Labour Network's pledge, imported through the pledge importer.
const PLEDGE: &str = include_str!("../../../../data/documents/pledge-stop-child-labour-network-japan.txt");

async fn import_pledge(l: &mut Loader<'_>) -> anyhow::Result<Id<Commitment>> {
    let parsed = pledgebook_import::parse_pledge("pledge-stop-child-labour-network-japan.txt", PLEDGE);
    let target = pledgebook_import::pledge::apply::Target {
        campaign: "iyecl-2021-action-pledges",
        status: Status::Approved,
        organisation_kind: OrgKind::Network,
        accept_departures: false,
    };
    let outcome = pledgebook_import::pledge::apply::apply(l.tx, &l.actor, &parsed, &target).await?;
    // What the document says outside its fields: the year, and SDG 8.7 in its impact.
    let stored = pledgebook_core::ops::get(l.tx, outcome.commitment).await?;
    let mut c = stored.value.clone();
    c.period = Some(Period::Year(2021));
    c.facets.insert("sdg".into(), vec!["8.7".into()]);
    pledgebook_core::ops::update(l.tx, &l.actor, outcome.commitment, stored.version, c).await?;
    Ok(outcome.commitment)
}

fn presenter(organisation: Id<pledgebook_core::Organisation>, topic: &str) -> Presenter {
    Presenter { organisation, topic: Some(topic.into()) }
}
