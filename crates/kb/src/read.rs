//! Reading untrusted files: regular files only, never more than a limit.
//!
//! A knowledge base or a profile is whatever path someone passes, so the
//! reader must not trust it. A FIFO would block a plain `open` until a writer
//! appears, and `/dev/zero` or `/dev/urandom` never end. So the type is looked
//! at before the file is opened for reading, the open itself does not block
//! (`O_NONBLOCK`), the type is checked again on the open file (it may have been
//! swapped in between), and at most `limit + 1` bytes are read: a file over its
//! limit is refused without ever being held whole in memory.
//!
//! The limits are [`Limits`]; `KOMPAS_MAX_FILE_SIZE` and
//! `KOMPAS_MAX_PROFILE_SIZE` change the two size limits (e.g. `8MiB`).

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::yaml::human_bytes;

/// Environment variable: the size limit of one KB file.
pub const MAX_FILE_SIZE_ENV: &str = "KOMPAS_MAX_FILE_SIZE";
/// Environment variable: the size limit of a profile.
pub const MAX_PROFILE_SIZE_ENV: &str = "KOMPAS_MAX_PROFILE_SIZE";

/// What a KB directory and a profile may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes in one KB file.
    pub max_file_bytes: u64,
    /// Bytes in all files of a KB together.
    pub max_kb_bytes: u64,
    /// YAML files in a KB.
    pub max_files: usize,
    /// Directory levels below the KB directory.
    pub max_depth: usize,
    /// Bytes in a profile file (or on standard input).
    pub max_profile_bytes: u64,
}

impl Default for Limits {
    /// Generous for a real KB (the built-in one is 36 files, 0.6 MiB, the
    /// largest file 68 KiB), small enough that a hostile one costs little.
    fn default() -> Self {
        Limits {
            max_file_bytes: 2 << 20,
            max_kb_bytes: 32 << 20,
            max_files: 2000,
            max_depth: 16,
            max_profile_bytes: 1 << 20,
        }
    }
}

impl Limits {
    /// The defaults, with the size limits the environment sets.
    pub fn from_env() -> Result<Limits, String> {
        let mut limits = Limits::default();
        if let Some(v) = env_size(MAX_FILE_SIZE_ENV)? {
            limits.max_file_bytes = v;
            limits.max_kb_bytes = limits.max_kb_bytes.max(v);
        }
        if let Some(v) = env_size(MAX_PROFILE_SIZE_ENV)? {
            limits.max_profile_bytes = v;
        }
        Ok(limits)
    }
}

fn env_size(name: &str) -> Result<Option<u64>, String> {
    match std::env::var(name) {
        Ok(text) => parse_size(&text)
            .map(Some)
            .map_err(|e| format!("{name}: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not text")),
    }
}

/// Parses a size: `1048576`, `512KiB`, `8MiB`, `1GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`,
/// all powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size; expected e.g. 4MiB, 512KiB or 1048576"
            ))
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size; expected e.g. 4MiB, 512KiB or 1048576"))?;
    n.checked_mul(1 << shift)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size; expected e.g. 4MiB"))
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file: a FIFO, a device, a socket, a directory.
    #[error("is {0}, not a regular file; only regular files are read")]
    NotRegular(&'static str),
    /// Over the size limit.
    #[error("is larger than the limit of {} (set {env} to change it)", human_bytes(*.limit))]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The environment variable that sets it.
        env: &'static str,
    },
    /// Not UTF-8.
    #[error("is not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
    /// The operating system refused.
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

/// What kind of file `meta` describes, in words, when it is not a regular file.
pub fn irregular_kind(meta: &Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Opens `path` for reading without blocking on FIFOs or devices.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Reads a regular file of at most `limit` bytes; `env` names the variable
/// that sets the limit, for the message. Returns the bytes and the metadata
/// of the open file (to tell later whether it changed).
pub fn read_bytes(
    path: &Path,
    limit: u64,
    env: &'static str,
) -> Result<(Vec<u8>, Metadata), ReadError> {
    // The type first, without opening: nothing is opened that is not a file.
    let before = std::fs::metadata(path)?;
    if let Some(kind) = irregular_kind(&before) {
        return Err(ReadError::NotRegular(kind));
    }
    if before.len() > limit {
        return Err(ReadError::TooLarge { limit, env });
    }
    let file = open_nonblocking(path)?;
    // Again on the open file: the path may have been swapped in between.
    let meta = file.metadata()?;
    if let Some(kind) = irregular_kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    let capacity = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let bytes = read_limited(file, limit, env, capacity)?;
    Ok((bytes, meta))
}

/// Reads a regular file as UTF-8 text of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64, env: &'static str) -> Result<String, ReadError> {
    let (bytes, _) = read_bytes(path, limit, env)?;
    into_text(bytes)
}

/// Reads a stream (standard input) as UTF-8 text of at most `limit` bytes.
pub fn read_text_from(
    reader: impl Read,
    limit: u64,
    env: &'static str,
) -> Result<String, ReadError> {
    into_text(read_limited(reader, limit, env, 0)?)
}

fn read_limited(
    reader: impl Read,
    limit: u64,
    env: &'static str,
    capacity: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, env });
    }
    Ok(bytes)
}

/// Bytes as UTF-8 text.
pub fn into_text(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8(e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("8 MiB"), Ok(8 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("lots").unwrap_err().contains("e.g. 4MiB"));
        assert!(parse_size("0").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        std::fs::write(&path, "x".repeat(5000)).unwrap();
        let err = read_text(&path, 4096, MAX_FILE_SIZE_ENV).unwrap_err();
        assert_eq!(
            err.to_string(),
            "is larger than the limit of 4 KiB (set KOMPAS_MAX_FILE_SIZE to change it)"
        );
        assert_eq!(
            read_text(&path, 5000, MAX_FILE_SIZE_ENV).unwrap().len(),
            5000
        );
    }

    #[test]
    fn a_stream_over_the_limit_is_refused() {
        let err = read_text_from(std::io::repeat(b'a'), 1000, MAX_PROFILE_SIZE_ENV).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { limit: 1000, .. }),
            "{err}"
        );
    }

    #[test]
    fn directories_and_invalid_utf8_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(dir.path(), 100, MAX_FILE_SIZE_ENV).unwrap_err();
        assert_eq!(
            err.to_string(),
            "is a directory, not a regular file; only regular files are read"
        );
        let path = dir.path().join("latin1.yaml");
        std::fs::write(&path, b"a: caf\xe9\n").unwrap();
        let err = read_text(&path, 100, MAX_FILE_SIZE_ENV).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8(6)), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_at_once() {
        let err = read_text(Path::new("/dev/zero"), 1 << 20, MAX_PROFILE_SIZE_ENV).unwrap_err();
        assert!(
            err.to_string().starts_with("is a character device"),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Without a writer a blocking open would never return.
        let err = read_text(&fifo, 1 << 20, MAX_FILE_SIZE_ENV).unwrap_err();
        assert!(err.to_string().starts_with("is a FIFO"), "{err}");
    }
}
