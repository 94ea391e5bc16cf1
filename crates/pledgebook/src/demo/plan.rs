//! The Basic Plan on Measures against Child Sexual Exploitation
//! (`basic-plan-csec-fy2018-implementation.txt`): the plan, its six pillars
//! and the ministries and agencies of the report's abbreviation legend.

use pledgebook_core::{Initiative, InitiativeKind, Localized, OrgKind, Period};

use super::Loader;

/// The legend printed at the foot of every page of the report.
pub(super) const AGENCIES: [(&str, &str, &str); 9] = [
    ("NPA", "National Police Agency", "警察庁"),
    ("CAS", "Cabinet Secretariat", "内閣官房"),
    ("CAO", "Cabinet Office", "内閣府"),
    ("MIC", "Ministry of Internal Affairs and Communications", "総務省"),
    ("MOJ", "Ministry of Justice", "法務省"),
    ("MOFA", "Ministry of Foreign Affairs", "外務省"),
    ("MEXT", "Ministry of Education, Culture, Sports, Science and Technology", "文部科学省"),
    ("MHLW", "Ministry of Health, Labour and Welfare", "厚生労働省"),
    ("METI", "Ministry of Economy, Trade and Industry", "経済産業省"),
];

pub(super) const PILLARS: [&str; 6] = [
    "Enhancement of public awareness for the eradication of child sexual exploitation, development of social awareness, and strengthening of collaboration with international society",
    "Support for children and families to ensure the sound growth of children without victimization by sexual exploitation",
    "Promotion of measures to prevent the occurrence and spread of victimization that focuses on tools used for child sexual exploitation",
    "Prompt protection of child victims and the promotion of appropriate support",
    "Strengthening of crackdowns in line with the situation of victimization and rehabilitation of offenders",
    "Strengthening of the foundation for realizing a society where children will never become victims of sexual exploitation",
];

/// The FY2018 implementation-status report, imported through the importer.
const REPORT: &str = include_str!("../../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

pub(super) async fn import_report(tx: &mut dyn pledgebook_core::store::Tx) -> anyhow::Result<()> {
    let report = pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", REPORT);
    let target = pledgebook_import::report::Target {
        initiative: "basic-plan-csec",
        period: Period::FiscalYear(2018),
        title: None,
        accept_departures: false,
    };
    pledgebook_import::report::apply(tx, &pledgebook_core::Actor::system("demo"), &report, &target, &mut |_, _| {})
        .await?;
    Ok(())
}

pub(super) async fn load(l: &mut Loader<'_>) -> anyhow::Result<()> {
    // MHLW was added with the stakeholder meeting; saving it again with the
    // same facts changes nothing.
    for (abbr, en, ja) in AGENCIES {
        l.org(abbr, en, Some(ja), OrgKind::GovernmentBody, Some(abbr)).await?;
    }
    let mut plan = Initiative::new(
        "basic-plan-csec",
        InitiativeKind::ActionPlan,
        Localized::both(
            "Basic Plan on Measures against Child Sexual Exploitation",
            "子供の性被害防止プラン(児童の性的搾取等に係る対策の基本計画)",
        ),
    );
    plan.summary = Localized::en(
        "Japan's government plan against child sexual exploitation: six pillars of numbered measures, each with responsible ministries, and a yearly implementation-status report.",
    );
    plan.periods = vec![Period::FiscalYear(2018)];
    for (i, title) in PILLARS.iter().enumerate() {
        plan.framework.add(None, &(i + 1).to_string(), Localized::en(*title));
    }
    l.save(plan).await?;
    Ok(())
}
