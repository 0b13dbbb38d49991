//! The record store: one schema on SQLite or PostgreSQL, migrated at start.
//!
//! Writes are append-only. A change of a record inserts revision `n + 1`
//! copied from revision `n` (so the previous revision must exist) in one
//! transaction; the primary key `(record_id, revision)` refuses a second
//! writer of the same revision, which is how two concurrent accepts end with
//! exactly one winner ([`StoreError::Conflict`] for the other). A transaction
//! either commits whole or not at all, so a crash never leaves half a revision.

use std::time::Duration;

use kompas_record::{canonical, Change, Record, RecordSummary, Revision, Stamp, Status};
use serde_json::Value;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, SqlSafeStr};

use crate::error::StoreError;
use crate::url::DatabaseUrl;

/// The schema migrations, oldest first; each runs once, in a transaction, at start.
const MIGRATIONS: &[(i64, &str, &str)] =
    &[(1, "records", include_str!("../migrations/0001_records.sql"))];

const INSERT_DOCUMENT: &str = "INSERT INTO kompas_documents (key, body, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING";

/// How long to wait for a connection (or for SQLite's write lock).
const WAIT: Duration = Duration::from_secs(10);

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool the store has: the SQL is
/// the same for both databases, the Rust types differ.
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

/// The store of decision records. Cheap to clone (a connection pool inside).
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    url: DatabaseUrl,
}

/// A revision to append: the record after the change, and the change.
#[derive(Debug, Clone, Copy)]
pub struct Append<'a> {
    /// The record at its new revision (one more than the stored head).
    pub record: &'a Record,
    /// What changed.
    pub change: &'a Change,
}

impl Store {
    /// Connects (creating a SQLite file and its directory if missing) and
    /// brings the schema up to date.
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        let pool = match url {
            DatabaseUrl::Sqlite { path } => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                        path: dir.to_path_buf(),
                        source,
                    })?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: a committed revision survives a power cut, not only a crash.
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(WAIT)
                    .foreign_keys(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(WAIT)
                    .connect_with(options)
                    .await
                    .map_err(|source| StoreError::Connect {
                        url: url.display(),
                        source,
                    })?;
                Pool::Sqlite(pool)
            }
            DatabaseUrl::Postgres { url: text } => {
                let failed = |source| StoreError::Connect {
                    url: url.display(),
                    source,
                };
                let options: PgConnectOptions = text.parse().map_err(failed)?;
                // One connection first, so a wrong host or password is reported
                // at once rather than after the pool's retries time out.
                PgConnection::connect_with(&options)
                    .await
                    .map_err(failed)?
                    .close()
                    .await
                    .map_err(failed)?;
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(WAIT)
                    .connect_with(options)
                    .await
                    .map_err(failed)?;
                Pool::Postgres(pool)
            }
        };
        let store = Store {
            pool,
            url: url.clone(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// The database, for logs (password hidden).
    pub fn describe(&self) -> String {
        self.url.display()
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.url.backend()
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let migrations = MIGRATIONS
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    (*name).into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect();
        let mut migrator = Migrator::with_migrations(migrations);
        migrator.dangerous_set_table_name("kompas_schema_migrations");
        let result = with_pool!(self, |pool| migrator.run(pool).await);
        result.map_err(|source| StoreError::Migrate {
            url: self.url.display(),
            source,
        })
    }

    /// Stores a new record (revision 1), with the snapshot of its KB if given.
    pub async fn create(
        &self,
        record: &Record,
        kb_snapshot: Option<&Value>,
    ) -> Result<(), StoreError> {
        let parts = Parts::of(record, &Change::Created)?;
        let assessment = serde_json::to_string(&record.assessment).map_err(StoreError::encode)?;
        let assessment_key = format!(
            "assessment:{}",
            canonical::sha256_hex(assessment.as_bytes())
        );
        let kb = match kb_snapshot {
            Some(snapshot) => Some((
                format!("kb:{}", record.kb.digest),
                serde_json::to_string(snapshot).map_err(StoreError::encode)?,
            )),
            None => None,
        };
        let at = record.created.at.clone();
        let result: Result<(), sqlx::Error> = with_pool!(self, |pool| {
            async {
            let mut tx = self.begin(pool).await?;
            let mut documents = vec![(&assessment_key, &assessment)];
            if let Some((key, body)) = &kb {
                documents.push((key, body));
            }
            for (key, body) in documents {
                sqlx::query(INSERT_DOCUMENT)
                    .bind(key)
                    .bind(body)
                    .bind(&at)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO kompas_revisions (record_id, revision, recorded_at, actor, change_kind, change, status, title, record_created_at, body, assessment_key, kb_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&record.id)
            .bind(i64::from(record.revision))
            .bind(&parts.at)
            .bind(&parts.actor)
            .bind(parts.kind)
            .bind(&parts.change)
            .bind(record.status.as_str())
            .bind(&record.title)
            .bind(&record.created.at)
            .bind(&parts.body)
            .bind(&assessment_key)
            .bind(kb.as_ref().map(|(k, _)| k.clone()))
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await
        });
        result.map_err(|e| match e {
            sqlx::Error::Database(ref db) if db.is_unique_violation() => StoreError::Conflict {
                id: record.id.clone(),
                expected: 0,
                current: Some(1),
            },
            other => StoreError::Database(other),
        })
    }

    /// Appends revisions atomically: each record at revision `n + 1` where `n`
    /// is the stored head. If any other writer got there first, nothing is
    /// written and the answer is [`StoreError::Conflict`].
    pub async fn append(&self, changes: &[Append<'_>]) -> Result<(), StoreError> {
        let parts: Vec<Parts> = changes
            .iter()
            .map(|c| Parts::of(c.record, c.change))
            .collect::<Result<_, _>>()?;
        let result: Result<Option<usize>, sqlx::Error> = with_pool!(self, |pool| {
            async {
            let mut tx = self.begin(pool).await?;
            let mut missing = None;
            for (i, (c, p)) in changes.iter().zip(&parts).enumerate() {
                let done = sqlx::query(
                    "INSERT INTO kompas_revisions (record_id, revision, recorded_at, actor, change_kind, change, status, title, record_created_at, body, assessment_key, kb_key) \
                     SELECT record_id, $2, $3, $4, $5, $6, $7, $8, record_created_at, $9, assessment_key, kb_key \
                     FROM kompas_revisions WHERE record_id = $1 AND revision = $10",
                )
                .bind(&c.record.id)
                .bind(i64::from(c.record.revision))
                .bind(&p.at)
                .bind(&p.actor)
                .bind(p.kind)
                .bind(&p.change)
                .bind(c.record.status.as_str())
                .bind(&c.record.title)
                .bind(&p.body)
                .bind(i64::from(c.record.revision.saturating_sub(1)))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    missing = Some(i);
                    break;
                }
            }
            match missing {
                None => tx.commit().await.map(|()| None),
                Some(i) => tx.rollback().await.map(|()| Some(i)),
            }
        }
        .await
        });
        let conflict = |i: usize, current: Option<u32>| StoreError::Conflict {
            id: changes[i].record.id.clone(),
            expected: changes[i].record.revision.saturating_sub(1),
            current,
        };
        match result {
            Ok(None) => Ok(()),
            // The revision it should follow is not there: the record is
            // unknown, or the caller's revision is ahead of the store's.
            Ok(Some(i)) => match self.head_revision(&changes[i].record.id).await? {
                None => Err(StoreError::NotFound {
                    id: changes[i].record.id.clone(),
                }),
                Some(current) => Err(conflict(i, Some(current))),
            },
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                // Someone else wrote one of these revisions first: name the record that moved.
                for (i, c) in changes.iter().enumerate() {
                    let current = self.head_revision(&c.record.id).await?;
                    if current != Some(c.record.revision.saturating_sub(1)) {
                        return Err(conflict(i, current));
                    }
                }
                Err(conflict(0, None))
            }
            Err(other) => Err(StoreError::Database(other)),
        }
    }

    async fn begin<DB: sqlx::Database>(
        &self,
        pool: &sqlx::Pool<DB>,
    ) -> Result<sqlx::Transaction<'static, DB>, sqlx::Error> {
        // SQLite: take the write lock at once, so two writers queue on the busy
        // timeout instead of failing when one upgrades from a read.
        if matches!(self.pool, Pool::Sqlite(_)) {
            pool.begin_with("BEGIN IMMEDIATE").await
        } else {
            pool.begin().await
        }
    }

    /// The newest revision number of a record (`None`: no such record).
    pub async fn head_revision(&self, id: &str) -> Result<Option<u32>, StoreError> {
        let row: Option<i64> = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT MAX(revision) FROM kompas_revisions WHERE record_id = $1")
                .bind(id)
                .fetch_one(pool)
                .await
        })?;
        Ok(row.map(|r| r as u32))
    }

    /// A record as it stands (its newest revision), with its assessment.
    pub async fn get(&self, id: &str) -> Result<Record, StoreError> {
        self.get_revision(id, None).await
    }

    /// A record at a revision (`None`: the newest), with its assessment.
    pub async fn get_revision(
        &self,
        id: &str,
        revision: Option<u32>,
    ) -> Result<Record, StoreError> {
        let row: Option<(String, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.body, d.body, r.revision FROM kompas_revisions r \
                 JOIN kompas_documents d ON d.key = r.assessment_key \
                 WHERE r.record_id = $1 AND ($2 < 0 OR r.revision = $2) \
                 ORDER BY r.revision DESC LIMIT 1",
            )
            .bind(id)
            .bind(revision.map_or(-1, i64::from))
            .fetch_optional(pool)
            .await
        })?;
        let Some((body, assessment, rev)) = row else {
            return Err(match revision {
                Some(r) if self.head_revision(id).await?.is_some() => StoreError::NoRevision {
                    id: id.to_owned(),
                    revision: r,
                },
                _ => StoreError::NotFound { id: id.to_owned() },
            });
        };
        let assessment: Value = serde_json::from_str(&assessment).map_err(|e| {
            StoreError::corrupt(id, rev, format!("its assessment is not JSON: {e}"))
        })?;
        decode_record(id, rev, &body, assessment)
    }

    /// Every revision of a record, oldest first.
    pub async fn revisions(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        let rows: Vec<(i64, String, String, String, String)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT revision, recorded_at, actor, change, status FROM kompas_revisions \
                 WHERE record_id = $1 ORDER BY revision",
            )
            .bind(id)
            .fetch_all(pool)
            .await
        })?;
        if rows.is_empty() {
            return Err(StoreError::NotFound { id: id.to_owned() });
        }
        rows.into_iter()
            .map(|(rev, at, actor, change, status)| {
                let bad = |what: &str, e: serde_json::Error| {
                    StoreError::corrupt(id, rev, format!("its {what} is not valid: {e}"))
                };
                Ok(Revision {
                    record: id.to_owned(),
                    revision: rev as u32,
                    change: serde_json::from_str(&change).map_err(|e| bad("change", e))?,
                    at: Stamp {
                        at,
                        by: serde_json::from_str(&actor).map_err(|e| bad("actor", e))?,
                    },
                    status: Status::parse(&status).ok_or_else(|| {
                        StoreError::corrupt(id, rev, format!("unknown status `{status}`"))
                    })?,
                })
            })
            .collect()
    }

    /// Every record as it stands, newest first, without assessments.
    pub async fn list(&self) -> Result<Vec<RecordSummary>, StoreError> {
        let rows: Vec<(String, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.record_id, r.body, r.revision FROM kompas_revisions r \
                 JOIN (SELECT record_id, MAX(revision) AS head FROM kompas_revisions GROUP BY record_id) h \
                   ON h.record_id = r.record_id AND h.head = r.revision \
                 ORDER BY r.record_created_at DESC, r.record_id",
            )
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(id, body, rev)| decode_record(&id, rev, &body, Value::Null).map(|r| r.summary()))
            .collect()
    }

    /// Every record whose newest revision is accepted, with its assessment.
    pub async fn accepted(&self) -> Result<Vec<Record>, StoreError> {
        let rows: Vec<(String, String, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT r.record_id, r.body, d.body, r.revision FROM kompas_revisions r \
                 JOIN (SELECT record_id, MAX(revision) AS head FROM kompas_revisions GROUP BY record_id) h \
                   ON h.record_id = r.record_id AND h.head = r.revision \
                 JOIN kompas_documents d ON d.key = r.assessment_key \
                 WHERE r.status = 'accepted' \
                 ORDER BY r.record_created_at, r.record_id",
            )
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(id, body, assessment, rev)| {
                let assessment = serde_json::from_str(&assessment).map_err(|e| {
                    StoreError::corrupt(&id, rev, format!("its assessment is not JSON: {e}"))
                })?;
                decode_record(&id, rev, &body, assessment)
            })
            .collect()
    }

    /// The snapshot of the KB with this digest, if a record stored it.
    pub async fn kb_snapshot(&self, digest: &str) -> Result<Option<Value>, StoreError> {
        let key = format!("kb:{digest}");
        let body: Option<String> = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT body FROM kompas_documents WHERE key = $1")
                .bind(&key)
                .fetch_optional(pool)
                .await
        })?;
        body.map(|b| {
            serde_json::from_str(&b)
                .map_err(|e| StoreError::corrupt(&key, 0, format!("it is not JSON: {e}")))
        })
        .transpose()
    }

    /// A number that changes whenever a revision is added anywhere (for caches).
    pub async fn generation(&self) -> Result<(i64, String), StoreError> {
        let row: (i64, Option<String>) = with_pool!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*), MAX(recorded_at) FROM kompas_revisions")
                .fetch_one(pool)
                .await
        })?;
        Ok((row.0, row.1.unwrap_or_default()))
    }

    /// Closes the connections (waits for those in use).
    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }
}

/// The columns of a revision row that come from the record and the change.
struct Parts {
    at: String,
    actor: String,
    kind: &'static str,
    change: String,
    body: String,
}

impl Parts {
    fn of(record: &Record, change: &Change) -> Result<Parts, StoreError> {
        let mut body = serde_json::to_value(record).map_err(StoreError::encode)?;
        if let Some(object) = body.as_object_mut() {
            // Stored once as a document; the revision refers to it.
            object.insert("assessment".into(), Value::Null);
        }
        Ok(Parts {
            at: record.updated.at.clone(),
            actor: serde_json::to_string(&record.updated.by).map_err(StoreError::encode)?,
            kind: change.kind(),
            change: serde_json::to_string(change).map_err(StoreError::encode)?,
            body: serde_json::to_string(&body).map_err(StoreError::encode)?,
        })
    }
}

fn decode_record(
    id: &str,
    revision: i64,
    body: &str,
    assessment: Value,
) -> Result<Record, StoreError> {
    let mut record: Record = serde_json::from_str(body).map_err(|e| {
        StoreError::corrupt(id, revision, format!("it does not read as a record: {e}"))
    })?;
    record.assessment = assessment;
    Ok(record)
}
