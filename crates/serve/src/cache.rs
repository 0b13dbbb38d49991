//! A small cache of rendered assessments.
//!
//! The engine is deterministic: the same KB and the same profile give the same
//! assessment. Serialising an assessment costs several times more than
//! computing it (it is a large document), and many requests repeat a profile
//! (a shared link, the site's back button, a load balancer's synthetic check),
//! so the JSON bytes (and their gzip form, once asked for) are kept, keyed by the canonical profile and the language.
//! The cache belongs to one loaded KB: a reload starts an empty one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use std::sync::Arc;

use crate::encoding::Encoded;

/// How many assessments are kept (each up to some 250 KB for the built-in KB: an expanded view; a full view is at most 100 KB).
pub const CAPACITY: usize = 64;

/// The key: the language, the view and the request body as sent.
pub type Key = (&'static str, &'static str, Vec<u8>);

/// Least-recently-used cache of assessment bytes.
#[derive(Debug, Default)]
pub struct AssessmentCache {
    entries: Mutex<HashMap<Key, (Arc<Encoded>, u64)>>,
    clock: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl AssessmentCache {
    /// The cached bytes for `key`, marking them as recently used.
    pub fn get(&self, key: &Key) -> Option<Arc<Encoded>> {
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match entries.get_mut(key) {
            Some((bytes, used)) => {
                *used = tick;
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(bytes.clone())
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps `doc` under `key`, evicting the least recently used entry when full.
    pub fn insert(&self, key: Key, doc: Arc<Encoded>) {
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            if let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, (doc, tick));
    }

    /// Hits and misses so far.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &'static str) -> Arc<Encoded> {
        Arc::new(Encoded::new(text))
    }

    fn key(i: usize) -> Key {
        ("en", "full", format!("{{\"n\":{i}}}").into_bytes())
    }

    #[test]
    fn hits_and_misses_are_counted() {
        let c = AssessmentCache::default();
        assert!(c.get(&key(1)).is_none());
        c.insert(key(1), doc("one"));
        assert_eq!(c.get(&key(1)).unwrap().identity(), "one");
        assert!(
            c.get(&("nl", "full", key(1).2)).is_none(),
            "the language is part of the key"
        );
        assert_eq!(c.stats(), (1, 2));
    }

    #[test]
    fn the_least_recently_used_entry_goes_first() {
        let c = AssessmentCache::default();
        for i in 0..CAPACITY {
            c.insert(key(i), doc("x"));
        }
        assert!(c.get(&key(0)).is_some(), "0 is now the most recent");
        c.insert(key(CAPACITY), doc(""));
        assert_eq!(c.len(), CAPACITY);
        assert!(c.get(&key(0)).is_some());
        assert!(c.get(&key(1)).is_none(), "1 was the least recently used");
    }
}
