//! An indicator's progress as a server-rendered SVG chart: observations,
//! the target, and the straight-line projection from the start (baseline,
//! or zero when the initiative started) through the latest observation to
//! the target's deadline, which says whether it is on track.

use chrono::NaiveDate;
use pledgebook_core::Indicator;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 32.0;

/// Everything the chart template draws, already in SVG coordinates.
#[derive(Debug, Clone)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_bottom: f64,
    pub plot_right: f64,
    pub points: Vec<(f64, f64, String)>,
    /// "x,y x,y ..." for a polyline.
    pub line: String,
    pub target: Option<(f64, f64, String)>,
    pub projection: Option<(f64, f64, f64, f64)>,
    pub y_max_label: String,
    pub x_start_label: String,
    pub x_end_label: String,
    pub progress: Option<Progress>,
}

/// How far along the current value is, and where the trend leads.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub current: f64,
    pub target: f64,
    pub deadline: NaiveDate,
    pub percent: u32,
    pub projected: Option<f64>,
    pub on_track: Option<bool>,
    /// The same numbers written for readers: "1,000".
    pub target_text: String,
    pub projected_text: Option<String>,
}

pub(crate) fn grouped(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Straight-line projection to `deadline` from (start, start_value) through (last, value).
pub fn project(start: (NaiveDate, f64), last: (NaiveDate, f64), deadline: NaiveDate) -> Option<f64> {
    let span = (last.0 - start.0).num_days();
    if span <= 0 {
        return None;
    }
    let rate = (last.1 - start.1) / span as f64;
    Some(last.1 + rate * (deadline - last.0).num_days() as f64)
}

impl Chart {
    /// `started`: when the initiative began, used as a zero baseline when the indicator has none.
    pub fn of(indicator: &Indicator, started: Option<NaiveDate>) -> Option<Chart> {
        let mut obs: Vec<(NaiveDate, f64)> = indicator.observations.iter().map(|o| (o.date, o.value)).collect();
        obs.sort_by_key(|o| o.0);
        let start = indicator.baseline.as_ref().map(|b| (b.date, b.value)).or_else(|| started.map(|d| (d, 0.0)));
        let target = indicator.targets.iter().max_by_key(|t| t.deadline);
        let last = *obs.last()?;
        let mut series: Vec<(NaiveDate, f64)> = start.into_iter().chain(obs.iter().copied()).collect();
        series.dedup_by_key(|p| p.0);
        let first_date = series[0].0;
        let end_date = target.map_or(last.0, |t| t.deadline.max(last.0));
        let days = (end_date - first_date).num_days().max(1) as f64;
        let y_top = series.iter().map(|p| p.1).chain(target.map(|t| t.value)).fold(1.0_f64, f64::max) * 1.1;
        let (pw, ph) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        let x = |d: NaiveDate| LEFT + pw * (d - first_date).num_days() as f64 / days;
        let y = |v: f64| TOP + ph * (1.0 - v / y_top);
        let points: Vec<(f64, f64, String)> =
            obs.iter().map(|(d, v)| (x(*d), y(*v), format!("{} ({d})", grouped(*v)))).collect();
        let line = series.iter().map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v))).collect::<Vec<_>>().join(" ");
        let progress = target.map(|t| {
            let projected = start.and_then(|s| project(s, last, t.deadline));
            Progress {
                current: last.1,
                target: t.value,
                deadline: t.deadline,
                percent: ((last.1 / t.value) * 100.0).clamp(0.0, 100.0).round() as u32,
                projected,
                on_track: projected.map(|p| p >= t.value),
                target_text: grouped(t.value),
                projected_text: projected.map(grouped),
            }
        });
        let projection =
            progress.as_ref().and_then(|p| p.projected.map(|v| (x(last.0), y(last.1), x(p.deadline), y(v.max(0.0)))));
        Some(Chart {
            width: WIDTH,
            height: HEIGHT,
            plot_left: LEFT,
            plot_bottom: TOP + ph,
            plot_right: WIDTH - RIGHT,
            points,
            line,
            target: target.map(|t| (x(t.deadline), y(t.value), grouped(t.value))),
            projection,
            y_max_label: grouped(y_top / 1.1),
            x_start_label: first_date.to_string(),
            x_end_label: end_date.to_string(),
            progress,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pledgebook_core::{Aggregation, Id, Localized, Observation, Target};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ambassadors() -> Indicator {
        Indicator {
            key: "cfa/ambassadors".into(),
            initiative: Id::new(1),
            commitment: None,
            name: Localized::en("Registered ambassadors"),
            unit: "ambassadors".into(),
            aggregation: Aggregation::Latest,
            counts: None,
            baseline: None,
            targets: vec![Target { value: 1000.0, deadline: d(2021, 3, 31), label: None }],
            observations: vec![Observation::new(365.0, d(2019, 7, 11))],
            dimensions: Vec::new(),
        }
    }

    #[test]
    fn childrens_future_action_is_off_track_for_1000_ambassadors() {
        let c = Chart::of(&ambassadors(), Some(d(2018, 4, 1))).unwrap();
        let p = c.progress.unwrap();
        assert_eq!((p.current, p.target, p.percent), (365.0, 1000.0, 37));
        // 365 in 466 days is 0.78 a day; 629 more days give about 858.
        assert_eq!(p.projected.map(f64::round), Some(858.0));
        assert_eq!(p.on_track, Some(false));
        assert_eq!(c.points.len(), 1);
        assert_eq!(c.target.unwrap().2, "1,000");
    }

    #[test]
    fn without_a_start_there_is_no_projection_but_still_a_chart() {
        let c = Chart::of(&ambassadors(), None).unwrap();
        assert_eq!(c.progress.unwrap().on_track, None);
        let mut none = ambassadors();
        none.observations.clear();
        assert!(Chart::of(&none, None).is_none());
        assert_eq!(grouped(1234567.0), "1,234,567");
    }
}
