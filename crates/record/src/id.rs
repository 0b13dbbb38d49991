//! Record ids: `r` and ten characters of Crockford's base32 (lower case, no
//! `i l o u`), 50 random bits: short enough to type, safe in URLs and file
//! names, and unguessable enough that a collision (which the store refuses
//! anyway) does not happen in practice.

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Length of an id, the leading `r` included.
pub const LEN: usize = 11;

/// A new random id.
pub fn new_id() -> String {
    let mut bytes = [0u8; 8];
    // The OS random source only fails on a broken system; fall back to the clock.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = (nanos as u64 ^ u64::from(std::process::id()).rotate_left(32)).to_le_bytes();
    }
    let mut n = u64::from_le_bytes(bytes);
    let mut id = String::with_capacity(LEN);
    id.push('r');
    for _ in 0..LEN - 1 {
        id.push(ALPHABET[(n & 31) as usize] as char);
        n >>= 5;
    }
    id
}

/// Whether `text` has the form of a record id.
pub fn is_valid(text: &str) -> bool {
    text.len() == LEN
        && text.starts_with('r')
        && text.bytes().skip(1).all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_valid_and_distinct() {
        let ids: std::collections::BTreeSet<String> = (0..1000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| is_valid(id)), "{ids:?}");
    }

    #[test]
    fn other_text_is_not_an_id() {
        for bad in [
            "",
            "r",
            "r0123456789x",
            "R0123456789",
            "r012345678i",
            "../etc/pass",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert!(is_valid("r0123456789"));
    }
}
