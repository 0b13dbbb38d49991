//! Dates: today's date (UTC, overridable for reproducible runs) and the partial
//! dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) that tool facts carry.
//!
//! The checker only needs to compare calendar dates, so a few lines of civil
//! date arithmetic replace a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that fixes "today" (`YYYY-MM-DD`), for tests and reproducible CI.
pub const TODAY_ENV: &str = "KOMPAS_TODAY";

/// Today's date as `YYYY-MM-DD`, in UTC.
///
/// `KOMPAS_TODAY=YYYY-MM-DD` overrides the system clock; a value that is not a
/// valid full date is ignored (the clock is used), so a typo cannot freeze time
/// at a nonsense date.
pub fn today() -> String {
    if let Ok(value) = std::env::var(TODAY_ENV) {
        let value = value.trim();
        if value.len() == 10 && parse(value).is_some() {
            return value.to_owned();
        }
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The civil date (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097; // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A date that may omit its day or month; the missing parts count as the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    year: u32,
    month: u32,
    day: u32,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` when it is none of those or not a real date.
pub fn parse(text: &str) -> Option<PartialDate> {
    let mut parts = text.split('-');
    let year = number(parts.next()?, 4)?;
    let month = parts.next().map(|m| number(m, 2)).unwrap_or(Some(1))?;
    let day = parts.next().map(|d| number(d, 2)).unwrap_or(Some(1))?;
    if parts.next().is_some() || !(1..=12).contains(&month) {
        return None;
    }
    (day >= 1 && day <= days_in_month(year, month)).then_some(PartialDate { year, month, day })
}

fn number(text: &str, width: usize) -> Option<u32> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        // Leap years: divisible by 4 but not by 100, or by 400.
        2 if matches!((year % 4, year % 100, year % 400), (0, 1.., _) | (_, _, 0)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `as_of` lies more than twelve months before `today` (`None` when
/// either does not parse). A date without a day counts as its first day.
pub fn older_than_a_year(as_of: &str, today: &str) -> Option<bool> {
    let (as_of, today) = (parse(as_of)?, parse(today)?);
    let anniversary = PartialDate {
        year: as_of.year + 1,
        ..as_of
    };
    Some(anniversary < today)
}

/// Whether the period starting at `since` has begun by `today`. A `since` that
/// does not parse counts as begun: a status without a valid date holds now.
pub fn has_begun(since: Option<&str>, today: &str) -> bool {
    match (since.and_then(parse), parse(today)) {
        (Some(since), Some(today)) => since <= today,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn partial_dates_parse_and_compare() {
        assert!(parse("2026").is_some());
        assert!(parse("2026-03").is_some());
        assert!(parse("2024-02-29").is_some());
        assert!(parse("2023-02-29").is_none());
        assert!(parse("2026-13").is_none());
        assert!(parse("26-03-01").is_none());
        assert!(parse("2026-03-01-01").is_none());
        assert!(parse("March 2026").is_none());
        assert!(has_begun(Some("2026-03"), "2026-03-01"));
        assert!(!has_begun(Some("2026-03"), "2026-02-28"));
        assert!(has_begun(None, "2026-02-28"));
        assert!(has_begun(Some("2026-03-02"), "2026-11-22"));
    }

    #[test]
    fn a_year_old_is_older_than_twelve_months_from_the_next_day() {
        assert_eq!(older_than_a_year("2025-11-30", "2026-11-30"), Some(false));
        assert_eq!(older_than_a_year("2025-11-29", "2026-11-30"), Some(true));
        assert_eq!(older_than_a_year("2025-11", "2026-11-30"), Some(true));
        assert_eq!(older_than_a_year("2026-11-22", "2026-11-30"), Some(false));
        assert_eq!(older_than_a_year("soon", "2026-11-30"), None);
    }

    #[test]
    fn today_is_a_full_date() {
        let t = today();
        assert_eq!(t.len(), 10, "{t}");
        assert!(parse(&t).is_some(), "{t}");
    }
}
