//! The two pledge layouts: the reference pledge document, and the campaign
//! web page in English, French and Spanish, as copied (with or without its
//! line breaks, curly or straight apostrophes, links inside sections).

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

#[test]
fn links_inside_a_section_stay_text() {
    let text = "ORGANIZATION\n\nACE\npledges to\n\nEnd child labour in cocoa\n\nDescription:\n\nWe work with the [ILO](https://www.ilo.org) and https://example.org/partners on it.\n\nImplementation plan:\n\nTraining.\n\nImpact:\n\nFewer children at work.\n\n[Website](https://ace.example), [Facebook](#)\n";
    let p = pledgebook_import::parse_pledge("ace.txt", text);
    assert_eq!(p.pledge, "We work with the [ILO](https://www.ilo.org) and https://example.org/partners on it.");
    let labels: Vec<_> = p.links.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["Website", "Facebook"], "only the links row gives links");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn a_page_copied_without_its_line_breaks_is_read_section_by_section() {
    let en = "Stop Child Labour Network, Japan pledges to Encourage major stakeholders to act Read full pledge On the pledge: We will campaign. On the implementation: - Hold a seminar; - Run a campaign On the impact: Stakeholders will act. Share the pledge!";
    let p = pledgebook_import::parse_pledge("flat.txt", en);
    assert_eq!(p.organisation, "Stop Child Labour Network, Japan");
    assert_eq!(p.title, "Encourage major stakeholders to act");
    assert_eq!(p.pledge, "We will campaign.");
    assert_eq!(p.impact, "Stakeholders will act.");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    // French with curly apostrophes and the space before the colon; Spanish run together.
    let fr = "Syndicat des travailleurs de l’agriculture\ns’engage à\nÉliminer le travail des enfants\nLire l’engagement complet Sur l’engagement : Nous formerons 300 délégués. Sur la mise en œuvre : Formation. Sur l’impact : Moins d’enfants au travail.";
    let p = pledgebook_import::parse_pledge("fr.txt", fr);
    assert_eq!(p.organisation, "Syndicat des travailleurs de l’agriculture");
    assert_eq!(p.title, "Éliminer le travail des enfants");
    assert_eq!((p.pledge.as_str(), p.implementation.as_str()), ("Nous formerons 300 délégués.", "Formation."));
    assert_eq!(p.impact, "Moins d’enfants au travail.", "the text keeps its apostrophes");
    let es = "Cooperativa Sur se compromete a Erradicar el trabajo infantil Sobre el compromiso: Actuaremos. Sobre la implementación: Formación. Sobre el impacto: Menos niños trabajando. ¡Comparte el compromiso!";
    let p = pledgebook_import::parse_pledge("es.txt", es);
    assert_eq!(
        (p.organisation.as_str(), p.title.as_str(), p.pledge.as_str(), p.implementation.as_str(), p.impact.as_str()),
        ("Cooperativa Sur", "Erradicar el trabajo infantil", "Actuaremos.", "Formación.", "Menos niños trabajando.")
    );
}

#[test]
fn a_missing_section_is_an_error_naming_it_and_its_line() {
    use pledgebook_import::Level;
    let no_impact =
        "ACE\npledges to\nEnd child labour\nOn the pledge:\nWe will act.\nOn the implementation:\nTraining.\n";
    let p = pledgebook_import::parse_pledge("a.txt", no_impact);
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    let w = &p.warnings[0];
    assert_eq!((w.level, w.line), (Level::Departure, 7));
    assert!(
        w.message.contains("\"On the impact:\"") && w.message.contains("after line 7, where the document ends"),
        "{}",
        w.message
    );
    let no_text = "ACE\npledges to\nEnd child labour\nOn the implementation:\nTraining.\nOn the impact:\nFewer.\n";
    let p = pledgebook_import::parse_pledge("b.txt", no_text);
    let w = p.warnings.iter().find(|w| w.level == Level::Conflict).expect("an error");
    assert_eq!(w.line, 4, "{w:?}");
    assert!(w.message.contains("\"On the pledge:\""), "{}", w.message);
    assert_eq!(
        pledgebook_import::blocking(&p.warnings, true).len(),
        1,
        "accepting does not accept a pledge without its text"
    );
}
