//! The two pledge layouts: the reference pledge document, and the campaign
//! web page (here in French, as some pledges were written).

const REFERENCE: &str = include_str!("../../../data/documents/pledge-stop-child-labour-network-japan.txt");

#[test]
fn the_reference_pledge() {
    let p = pledgebook_import::parse_pledge("pledge-stop-child-labour-network-japan.txt", REFERENCE);
    assert_eq!(p.organisation, "Stop Child Labour Network, Japan");
    assert_eq!(p.title, "Encourage major stakeholders in Japan to take action toward the elimination of child labour");
    assert_eq!(
        p.title_variants,
        ["Encouraging major stakeholders in Japan to take action toward the elimination of child labour"]
    );
    assert!(
        p.pledge.starts_with("The Stop Child Labour Network consists of civil society organizations and trade unions")
    );
    assert!(p.pledge.ends_with("primarily through social media channels."));
    assert_eq!(
        p.implementation_items,
        [
            "Become a partner of Alliance 8.7",
            "Increase ODA funding for programs relating to child labour",
            "Strengthen national legal frameworks regarding supply chain transparency and public procurement for the prevention and elimination of child labour",
            "Formulate an action plan on the elimination of the worst forms of child labour, following ILO Convention No. 182, and establish a system to address child labour in Japan",
            "Identify and address child labour in Japan",
            "Organize a seminar to promote the International Year for the Elimination of Child Labour, targeting policy-makers and the media",
            "Conduct an awareness-raising campaign in June via our social media channels",
            "Organize an online event on June 12th encouraging participants to make a 2021 action pledge",
        ]
    );
    assert!(p.implementation.starts_with(
        "The Stop Child Labour Network will advocate the Japanese Government to take the following actions:"
    ));
    assert!(p.implementation.contains("\nWe will also conduct the following activities."));
    assert!(p.impact.starts_with("Through our activities") && p.impact.ends_with("achievement of SDG 8.7."));
    let labels: Vec<_> = p.links.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["Website", "Facebook", "Twitter", "Instagram"]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

const WEB_PAGE_FR: &str = "Menu\n\nSyndicat des travailleurs de l'agriculture\ns'engage à\nÉliminer le travail des enfants dans nos plantations d'ici 2025\n\nSur l'engagement :\nNous formerons 300 délégués syndicaux\nà repérer le travail des enfants.\n\nSur la mise en œuvre :\n- Former les délégués;\n- Publier un rapport annuel\n\nSur l'impact :\nMoins d'enfants au travail dans les plantations.\n\nLire l'engagement complet\nPartagez l'engagement !\n";

#[test]
fn the_campaign_web_page_in_french() {
    let p = pledgebook_import::parse_pledge("page.html.txt", WEB_PAGE_FR);
    assert_eq!(p.organisation, "Syndicat des travailleurs de l'agriculture");
    assert_eq!(p.title, "Éliminer le travail des enfants dans nos plantations d'ici 2025");
    assert_eq!(p.pledge, "Nous formerons 300 délégués syndicaux à repérer le travail des enfants.");
    assert_eq!(p.implementation_items, ["Former les délégués", "Publier un rapport annuel"]);
    assert_eq!(p.impact, "Moins d'enfants au travail dans les plantations.");
    // "Menu" before the organisation is reported, not dropped; the boilerplate is dropped.
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert_eq!(p.warnings[0].line, 1);
}

#[test]
fn the_campaign_web_page_in_english_and_spanish() {
    let en = "ACE\npledges to\nEnd child labour in cocoa\nOn the pledge:\nWe will act.\nOn the implementation:\nTraining.\nOn the impact:\nFewer children at work.\nRead full pledge\nShare the pledge!\n";
    let p = pledgebook_import::parse_pledge("en.txt", en);
    assert_eq!(
        (p.organisation.as_str(), p.title.as_str(), p.pledge.as_str(), p.impact.as_str()),
        ("ACE", "End child labour in cocoa", "We will act.", "Fewer children at work.")
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let es = "Cooperativa Sur\nse compromete a\nErradicar el trabajo infantil\nSobre el compromiso:\nActuaremos.\nSobre la implementación:\nFormación.\nSobre el impacto:\nMenos niños trabajando.\n";
    let p = pledgebook_import::parse_pledge("es.txt", es);
    assert_eq!(
        (p.organisation.as_str(), p.title.as_str(), p.implementation.as_str()),
        ("Cooperativa Sur", "Erradicar el trabajo infantil", "Formación.")
    );
}

#[test]
fn a_document_that_is_no_pledge_says_so() {
    let p = pledgebook_import::parse_pledge("x.txt", "Minutes of the meeting\nNothing pledged here.\n");
    assert!(!pledgebook_import::pledge::looks_like_pledge("Minutes of the meeting"));
    assert_eq!(p.warnings.len(), 1);
    assert!(p.warnings[0].message.contains("pledges to"));
}
