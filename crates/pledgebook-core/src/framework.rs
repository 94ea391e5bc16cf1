//! An initiative's framework: the ordered tree of pillars, measures and
//! sub-measures that commitments hang from. Nodes keep the identifiers people
//! cite ("1-(ii)"), so reports and cross references stay readable.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::organisation::Organisation;
use crate::text::Localized;
use crate::validation::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeLevel {
    Pillar,
    Measure,
    SubMeasure,
}

/// The display identifier of a node: `1` for a pillar, `1-(ii)` for a
/// measure, `1-(ii)-(a)` for a sub-measure.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct NodeKey(pub String);

impl NodeKey {
    /// The key of a child numbered `number` under `parent`.
    pub fn child(parent: Option<&NodeKey>, number: &str) -> NodeKey {
        match parent {
            None => NodeKey(number.to_owned()),
            Some(p) => NodeKey(format!("{}-({number})", p.0)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for NodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FrameworkNode {
    pub key: NodeKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<NodeKey>,
    pub level: NodeLevel,
    /// The number as printed: "1", "ii", "a".
    pub number: String,
    pub title: Localized,
    /// Bodies responsible for the node as a whole (a plan measure's ministries).
    #[serde(default)]
    #[schema(value_type = Vec<crate::id::IdSchema>)]
    pub responsible: Vec<Id<Organisation>>,
}

/// Nodes in reading order; a parent always comes before its children.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Framework {
    pub nodes: Vec<FrameworkNode>,
}

impl Framework {
    pub fn get(&self, key: &str) -> Option<&FrameworkNode> {
        self.nodes.iter().find(|n| n.key.0 == key)
    }

    pub fn children<'a>(&'a self, parent: Option<&'a NodeKey>) -> impl Iterator<Item = &'a FrameworkNode> + 'a {
        self.nodes.iter().filter(move |n| n.parent.as_ref() == parent)
    }

    pub fn pillars(&self) -> impl Iterator<Item = &FrameworkNode> {
        self.children(None)
    }

    /// Adds a node numbered `number` under `parent`, deriving key and level.
    pub fn add(&mut self, parent: Option<&str>, number: &str, title: Localized) -> &mut FrameworkNode {
        let parent_node = parent.and_then(|p| self.get(p));
        let level = match parent_node.map(|p| p.level) {
            None => NodeLevel::Pillar,
            Some(NodeLevel::Pillar) => NodeLevel::Measure,
            Some(_) => NodeLevel::SubMeasure,
        };
        let parent = parent.map(|p| NodeKey(p.to_owned()));
        let key = NodeKey::child(parent.as_ref(), number);
        self.nodes.push(FrameworkNode {
            key,
            parent,
            level,
            number: number.to_owned(),
            title,
            responsible: Vec::new(),
        });
        self.nodes.last_mut().expect("just pushed")
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        let mut seen: HashSet<&NodeKey> = HashSet::new();
        for (i, n) in self.nodes.iter().enumerate() {
            let field = format!("framework[{i}]");
            if !seen.insert(&n.key) {
                inv.push(format!("{field}.key"), "duplicate", format!("node {} appears twice", n.key));
            }
            match &n.parent {
                Some(p) if !self.nodes[..i].iter().any(|m| &m.key == p) => {
                    inv.push(
                        format!("{field}.parent"),
                        "missing-parent",
                        format!("node {} comes before its parent {p}", n.key),
                    );
                }
                None if n.level != NodeLevel::Pillar => {
                    inv.push(
                        format!("{field}.level"),
                        "level",
                        format!("node {} has no parent, so it must be a pillar", n.key),
                    );
                }
                _ => {}
            }
            if NodeKey::child(n.parent.as_ref(), &n.number) != n.key {
                inv.push(
                    format!("{field}.key"),
                    "key",
                    format!("node {} should be keyed {}", n.key, NodeKey::child(n.parent.as_ref(), &n.number)),
                );
            }
            if n.title.is_empty() {
                inv.push(format!("{field}.title"), "required", format!("node {} needs a title", n.key));
            }
        }
        inv.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Framework {
        let mut f = Framework::default();
        f.add(None, "1", Localized::en("Enhancement of public awareness"));
        f.add(Some("1"), "i", Localized::en("Convening of a public-private conference"));
        f.add(Some("1"), "ii", Localized::en("Promotion of public relations"));
        f.add(None, "2", Localized::en("Protection of victims"));
        f
    }

    #[test]
    fn keys_read_as_people_cite_them() {
        let f = plan();
        assert_eq!(f.get("1-(ii)").unwrap().level, NodeLevel::Measure);
        assert_eq!(f.pillars().count(), 2);
        assert_eq!(f.children(Some(&NodeKey("1".into()))).map(|n| n.number.as_str()).collect::<Vec<_>>(), ["i", "ii"]);
        f.validate().unwrap();
    }

    #[test]
    fn rejects_duplicates_orphans_and_wrong_keys() {
        let mut f = plan();
        f.nodes.push(f.nodes[1].clone());
        let mut orphan = f.nodes[1].clone();
        orphan.parent = Some(NodeKey("9".into()));
        orphan.key = NodeKey("9-(i)".into());
        f.nodes.push(orphan);
        let mut wrong = f.nodes[2].clone();
        wrong.key = NodeKey("1-(iii)".into());
        f.nodes.push(wrong);
        let e = f.validate().unwrap_err();
        assert!(e.has("framework[4].key"), "{e}");
        assert!(e.has("framework[5].parent"), "{e}");
        assert!(e.has("framework[6].key"), "{e}");
    }
}
