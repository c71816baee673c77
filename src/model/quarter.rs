//! Quarter labels (`2026-Q3`) and how they map to calendar dates.
//!
//! A quarter is a label inside a fiscal year; which calendar months it covers
//! depends on `fiscal_year_start_month` in `cto-plan.toml`. The fiscal year is
//! named after the calendar year in which it ends (Microsoft's and Walmart's
//! convention), so with a July start `2026-Q1` is July–September 2025. This
//! module only does arithmetic: it reads no files and knows no records.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

/// One quarter of a fiscal year, ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i16,
    number: u8,
}

/// Why a quarter label was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{label}' is not a quarter: write it as YYYY-Qn, for example 2026-Q3")]
pub struct QuarterParseError {
    label: String,
}

impl Quarter {
    /// A quarter from its year and number (1 to 4).
    pub fn new(year: i16, number: u8) -> Option<Quarter> {
        ((1..=4).contains(&number) && (1000..=9998).contains(&year))
            .then_some(Quarter { year, number })
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn number(self) -> u8 {
        self.number
    }

    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// The quarter before this one.
    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// How many quarters `later` lies after `self` (negative when earlier).
    pub fn quarters_until(self, later: Quarter) -> i32 {
        (i32::from(later.year) * 4 + i32::from(later.number))
            - (i32::from(self.year) * 4 + i32::from(self.number))
    }

    /// The first day of the quarter, for a fiscal year starting in
    /// `fiscal_start_month` (1 = January).
    pub fn start_date(self, fiscal_start_month: u8) -> Date {
        let month0 =
            i32::from(fiscal_start_month.clamp(1, 12)) - 1 + 3 * (i32::from(self.number) - 1);
        // A fiscal year that does not start in January began in the previous calendar year.
        let mut year = i32::from(self.year) - i32::from(fiscal_start_month > 1);
        year += month0 / 12;
        let month = (month0 % 12 + 1) as i8;
        // Past the calendar's edges (years -9999 and 9999) there is no date: saturate.
        match year {
            ..-9999 => Date::MIN,
            10000.. => Date::MAX,
            _ => Date::new(year as i16, month, 1).unwrap_or(Date::MAX),
        }
    }

    /// The last day of the quarter.
    pub fn end_date(self, fiscal_start_month: u8) -> Date {
        let next = self.next().start_date(fiscal_start_month);
        // The last quarter the calendar holds ends on its last day.
        if next == Date::MAX {
            Date::MAX
        } else {
            next.yesterday().unwrap_or(Date::MIN)
        }
    }

    /// The quarter that contains `date`.
    pub fn containing(date: Date, fiscal_start_month: u8) -> Quarter {
        let start = i32::from(fiscal_start_month.clamp(1, 12));
        let month = i32::from(date.month());
        let months_into_year = (month - start).rem_euclid(12);
        let fiscal_year = i32::from(date.year()) + i32::from(start > 1 && month >= start);
        Quarter {
            year: fiscal_year as i16,
            number: (months_into_year / 3 + 1) as u8,
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

impl FromStr for Quarter {
    type Err = QuarterParseError;

    fn from_str(label: &str) -> Result<Quarter, QuarterParseError> {
        let error = || QuarterParseError {
            label: label.to_owned(),
        };
        let (year, number) = label.split_once("-Q").ok_or_else(error)?;
        if year.len() != 4 || number.len() != 1 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        let year: i16 = year.parse().map_err(|_| error())?;
        let number: u8 = number.parse().map_err(|_| error())?;
        Quarter::new(year, number).ok_or_else(error)
    }
}

impl serde::Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_and_prints() {
        let q: Quarter = "2026-Q3".parse().unwrap();
        assert_eq!(q.to_string(), "2026-Q3");
        for bad in [
            "2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "2026-q1", "", "2026-Q1 ",
        ] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad}");
        }
    }

    #[test]
    fn calendar_quarters() {
        let q: Quarter = "2026-Q3".parse().unwrap();
        assert_eq!(q.start_date(1), date(2026, 7, 1));
        assert_eq!(q.end_date(1), date(2026, 9, 30));
        assert_eq!(Quarter::containing(date(2026, 9, 30), 1), q);
        assert_eq!(Quarter::containing(date(2026, 10, 1), 1), q.next());
    }

    #[test]
    fn fiscal_year_named_after_its_end() {
        // July start: FY2026 runs 2025-07-01 .. 2026-06-30.
        let q1: Quarter = "2026-Q1".parse().unwrap();
        assert_eq!(q1.start_date(7), date(2025, 7, 1));
        assert_eq!(
            "2026-Q3".parse::<Quarter>().unwrap().start_date(7),
            date(2026, 1, 1)
        );
        assert_eq!(
            "2026-Q4".parse::<Quarter>().unwrap().end_date(7),
            date(2026, 6, 30)
        );
        assert_eq!(Quarter::containing(date(2025, 7, 1), 7), q1);
        assert_eq!(
            Quarter::containing(date(2026, 6, 30), 7).to_string(),
            "2026-Q4"
        );
        assert_eq!(
            Quarter::containing(date(2026, 7, 1), 7).to_string(),
            "2027-Q1"
        );
    }

    #[test]
    fn the_calendar_edges_do_not_panic() {
        let last = Quarter::containing(jiff::civil::Date::MAX, 1);
        assert_eq!(last.next().end_date(1), jiff::civil::Date::MAX);
        let _ = Quarter::containing(jiff::civil::Date::MAX, 7)
            .next()
            .next()
            .start_date(7);
        let _ = Quarter::containing(jiff::civil::Date::MIN, 7)
            .previous()
            .start_date(7);
    }

    #[test]
    fn every_start_month_round_trips() {
        for month in 1..=12u8 {
            let mut q: Quarter = "2024-Q1".parse().unwrap();
            for _ in 0..12 {
                assert_eq!(Quarter::containing(q.start_date(month), month), q);
                assert_eq!(Quarter::containing(q.end_date(month), month), q);
                q = q.next();
            }
        }
    }
}
