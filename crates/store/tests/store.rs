//! The store suite, run against SQLite and against a real PostgreSQL.
//!
//! PostgreSQL: set `KOMPAS_TEST_POSTGRES_URL` (scripts/test-all.sh starts a
//! cluster and always sets it). Without it the PostgreSQL half is skipped
//! with a loud message.

use std::sync::Arc;

use kompas_record::ops;
use kompas_record::{
    Actor, ActorVia, Change, KbIdentity, KbSource, Links, Record, RecordProfile, Stamp, Status,
};
use kompas_store::scratch::{self, TEST_POSTGRES_URL_ENV};
use kompas_store::{Append, DatabaseUrl, Store, StoreError};
use serde_json::json;

fn actor(name: &str) -> Actor {
    Actor {
        id: format!("local:{name}"),
        name: name.into(),
        via: ActorVia::Local,
    }
}

fn stamp(n: u32, who: &str) -> Stamp {
    Stamp {
        at: format!("2026-11-30T09:{:02}:{:02}.000Z", n / 60, n % 60),
        by: actor(who),
    }
}

fn record(title: &str, digest: &str, n: u32) -> Record {
    Record {
        id: kompas_record::id::new_id(),
        revision: 1,
        title: title.into(),
        organisation: Some("Webshop".into()),
        status: Status::Draft,
        profile: RecordProfile {
            answers: json!({"team_size": 10}),
            sha256: "a".repeat(64),
        },
        kb: KbIdentity {
            id: "webshop".into(),
            version: "1".into(),
            digest: digest.into(),
            title: "KB".into(),
            source: KbSource::BuiltIn,
            path: None,
            git: None,
        },
        assessment: json!({"decisions": [{"id": "ingress",
            "recommendation": {"option": "traefik", "title": "Traefik", "tools": ["traefik"]},
            "alternatives": [{"option": "contour", "title": "Contour", "tools": ["contour"]}]}],
            "big": "x".repeat(10_000)}),
        overrides: vec![],
        signoffs: vec![],
        links: Links::default(),
        created: stamp(n, "ann"),
        updated: stamp(n, "ann"),
        accepted: None,
    }
}

/// The backends to run the suite on: a fresh SQLite file, and a fresh
/// PostgreSQL database when one is configured.
async fn backends() -> Vec<(DatabaseUrl, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![(
        DatabaseUrl::sqlite(&dir.path().join("nested/records.sqlite3")),
        Some(dir),
    )];
    match std::env::var(TEST_POSTGRES_URL_ENV) {
        Ok(url) if !url.is_empty() => {
            let fresh = scratch::create_database(&url, "kompas_store").await.expect("a scratch database");
            out.push((fresh.parse().unwrap(), None));
        }
        _ => eprintln!(
            "\n*** {TEST_POSTGRES_URL_ENV} is not set: the PostgreSQL half of the store suite is SKIPPED (scripts/test-all.sh sets it) ***\n"
        ),
    }
    out
}

async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Store, DatabaseUrl) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for (url, _dir) in backends().await {
        let store = Store::open(&url).await.unwrap_or_else(|e| panic!("{e}"));
        test(store, url.clone()).await;
    }
}

#[tokio::test]
async fn a_record_reads_back_as_it_was_saved_with_its_kb_snapshot() {
    each_backend(|store, _| async move {
        let r = record("Platform choices", "d1", 1);
        let snapshot = json!({"tools": [{"id": "traefik", "lifecycle": {"status": "active"}}]});
        store.create(&r, Some(&snapshot)).await.unwrap();
        assert_eq!(store.get(&r.id).await.unwrap(), r);
        assert_eq!(store.kb_snapshot("d1").await.unwrap(), Some(snapshot));
        assert_eq!(store.kb_snapshot("other").await.unwrap(), None);
        assert_eq!(store.head_revision(&r.id).await.unwrap(), Some(1));
        let revisions = store.revisions(&r.id).await.unwrap();
        assert_eq!(revisions.len(), 1);
        assert_eq!(revisions[0].change, Change::Created);
        assert_eq!(revisions[0].at.by.name, "ann");
    })
    .await;
}

#[tokio::test]
async fn every_change_is_a_new_revision_and_old_ones_stay() {
    each_backend(|store, _| async move {
        let r = record("Platform choices", "d1", 1);
        store.create(&r, None).await.unwrap();
        let (r2, c2) =
            ops::set_override(&r, "ingress", "contour", "We run Contour.", stamp(2, "bob"))
                .unwrap();
        store
            .append(&[Append {
                record: &r2,
                change: &c2,
            }])
            .await
            .unwrap();
        let (r3, c3) = ops::propose(&r2, stamp(3, "bob")).unwrap();
        store
            .append(&[Append {
                record: &r3,
                change: &c3,
            }])
            .await
            .unwrap();
        let (r4, c4) = ops::accept(&r3, stamp(4, "cas")).unwrap();
        store
            .append(&[Append {
                record: &r4,
                change: &c4,
            }])
            .await
            .unwrap();

        let head = store.get(&r.id).await.unwrap();
        assert_eq!(head, r4);
        assert_eq!(
            head.assessment, r.assessment,
            "the assessment is kept whole"
        );
        assert_eq!(store.get_revision(&r.id, Some(2)).await.unwrap(), r2);
        assert_eq!(store.get_revision(&r.id, Some(1)).await.unwrap(), r);
        assert!(matches!(
            store.get_revision(&r.id, Some(9)).await,
            Err(StoreError::NoRevision { revision: 9, .. })
        ));
        let kinds: Vec<_> = store
            .revisions(&r.id)
            .await
            .unwrap()
            .iter()
            .map(|v| (v.revision, v.change.kind(), v.status, v.at.by.name.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (1, "created", Status::Draft, "ann".into()),
                (2, "overridden", Status::Draft, "bob".into()),
                (3, "proposed", Status::Proposed, "bob".into()),
                (4, "accepted", Status::Accepted, "cas".into()),
            ]
        );
        assert_eq!(store.accepted().await.unwrap(), vec![r4]);
    })
    .await;
}

#[tokio::test]
async fn a_stale_revision_is_a_conflict_and_writes_nothing() {
    each_backend(|store, _| async move {
        let r = record("T", "d", 1);
        store.create(&r, None).await.unwrap();
        let (p, c) = ops::propose(&r, stamp(2, "a")).unwrap();
        store
            .append(&[Append {
                record: &p,
                change: &c,
            }])
            .await
            .unwrap();
        // A second writer that also started from revision 1.
        let (stale, c) = ops::set_override(&r, "ingress", "contour", "x", stamp(3, "b")).unwrap();
        match store
            .append(&[Append {
                record: &stale,
                change: &c,
            }])
            .await
        {
            Err(StoreError::Conflict {
                expected: 1,
                current: Some(2),
                ..
            }) => {}
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(store.get(&r.id).await.unwrap(), p);
        let err = store
            .append(&[Append {
                record: &record("U", "d", 1),
                change: &Change::Proposed,
            }])
            .await;
        assert!(matches!(err, Err(StoreError::NotFound { .. })), "{err:?}");
        assert!(matches!(
            store.get("r0000000000").await,
            Err(StoreError::NotFound { .. })
        ));
        assert!(matches!(
            store.revisions("r0000000000").await,
            Err(StoreError::NotFound { .. })
        ));
        // The same id twice is refused too.
        assert!(matches!(
            store.create(&r, None).await,
            Err(StoreError::Conflict { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn of_many_concurrent_accepts_exactly_one_wins() {
    each_backend(|store, _| async move {
        let r = record("T", "d", 1);
        store.create(&r, None).await.unwrap();
        let (p, c) = ops::propose(&r, stamp(2, "a")).unwrap();
        store
            .append(&[Append {
                record: &p,
                change: &c,
            }])
            .await
            .unwrap();
        let p = Arc::new(p);
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let (store, p) = (store.clone(), p.clone());
                tokio::spawn(async move {
                    let (a, c) = ops::accept(&p, stamp(10 + i, &format!("approver{i}"))).unwrap();
                    store
                        .append(&[Append {
                            record: &a,
                            change: &c,
                        }])
                        .await
                })
            })
            .collect();
        let mut wins = 0;
        let mut conflicts = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => wins += 1,
                Err(StoreError::Conflict { .. }) => conflicts += 1,
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert_eq!((wins, conflicts), (1, 7));
        let revisions = store.revisions(&r.id).await.unwrap();
        assert_eq!(revisions.len(), 3);
        assert_eq!(revisions[2].change, Change::Accepted);
    })
    .await;
}

#[tokio::test]
async fn superseding_changes_both_records_or_neither() {
    each_backend(|store, _| async move {
        let accepted = |title: &str, n: u32| {
            let r = record(title, "d", n);
            let (p, pc) = ops::propose(&r, stamp(n + 1, "a")).unwrap();
            let (a, ac) = ops::accept(&p, stamp(n + 2, "b")).unwrap();
            (r, (p, pc), (a, ac))
        };
        let mut heads = Vec::new();
        for (title, n) in [("old", 1), ("new", 10)] {
            let (r, (p, pc), (a, ac)) = accepted(title, n);
            store.create(&r, None).await.unwrap();
            store
                .append(&[Append {
                    record: &p,
                    change: &pc,
                }])
                .await
                .unwrap();
            store
                .append(&[Append {
                    record: &a,
                    change: &ac,
                }])
                .await
                .unwrap();
            heads.push(a);
        }
        let (old, new) = (&heads[0], &heads[1]);
        // The newer record moves on before the supersede lands: nothing is written.
        let ((o2, oc), (n2, nc)) = ops::supersede(old, new, stamp(30, "c")).unwrap();
        let (signed, sc) = ops::sign(new, "Dee", "CTO", None, stamp(29, "d")).unwrap();
        store
            .append(&[Append {
                record: &signed,
                change: &sc,
            }])
            .await
            .unwrap();
        let err = store
            .append(&[
                Append {
                    record: &o2,
                    change: &oc,
                },
                Append {
                    record: &n2,
                    change: &nc,
                },
            ])
            .await;
        match err {
            Err(StoreError::Conflict { ref id, .. }) => assert_eq!(id, &new.id),
            other => panic!("expected a conflict on the newer record, got {other:?}"),
        }
        assert_eq!(
            store.get(&old.id).await.unwrap().status,
            Status::Accepted,
            "the old record is untouched"
        );
        // On the fresh revision it goes through, for both.
        let ((o2, oc), (n2, nc)) = ops::supersede(old, &signed, stamp(31, "c")).unwrap();
        store
            .append(&[
                Append {
                    record: &o2,
                    change: &oc,
                },
                Append {
                    record: &n2,
                    change: &nc,
                },
            ])
            .await
            .unwrap();
        let (o, n) = (
            store.get(&old.id).await.unwrap(),
            store.get(&new.id).await.unwrap(),
        );
        assert_eq!(
            (o.status, o.links.superseded_by.as_deref()),
            (Status::Superseded, Some(new.id.as_str()))
        );
        assert_eq!(n.links.supersedes, std::slice::from_ref(&old.id));
        assert_eq!(store.accepted().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn lists_show_the_newest_revision_newest_record_first_and_survive_a_restart() {
    each_backend(|store, url| async move {
        let a = record("first", "d", 1);
        let b = record("second", "d", 2);
        store.create(&a, None).await.unwrap();
        store.create(&b, None).await.unwrap();
        let (a2, c) = ops::propose(&a, stamp(5, "x")).unwrap();
        store
            .append(&[Append {
                record: &a2,
                change: &c,
            }])
            .await
            .unwrap();
        let list = store.list().await.unwrap();
        let rows: Vec<_> = list
            .iter()
            .map(|s| (s.title.as_str(), s.revision, s.status))
            .collect();
        assert_eq!(
            rows,
            [("second", 1, Status::Draft), ("first", 2, Status::Proposed)]
        );
        let generation = store.generation().await.unwrap();
        assert_eq!(generation.0, 3);

        // Restart: close, open again (migrations run again and do nothing).
        store.close().await;
        let again = Store::open(&url).await.unwrap();
        assert_eq!(again.list().await.unwrap(), list);
        assert_eq!(again.get(&a.id).await.unwrap(), a2);
        assert_eq!(again.generation().await.unwrap(), generation);
    })
    .await;
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_says_which_and_hides_the_password() {
    let err = Store::open(
        &"postgres://kompas:hunter2@127.0.0.1:1/none"
            .parse()
            .unwrap(),
    )
    .await
    .err()
    .expect("nothing listens on port 1");
    let text = err.to_string();
    assert!(
        text.starts_with("cannot open the database postgres://kompas:***@127.0.0.1:1/none"),
        "{text}"
    );
    assert!(!text.contains("hunter2"));
    let file = tempfile::NamedTempFile::new().unwrap();
    let err = Store::open(&DatabaseUrl::sqlite(&file.path().join("sub/x.db")))
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .starts_with("cannot create the data directory"),
        "{err}"
    );
}
