//! A distribution as a server-rendered horizontal bar chart: one labelled
//! bar per group, scaled to the largest, with its value written at its end.
//! Geometry only; `templates/figures.html` draws it, with the same numbers
//! in a table beside it for screen readers and copying.

use crate::chart::grouped;

const WIDTH: f64 = 560.0;
const LABEL_WIDTH: f64 = 230.0;
const BAR_SPACE: f64 = 270.0;
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;

#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    /// Top of the bar.
    pub y: f64,
    pub width: f64,
    /// Baseline of the row's texts.
    pub text_y: f64,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub width: f64,
    pub height: f64,
    /// Where the bars start; labels end just before.
    pub x: f64,
    pub rows: Vec<BarRow>,
}

impl Bars {
    /// Bars in the order given; `None` when there is nothing to draw.
    pub fn of(items: &[(String, f64)]) -> Option<Bars> {
        let max = items.iter().map(|(_, v)| *v).fold(0.0, f64::max);
        if items.is_empty() || max <= 0.0 {
            return None;
        }
        let rows = items
            .iter()
            .enumerate()
            .map(|(i, (label, v))| {
                let y = 4.0 + i as f64 * ROW;
                BarRow {
                    label: label.clone(),
                    y,
                    width: (v / max * BAR_SPACE).max(1.0),
                    text_y: y + BAR - 4.0,
                    value: grouped(*v),
                }
            })
            .collect::<Vec<_>>();
        Some(Bars { width: WIDTH, height: 8.0 + rows.len() as f64 * ROW, x: LABEL_WIDTH, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let b = Bars::of(&[("NGO".into(), 12.0), ("Company".into(), 3.0), ("Co-op".into(), 0.0)]).unwrap();
        assert_eq!(b.rows[0].width, BAR_SPACE);
        assert_eq!(b.rows[1].width, BAR_SPACE / 4.0);
        assert_eq!(b.rows[2].width, 1.0, "a zero still shows as a hairline");
        assert!(b.rows[1].y > b.rows[0].y + BAR, "rows do not overlap");
        assert_eq!(b.height, 8.0 + 3.0 * ROW);
        assert_eq!(Bars::of(&[("A".into(), 360_000.0)]).unwrap().rows[0].value, "360,000");
    }

    #[test]
    fn nothing_to_draw_gives_no_chart() {
        assert_eq!(Bars::of(&[]), None);
        assert_eq!(Bars::of(&[("A".into(), 0.0)]), None);
    }
}
