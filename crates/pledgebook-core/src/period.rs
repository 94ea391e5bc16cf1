//! Reporting periods as people name them: `FY2018` (a Japanese fiscal year,
//! April to March), `2021` (a calendar year), `2021-H1`, `2021-Q3`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A fiscal year starting in April of the given year (Japan's).
    FiscalYear(i32),
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a period: write FY2018, 2021, 2021-H1 or 2021-Q3")]
pub struct BadPeriod(pub String);

impl Period {
    /// First and last day of the period, inclusive.
    pub fn dates(self) -> (NaiveDate, NaiveDate) {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("valid calendar date");
        let (start, end_excl) = match self {
            Period::FiscalYear(y) => (d(y, 4, 1), d(y + 1, 4, 1)),
            Period::Year(y) => (d(y, 1, 1), d(y + 1, 1, 1)),
            Period::Half(y, 1) => (d(y, 1, 1), d(y, 7, 1)),
            Period::Half(y, _) => (d(y, 7, 1), d(y + 1, 1, 1)),
            Period::Quarter(y, 4) => (d(y, 10, 1), d(y + 1, 1, 1)),
            Period::Quarter(y, q) => {
                let m = 1 + 3 * (u32::from(q) - 1);
                (d(y, m, 1), d(y, m + 3, 1))
            }
        };
        (start, end_excl.pred_opt().expect("date after year 1"))
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        let (a, b) = self.dates();
        a <= date && date <= b
    }
}

impl FromStr for Period {
    type Err = BadPeriod;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.to_owned());
        let t = s.trim();
        let year = |y: &str| -> Result<i32, BadPeriod> {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse().ok())
                .flatten()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(bad)
        };
        if let Some(y) = t.strip_prefix("FY").or_else(|| t.strip_prefix("fy")) {
            return Ok(Period::FiscalYear(year(y)?));
        }
        match t.split_once('-') {
            None => Ok(Period::Year(year(t)?)),
            Some((y, part)) => {
                let y = year(y)?;
                match part.as_bytes() {
                    [b'H' | b'h', n @ b'1'..=b'2'] => Ok(Period::Half(y, n - b'0')),
                    [b'Q' | b'q', n @ b'1'..=b'4'] => Ok(Period::Quarter(y, n - b'0')),
                    _ => Err(bad()),
                }
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::FiscalYear(y) => write!(f, "FY{y}"),
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// In the API a period is its written form: `FY2018`, `2021`, `2021-H1`, `2021-Q3`.
impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(
                r"^(FY|fy)?(19[0-9]{2}|2[01][0-9]{2}|2200)$|^(19[0-9]{2}|2[01][0-9]{2}|2200)-([Hh][12]|[Qq][1-4])$",
            ))
            .examples(["FY2018"])
            .into()
    }
}
impl utoipa::ToSchema for Period {}
impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn japanese_fiscal_year_runs_april_to_march() {
        let fy: Period = "FY2020".parse().unwrap();
        assert_eq!(fy.dates(), (date(2020, 4, 1), date(2021, 3, 31)));
        assert!(fy.contains(date(2021, 3, 31)));
        assert!(!fy.contains(date(2020, 3, 31)));
    }

    #[test]
    fn parses_and_prints_every_form() {
        for s in ["FY2018", "2021", "2021-H2", "2021-Q4"] {
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        assert_eq!("2021-Q4".parse::<Period>().unwrap().dates().1, date(2021, 12, 31));
    }

    #[test]
    fn rejects_what_is_not_a_period() {
        for s in ["", "FY18", "2021-H3", "20x1", "2021-Q0", "FY20211"] {
            assert!(s.parse::<Period>().is_err(), "{s}");
        }
    }
}
