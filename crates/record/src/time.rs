//! Timestamps: RFC 3339 in UTC with milliseconds (`2026-11-30T09:15:02.123Z`).
//! They sort as text, which the store relies on.
//!
//! A few lines of civil-date arithmetic instead of a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that fixes the clock (an RFC 3339 UTC time), for
/// reproducible examples and tests.
pub const NOW_ENV: &str = "KOMPAS_NOW";

/// Now, as an RFC 3339 UTC timestamp; `KOMPAS_NOW` overrides the clock when it
/// holds a timestamp in that form.
pub fn now() -> String {
    if let Ok(fixed) = std::env::var(NOW_ENV) {
        if is_timestamp(fixed.trim()) {
            return fixed.trim().to_owned();
        }
    }
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format_millis(since.as_millis() as i64)
}

/// Formats milliseconds since 1970-01-01T00:00:00Z.
pub fn format_millis(millis: i64) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The date part (`YYYY-MM-DD`) of a timestamp.
pub fn date_of(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

/// Whether `text` is a timestamp of the form [`format_millis`] writes.
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_millis(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(format_millis(1_796_029_261_005), "2026-11-30T09:01:01.005Z");
        assert!(is_timestamp(&format_millis(1_796_029_261_005)));
        assert!(is_timestamp(&now()));
        assert!(!is_timestamp("2026-11-30"));
        assert_eq!(date_of("2026-11-30T09:01:01.005Z"), "2026-11-30");
    }

    #[test]
    fn later_instants_sort_later_as_text() {
        let a = format_millis(1_700_000_000_000);
        let b = format_millis(1_700_000_000_001);
        let c = format_millis(1_800_000_000_000);
        assert!(a < b && b < c);
    }
}
