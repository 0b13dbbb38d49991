//! Which database to use: `sqlite://PATH` (a file, created if missing) or
//! `postgres://USER:PASSWORD@HOST:PORT/DATABASE`; without either, a SQLite
//! file in the data directory (`KOMPAS_DATA_DIR`, else the platform's).

use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The environment variable that names the database URL.
pub const DATABASE_URL_ENV: &str = "KOMPAS_DATABASE_URL";
/// The environment variable that names the data directory.
pub const DATA_DIR_ENV: &str = "KOMPAS_DATA_DIR";
/// The file name of the default SQLite database in the data directory.
pub const DEFAULT_FILE: &str = "records.sqlite3";

/// The forms a database URL may take, for error messages.
pub const ACCEPTED_FORMS: &str = "`sqlite://PATH` (a SQLite file, created if missing; e.g. `sqlite://kompas.sqlite3` or `sqlite:///var/lib/kompas/records.sqlite3`) or `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (also `postgresql://`, with `?sslmode=require` and the other libpq parameters)";

/// A database to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file.
    Sqlite {
        /// The file.
        path: PathBuf,
    },
    /// A PostgreSQL database.
    Postgres {
        /// The URL as given.
        url: String,
    },
}

/// A database URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the database URL `{given}` {why}; expected {ACCEPTED_FORMS}")]
pub struct BadUrl {
    /// The URL given, with any password hidden.
    pub given: String,
    /// What is wrong with it.
    pub why: String,
}

impl FromStr for DatabaseUrl {
    type Err = BadUrl;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let given = text.trim();
        let bad = |why: &str| BadUrl {
            given: redact(given),
            why: why.to_owned(),
        };
        if let Some(rest) = given
            .strip_prefix("postgres://")
            .or_else(|| given.strip_prefix("postgresql://"))
        {
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            if host.is_empty() || host.starts_with('/') || host.starts_with('?') {
                return Err(bad("names no host"));
            }
            return Ok(DatabaseUrl::Postgres {
                url: given.to_owned(),
            });
        }
        if let Some(rest) = given
            .strip_prefix("sqlite://")
            .or_else(|| given.strip_prefix("sqlite:"))
        {
            let path = rest.split('?').next().unwrap_or("");
            if path.is_empty() {
                return Err(bad("names no file"));
            }
            if path == ":memory:" {
                return Err(bad(
                    "is an in-memory database, which would lose every record when kompas stops",
                ));
            }
            return Ok(DatabaseUrl::Sqlite {
                path: PathBuf::from(path),
            });
        }
        let why = match given.split_once("://") {
            Some((scheme, _)) => {
                format!("has the scheme `{scheme}`, which kompas does not support")
            }
            None if given.is_empty() => "is empty".to_owned(),
            None => "has no scheme".to_owned(),
        };
        Err(bad(&why))
    }
}

impl DatabaseUrl {
    /// The default: `records.sqlite3` in `KOMPAS_DATA_DIR`, else in the
    /// platform's data directory (`~/.local/share/kompas` on Linux).
    pub fn default_sqlite() -> Result<DatabaseUrl, String> {
        Ok(DatabaseUrl::Sqlite {
            path: data_dir()?.join(DEFAULT_FILE),
        })
    }

    /// A SQLite database at `path`.
    pub fn sqlite(path: &Path) -> DatabaseUrl {
        DatabaseUrl::Sqlite {
            path: path.to_path_buf(),
        }
    }

    /// The URL for logs and messages: the password hidden.
    pub fn display(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres { url } => redact(url),
        }
    }

    /// Which kind of database.
    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite { .. } => "sqlite",
            DatabaseUrl::Postgres { .. } => "postgres",
        }
    }
}

/// The data directory: `KOMPAS_DATA_DIR`, else the platform's data directory + `kompas`.
pub fn data_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("kompas")).ok_or_else(|| {
        format!("this system has no data directory for kompas; set {DATA_DIR_ENV}=DIR or pass --database-url")
    })
}

/// Hides the password of a URL (`postgres://user:***@host/db`).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_and_postgres_urls_parse() {
        assert_eq!(
            "sqlite://data/k.db".parse::<DatabaseUrl>().unwrap(),
            DatabaseUrl::Sqlite {
                path: "data/k.db".into()
            }
        );
        assert_eq!(
            "sqlite:///var/lib/k.db?mode=rwc"
                .parse::<DatabaseUrl>()
                .unwrap(),
            DatabaseUrl::Sqlite {
                path: "/var/lib/k.db".into()
            }
        );
        assert_eq!(
            "sqlite:k.db".parse::<DatabaseUrl>().unwrap(),
            DatabaseUrl::Sqlite {
                path: "k.db".into()
            }
        );
        let pg = "postgresql://kompas:secret@db.internal:5432/kompas?sslmode=require";
        assert_eq!(
            pg.parse::<DatabaseUrl>().unwrap(),
            DatabaseUrl::Postgres { url: pg.into() }
        );
    }

    #[test]
    fn bad_urls_say_what_is_accepted_and_hide_passwords() {
        for (given, why) in [
            ("mysql://u:pw@h/db", "has the scheme `mysql`"),
            ("records.db", "has no scheme"),
            ("", "is empty"),
            ("sqlite://", "names no file"),
            ("sqlite::memory:", "in-memory"),
            ("postgres://u:pw@/db", "names no host"),
        ] {
            let err = given.parse::<DatabaseUrl>().unwrap_err().to_string();
            assert!(err.contains(why), "{given}: {err}");
            assert!(
                err.contains("`sqlite://PATH`") && err.contains("postgres://USER"),
                "{err}"
            );
            assert!(!err.contains(":pw@"), "{err}");
        }
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://k:s3cr@t@h:5/db"),
            "postgres://k:***@h:5/db"
        );
        assert_eq!(redact("postgres://k@h/db"), "postgres://k@h/db");
        assert_eq!(
            DatabaseUrl::Postgres {
                url: "postgres://a:b@c/d".into()
            }
            .display(),
            "postgres://a:***@c/d"
        );
    }
}
