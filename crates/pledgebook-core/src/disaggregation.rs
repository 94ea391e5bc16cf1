//! Disaggregation: an indicator may name dimensions (sex, age group,
//! prefecture) with their categories; an observation then carries a value
//! per category, and the values of each dimension it gives add up to its
//! total. Published as IATI `dimension`s and the sheets' `breakdown` column.

use serde::{Deserialize, Serialize};

use crate::indicator::{Indicator, Observation};
use crate::text::Localized;
use crate::validation::Invalid;

/// Most dimensions an indicator names, and categories a dimension has: a
/// bound on the form and on the work one observation can ask for.
pub const MAX_DIMENSIONS: usize = 5;
pub const MAX_CATEGORIES: usize = 50;

/// A way an indicator's values are split ("sex": female, male; "age
/// group"; "prefecture"), as IATI's `dimension` and as columns of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dimension {
    pub key: String,
    pub name: Localized,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Category {
    pub key: String,
    pub name: Localized,
}

/// One category's part of an observation (`sex` / `female`: 150).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Share {
    pub dimension: String,
    pub category: String,
    pub value: f64,
}

/// Whether two totals agree, allowing for decimal fractions.
fn adds_up(sum: f64, total: f64) -> bool {
    (sum - total).abs() <= 1e-9 * total.abs().max(1.0)
}

impl Observation {
    /// The value of one category, if the observation gives it.
    pub fn share(&self, dimension: &str, category: &str) -> Option<f64> {
        self.breakdown.iter().find(|s| s.dimension == dimension && s.category == category).map(|s| s.value)
    }
}

impl Indicator {
    /// Dimensions and categories are named once each; every observation's
    /// breakdown uses them, once per category, and adds up to its value.
    pub(crate) fn validate_dimensions(&self, inv: &mut Invalid) {
        if self.dimensions.len() > MAX_DIMENSIONS {
            inv.push("dimensions", "too-many", format!("at most {MAX_DIMENSIONS} dimensions"));
        }
        for (d, dim) in self.dimensions.iter().enumerate() {
            let field = format!("dimensions[{d}]");
            if dim.key.is_empty() || self.dimensions[..d].iter().any(|o| o.key == dim.key) {
                inv.push(&field, "duplicate", format!("each dimension needs its own name ({:?})", dim.key));
            }
            if dim.categories.is_empty() || dim.categories.len() > MAX_CATEGORIES {
                inv.push(
                    &field,
                    "categories",
                    format!("a dimension has 1 to {MAX_CATEGORIES} categories ({} given)", dim.categories.len()),
                );
            }
            for (c, cat) in dim.categories.iter().enumerate() {
                if cat.key.is_empty() || dim.categories[..c].iter().any(|o| o.key == cat.key) {
                    inv.push(&field, "duplicate", format!("the category {:?} is named twice", cat.key));
                }
            }
        }
        for (i, o) in self.observations.iter().enumerate() {
            let field = format!("observations[{i}].breakdown");
            for (n, s) in o.breakdown.iter().enumerate() {
                let known = self
                    .dimensions
                    .iter()
                    .find(|d| d.key == s.dimension)
                    .is_some_and(|d| d.categories.iter().any(|c| c.key == s.category));
                if !known {
                    inv.push(
                        &field,
                        "unknown-category",
                        format!("{} / {} is not a category of this indicator", s.dimension, s.category),
                    );
                } else if o.breakdown[..n].iter().any(|p| p.dimension == s.dimension && p.category == s.category) {
                    inv.push(&field, "duplicate", format!("{} / {} is given twice", s.dimension, s.category));
                }
                if !s.value.is_finite() {
                    inv.push(&field, "number", "a category's value must be a number");
                }
            }
            for dim in &self.dimensions {
                let parts: Vec<f64> = o.breakdown.iter().filter(|s| s.dimension == dim.key).map(|s| s.value).collect();
                let sum: f64 = parts.iter().sum();
                if !parts.is_empty() && !adds_up(sum, o.value) {
                    inv.push(
                        &field,
                        "breakdown-sum",
                        format!(
                            "the values by {} add up to {sum}, not to the total {}",
                            dim.name.en.as_deref().unwrap_or(&dim.key),
                            o.value
                        ),
                    );
                }
            }
        }
    }

    /// The newest observation split by at least one dimension: what the
    /// commitment page's table shows.
    pub fn latest_breakdown(&self) -> Option<&Observation> {
        self.observations.iter().filter(|o| !o.breakdown.is_empty()).max_by_key(|o| o.date)
    }
}
