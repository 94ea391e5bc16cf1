//! `/admin/initiatives/{id}/framework`: an action plan's pillars, measures
//! and sub-measures, one row each: renumber, rename (EN/JA), reorder, move
//! under another parent, name the responsible bodies, add, remove. A
//! node's display identifier (`1-(ii)`) follows from its number and its
//! parent's; commitments placed under a node move with it. A node with
//! commitments under it cannot be removed: withdraw its commitments.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgebook_core::ops::Scan;
use pledgebook_core::store::{Filter, Reader, Tx};
use pledgebook_core::{Actor, Commitment, Framework, Id, Initiative, Kind, Localized, NodeKey, ops};

use super::rows;
use crate::AppState;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, SECRETARIAT, with_role};
use crate::page::Page;

/// Most nodes a framework has (the demo's basic plan has about 60).
pub(crate) const MAX_NODES: usize = 500;
/// Empty rows offered for adding nodes.
const NEW_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "admin_framework.html")]
pub(crate) struct Edit {
    page: Page,
    id: i64,
    slug: String,
    title: String,
    version: i64,
    form: FormData,
    errors: FieldErrors,
    rows: usize,
    /// (key, "1-(ii) title") of the nodes a row may sit under.
    parents: Vec<(String, String)>,
    saved: bool,
}

impl Edit {
    fn cell(&self, i: &usize, field: &str) -> &str {
        rows::cell(&self.form, "n", *i, field)
    }
}

fn as_form(r_orgs: &HashMap<Id<pledgebook_core::Organisation>, String>, f: &Framework) -> FormData {
    let mut pairs = Vec::new();
    for (i, n) in f.nodes.iter().enumerate().take(MAX_NODES) {
        pairs.push((format!("n{i}_key"), n.key.to_string()));
        pairs.push((format!("n{i}_parent"), n.parent.as_ref().map(ToString::to_string).unwrap_or_default()));
        pairs.push((format!("n{i}_number"), n.number.clone()));
        pairs.push((format!("n{i}_en"), n.title.en.clone().unwrap_or_default()));
        pairs.push((format!("n{i}_ja"), n.title.ja.clone().unwrap_or_default()));
        pairs.push((format!("n{i}_order"), ((i + 1) * 10).to_string()));
        let responsible: Vec<String> = n.responsible.iter().filter_map(|o| r_orgs.get(o).cloned()).collect();
        pairs.push((format!("n{i}_responsible"), responsible.join(", ")));
    }
    FormData::from_pairs(pairs)
}

fn parents(f: &Framework) -> Vec<(String, String)> {
    f.nodes
        .iter()
        .map(|n| {
            (n.key.to_string(), format!("{} {}", n.key, n.title.en.as_deref().or(n.title.ja.as_deref()).unwrap_or("")))
        })
        .collect()
}

async fn view(
    r: &mut dyn Reader,
    page: Page,
    ini: &pledgebook_core::Stored<Initiative>,
    form: Option<FormData>,
    errors: FieldErrors,
) -> Result<Edit, AppError> {
    let named = ini.framework.nodes.iter().flat_map(|n| n.responsible.iter().copied());
    let orgs: HashMap<_, _> = ops::get_many::<pledgebook_core::Organisation>(r, named)
        .await?
        .into_iter()
        .map(|(id, o)| (id, o.slug.clone()))
        .collect();
    let filled = form.as_ref().map_or(ini.framework.nodes.len(), |f| {
        (0..MAX_NODES)
            .rev()
            .find(|i| !rows::cell(f, "n", *i, "number").is_empty() || !rows::cell(f, "n", *i, "key").is_empty())
            .map_or(0, |i| i + 1)
    });
    Ok(Edit {
        id: ini.id.get(),
        slug: ini.slug.clone(),
        title: ini.title.show(page.lang).text.to_owned(),
        version: ini.version,
        form: form.unwrap_or_else(|| as_form(&orgs, &ini.framework)),
        errors,
        rows: (filled + NEW_ROWS).min(MAX_NODES),
        parents: parents(&ini.framework),
        saved: false,
        page,
    })
}

/// `/admin/initiatives/{id}/framework`
pub(crate) async fn form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<super::Saved>,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let mut r = state.store.read().await?;
    let ini = ops::get::<Initiative>(&mut *r, Id::new(id)).await?;
    let mut edit = view(&mut *r, page, &ini, None, FieldErrors::default()).await?;
    edit.saved = q.is_saved();
    crate::pages::render(&edit)
}

/// One row of the form as read.
struct RowIn {
    index: usize,
    /// The node's key before this change; none for a new node.
    was: Option<NodeKey>,
    /// The key of the node it sits under, as it was.
    parent: Option<NodeKey>,
    number: String,
    title: Localized,
    order: i64,
    responsible: Vec<Id<pledgebook_core::Organisation>>,
}

/// The new framework, and which old keys became which new ones.
struct Rebuilt {
    framework: Framework,
    renamed: Vec<(NodeKey, NodeKey, Localized, Localized)>,
}

fn rebuild(old: &Framework, kept: &[RowIn], page: &Page, errors: &mut FieldErrors) -> Rebuilt {
    let mut framework = Framework::default();
    let mut renamed = Vec::new();
    let mut new_keys: HashMap<NodeKey, NodeKey> = HashMap::new();
    let mut seen: HashSet<NodeKey> = HashSet::new();
    // Parents before children: each level in the rows' order.
    fn place<'a>(
        parent_was: Option<&NodeKey>,
        parent_new: Option<&NodeKey>,
        kept: &'a [RowIn],
        out: &mut Vec<(&'a RowIn, Option<NodeKey>)>,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        let mut children: Vec<&RowIn> = kept.iter().filter(|r| r.parent.as_ref() == parent_was).collect();
        children.sort_by_key(|r| (r.order, r.index));
        for row in children {
            let key = NodeKey::child(parent_new, &row.number);
            out.push((row, parent_new.cloned()));
            if let Some(was) = &row.was {
                place(Some(was), Some(&key), kept, out, depth + 1);
            }
        }
    }
    let mut ordered = Vec::new();
    place(None, None, kept, &mut ordered, 0);
    for row in kept {
        if !ordered.iter().any(|(r, _)| r.index == row.index) {
            errors.add(&format!("n{}_parent", row.index), page.t("error-node-parent"));
        }
    }
    for (row, parent) in ordered {
        let key = NodeKey::child(parent.as_ref(), &row.number);
        if !seen.insert(key.clone()) {
            errors.add(&format!("n{}_number", row.index), format!("{} {key}", page.t("error-node-duplicate")));
            continue;
        }
        let node = framework.add(parent.as_ref().map(NodeKey::as_str), &row.number, row.title.clone());
        node.responsible = row.responsible.clone();
        if let Some(was) = &row.was {
            new_keys.insert(was.clone(), key.clone());
            let old_title = old.get(was.as_str()).map(|n| n.title.clone()).unwrap_or_default();
            if *was != key || old_title != row.title {
                renamed.push((was.clone(), key, old_title, row.title.clone()));
            }
        }
    }
    Rebuilt { framework, renamed }
}

/// Commitments placed under node `key` of the initiative.
fn under(ini: i64, key: &NodeKey) -> Filter {
    Filter::of(Kind::Commitment).in_initiative(ini).with_facet("node", key.as_str())
}

/// Moves the commitments of renumbered or renamed nodes with them; a
/// commitment that carried its node's title takes the new title.
async fn follow(
    tx: &mut dyn Tx,
    actor: &Actor,
    ini: i64,
    renamed: &[(NodeKey, NodeKey, Localized, Localized)],
) -> Result<(), AppError> {
    for (was, now, old_title, new_title) in renamed {
        let mut scan = Scan::new(under(ini, was), 200);
        let mut changed = Vec::new();
        while let Some(page) = scan.next::<Commitment>(tx).await? {
            changed.extend(page);
        }
        for c in changed {
            let mut value = c.value.clone();
            value.node = Some(now.clone());
            if value.title == *old_title {
                value.title = new_title.clone();
            }
            let note = format!("framework node {was} is now {now}");
            ops::update_noted(tx, actor, c.id, c.version, value, Some(&note)).await?;
        }
    }
    Ok(())
}

/// `POST /admin/initiatives/{id}/framework`
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let version: i64 = form.get("version").parse().map_err(|_| AppError::BadRequest("which version?".into()))?;
    let mut tx = state.store.write().await?;
    let ini = ops::get::<Initiative>(&mut *tx, Id::new(id)).await?;
    let mut errors = FieldErrors::default();
    if ini.version != version {
        errors.add("version", page.t("error-changed-meanwhile"));
    }
    let mut kept = Vec::new();
    for i in 0..MAX_NODES {
        let cell = |field: &str| rows::cell(&form, "n", i, field);
        let was = Some(cell("key")).filter(|k| !k.is_empty()).map(|k| NodeKey(k.to_owned()));
        if was.as_ref().is_some_and(|k| ini.framework.get(k.as_str()).is_none()) {
            return Err(AppError::BadRequest(format!("row {} names a node this framework does not have", i + 1)));
        }
        if cell("remove") == "yes" {
            if let Some(k) = &was {
                let n = tx.count_matching(&under(id, k)).await?;
                if n > 0 {
                    errors.add(&format!("n{i}_remove"), page.t_args("error-node-has-commitments", &[("count", n)]));
                }
            }
            continue;
        }
        let number = cell("number");
        if number.is_empty() {
            if was.is_some() {
                errors.add(&format!("n{i}_number"), page.t("error-node-number"));
            }
            continue;
        }
        if number.contains(char::is_whitespace) || number.contains(['(', ')', '-']) {
            errors.add(&format!("n{i}_number"), page.t("error-node-number"));
        }
        let title = Localized {
            en: Some(cell("en").to_owned()).filter(|s| !s.is_empty()),
            ja: Some(cell("ja").to_owned()).filter(|s| !s.is_empty()),
        };
        if title.is_empty() {
            errors.add(&format!("n{i}_en"), page.t("error-node-title"));
        }
        let mut responsible = Vec::new();
        for named in
            cell("responsible").split([',', '、']).map(str::trim).filter(|s| !s.is_empty()).take(rows::MAX_ROWS)
        {
            match rows::organisation(&mut *tx, named).await? {
                Some(o) => responsible.push(o.id),
                None => {
                    errors.add(&format!("n{i}_responsible"), format!("{} {named:?}", page.t("error-no-organisation")))
                }
            }
        }
        kept.push(RowIn {
            index: i,
            was,
            parent: Some(cell("parent")).filter(|p| !p.is_empty()).map(|p| NodeKey(p.to_owned())),
            number: number.to_owned(),
            title,
            order: cell("order").parse().unwrap_or(i as i64 * 10),
            responsible,
        });
    }
    let rebuilt = rebuild(&ini.framework, &kept, &page, &mut errors);
    if errors.is_empty() {
        let value = Initiative { framework: rebuilt.framework, ..ini.value.clone() };
        let note = super::note(&form, "framework edited in the back office");
        match ops::update_noted(&mut *tx, &actor, ini.id, version, value, Some(&note)).await {
            Ok(_) => {
                follow(&mut *tx, &actor, id, &rebuilt.renamed).await?;
                tx.commit().await?;
                return Ok(Redirect::to(&format!("/admin/initiatives/{id}/framework?saved=1")).into_response());
            }
            Err(e) => match AppError::from(e) {
                AppError::Invalid(invalid) => errors = FieldErrors::from_invalid(&page, &invalid),
                AppError::Conflict(_) => errors.add("version", page.t("error-changed-meanwhile")),
                other => return Err(other),
            },
        }
    }
    let edit = view(&mut *tx, page, &ini, Some(form), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, crate::pages::render(&edit)?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: usize, was: Option<&str>, parent: Option<&str>, number: &str, order: i64) -> RowIn {
        RowIn {
            index,
            was: was.map(|k| NodeKey(k.into())),
            parent: parent.map(|k| NodeKey(k.into())),
            number: number.into(),
            title: Localized::en(format!("node {number}")),
            order,
            responsible: vec![],
        }
    }

    #[test]
    fn a_moved_node_takes_its_children_and_gets_its_new_identifier() {
        let mut old = Framework::default();
        old.add(None, "1", Localized::en("node 1"));
        old.add(None, "2", Localized::en("node 2"));
        old.add(Some("1"), "i", Localized::en("node i"));
        old.add(Some("1-(i)"), "a", Localized::en("node a"));
        // Measure 1-(i) moves under pillar 2 as (ii), before a new (i).
        let kept = [
            row(0, Some("1"), None, "1", 10),
            row(1, Some("2"), None, "2", 20),
            row(2, Some("1-(i)"), Some("2"), "ii", 20),
            row(3, Some("1-(i)-(a)"), Some("1-(i)"), "a", 10),
            row(4, None, Some("2"), "i", 10),
        ];
        let mut errors = FieldErrors::default();
        let rebuilt = rebuild(&old, &kept, &Page::for_tests(), &mut errors);
        assert!(errors.is_empty());
        let keys: Vec<&str> = rebuilt.framework.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["1", "2", "2-(i)", "2-(ii)", "2-(ii)-(a)"]);
        rebuilt.framework.validate().unwrap();
        let moves: Vec<(&str, &str)> = rebuilt.renamed.iter().map(|(a, b, _, _)| (a.as_str(), b.as_str())).collect();
        assert_eq!(moves, [("1-(i)", "2-(ii)"), ("1-(i)-(a)", "2-(ii)-(a)")]);
    }

    #[test]
    fn two_nodes_with_one_identifier_are_refused_at_the_second() {
        let old = Framework::default();
        let kept = [row(0, None, None, "1", 10), row(1, None, None, "1", 20)];
        let mut errors = FieldErrors::default();
        rebuild(&old, &kept, &Page::for_tests(), &mut errors);
        assert!(errors.get("n1_number").is_some() && errors.get("n0_number").is_none());
    }
}
