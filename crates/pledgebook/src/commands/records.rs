//! `pledgebook org ...` and `pledgebook initiative ...`.

use anyhow::Context;
use pledgebook_core::ops::Scan;
use pledgebook_core::record::slugify;
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{
    Actor, Facet, FacetValue, Initiative, InitiativeKind, Localized, OrgKind, Organisation, Period, Record, Stored, ops,
};

use crate::cli::{InitiativeCommand, OrgCommand};
use crate::config::Config;

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints every record of a kind a page at a time, as tab-separated lines
/// or as one JSON array, without holding them all.
pub(crate) async fn print_all<R: Record>(
    r: &mut dyn Reader,
    json: bool,
    line: impl Fn(&Stored<R>) -> String,
) -> anyhow::Result<()> {
    let mut scan = Scan::new(Filter::of(R::KIND), 500);
    let mut first = true;
    if json {
        print!("[");
    }
    while let Some(page) = scan.next::<R>(r).await? {
        for item in &page {
            if json {
                print!("{}{}", if first { "\n" } else { ",\n" }, serde_json::to_string_pretty(item)?);
            } else {
                println!("{}", line(item));
            }
            first = false;
        }
    }
    if json {
        println!("\n]");
    }
    Ok(())
}

pub async fn org(command: OrgCommand, config: &Config) -> anyhow::Result<()> {
    let store = crate::store::open(config).await?;
    match command {
        OrgCommand::Add { name, name_ja, kind, abbreviations, country, key } => {
            let kind = OrgKind::parse(&kind).with_context(|| {
                let all: Vec<_> = OrgKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind {kind:?}; use one of: {}", all.join(", "))
            })?;
            let mut o = Organisation::new(&name, kind);
            o.name.ja = name_ja;
            o.abbreviations = abbreviations;
            o.country = country.map(|c| c.to_uppercase());
            if let Some(k) = key {
                o.slug = k;
            }
            let mut tx = store.write().await?;
            let saved = ops::create(&mut *tx, &Actor::system("cli"), o).await?;
            tx.commit().await?;
            println!("added organisation {} (key {}, id {})", name, saved.slug, saved.id);
        }
        OrgCommand::List(args) => {
            let mut r = store.read().await?;
            print_all::<Organisation>(&mut *r, args.json, |o| {
                format!(
                    "{}\t{}\t{}\t{}",
                    o.slug,
                    o.kind.as_str(),
                    o.abbreviations.join(","),
                    o.name.show(pledgebook_core::Lang::En).text
                )
            })
            .await?;
        }
        OrgCommand::Show { key, json } => {
            let mut r = store.read().await?;
            let o = ops::find::<Organisation>(&mut *r, &key)
                .await?
                .with_context(|| format!("no organisation {key:?}; see `pledgebook org list`"))?;
            if json {
                print_json(&o)?;
            } else {
                println!("{} [{}]", o.name.show(pledgebook_core::Lang::En).text, o.kind.as_str());
                if let Some(ja) = o.name.get(pledgebook_core::Lang::Ja) {
                    println!("  ja: {ja}");
                }
                if !o.abbreviations.is_empty() {
                    println!("  abbreviations: {}", o.abbreviations.join(", "));
                }
                println!("  key {} · id {} · version {}", o.slug, o.id, o.version);
            }
        }
    }
    store.close().await;
    Ok(())
}

/// `pillar=Act,Inspire,Scale up` as a facet: the name and each value keyed
/// as written, lower case with dashes for spaces (dots kept: SDG 8.7).
fn parse_facet(spec: &str) -> anyhow::Result<Facet> {
    let (name, values) = spec.split_once('=').with_context(|| {
        format!("--facet {spec:?} needs a name and values, e.g. --facet 'pillar=Act,Inspire,Scale up'")
    })?;
    let key = |s: &str| s.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
    let values: Vec<FacetValue> = values
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| FacetValue { key: key(v), label: Localized::en(v) })
        .collect();
    if values.is_empty() {
        anyhow::bail!("--facet {spec:?} names no values; list them after '=' separated by commas");
    }
    Ok(Facet { key: key(name), label: Localized::en(name.trim()), values })
}

pub async fn initiative(command: InitiativeCommand, config: &Config) -> anyhow::Result<()> {
    let store = crate::store::open(config).await?;
    match command {
        InitiativeCommand::Add { key, kind, title, title_ja, deadline, periods, like, facets } => {
            let kind = InitiativeKind::parse(&kind).with_context(|| {
                format!("unknown kind {kind:?}; use pledge_campaign, action_plan, platform or project")
            })?;
            let mut i = Initiative::new(&slugify(&key), kind, Localized { en: Some(title), ja: title_ja });
            i.submission_deadline = deadline;
            i.periods = periods.iter().map(|p| p.parse::<Period>()).collect::<Result<_, _>>()?;
            let mut tx = store.write().await?;
            if let Some(model) = like {
                let m = ops::find::<Initiative>(&mut *tx, &model)
                    .await?
                    .with_context(|| format!("no initiative {model:?} to copy"))?;
                i.facets = m.facets.clone();
                i.word_limits = m.word_limits;
            }
            for spec in &facets {
                let facet = parse_facet(spec)?;
                i.facets.retain(|f| f.key != facet.key);
                i.facets.push(facet);
            }
            let saved = ops::create(&mut *tx, &Actor::system("cli"), i).await?;
            tx.commit().await?;
            println!("added initiative {} (id {})", saved.slug, saved.id);
        }
        InitiativeCommand::List(args) => {
            let mut r = store.read().await?;
            print_all::<Initiative>(&mut *r, args.json, |i| {
                format!("{}\t{}\t{}", i.slug, i.kind.as_str(), i.title.show(pledgebook_core::Lang::En).text)
            })
            .await?;
        }
        InitiativeCommand::Show { key, json } => {
            let mut r = store.read().await?;
            let i = ops::find::<Initiative>(&mut *r, &key)
                .await?
                .with_context(|| format!("no initiative {key:?}; see `pledgebook initiative list`"))?;
            if json {
                print_json(&i)?;
            } else {
                println!("{} [{}]", i.title.show(pledgebook_core::Lang::En).text, i.kind.as_str());
                for node in &i.framework.nodes {
                    let indent = if node.parent.is_some() { "    " } else { "  " };
                    println!("{indent}{} {}", node.key, node.title.show(pledgebook_core::Lang::En).text);
                }
            }
        }
    }
    store.close().await;
    Ok(())
}
