//! `kompas record ...`, `kompas review`, `kompas adr export`, `kompas token`:
//! decision records from the command line, on the same store the server uses.
//!
//! The store is `--database-url`, else `KOMPAS_DATABASE_URL`, else a SQLite
//! file in the data directory. Changes are attributed to the local user.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use kompas_engine::Engine;
use kompas_record::diff::{self, RecordDiff, Side};
use kompas_record::drift::{self, DriftReview};
use kompas_record::{
    adr, assessment as a, identity, ops, time, Actor, Change, Record, Stamp, Status,
};
use kompas_store::url::DATABASE_URL_ENV;
use kompas_store::{Append, DatabaseUrl, Store, StoreError};

use crate::args::KbArg;
use crate::commands::{engine, print, read_profile, CliError};

/// Exit code of `kompas review` when at least one accepted record drifted.
pub const EXIT_DRIFTED: u8 = 3;

/// `--database-url`, shared by the commands that use the record store.
#[derive(Debug, Args, Clone)]
pub struct DatabaseArg {
    /// The record store: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`
    /// (default: $KOMPAS_DATABASE_URL, else records.sqlite3 in $KOMPAS_DATA_DIR or the platform's data directory).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

/// `kompas record ...`
#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Assess a profile and save it as a new draft record; prints the record's id.
    #[command(
        after_help = "Example:\n  id=$(kompas record save examples/webshop.yaml --title 'Platform choices, Q1')"
    )]
    Save(SaveArgs),
    /// List the records: id, title, status, date (newest first).
    List(ListArgs),
    /// Show a record: answers, knowledge base, choices, overrides, sign-offs, history.
    Show(ShowArgs),
    /// Put a draft to the decision board (draft -> proposed).
    Propose(IdArgs),
    /// Accept a proposed record (proposed -> accepted).
    Accept(IdArgs),
    /// Mark an accepted record as superseded by a newer accepted one.
    Supersede(SupersedeArgs),
    /// Record the team's own choice for a decision, with the reason.
    #[command(
        after_help = "Example:\n  kompas record override r7k2m9qf3xa ingress contour --reason 'We run Contour in production already.'\n\nNaming the recommended option withdraws an earlier override."
    )]
    Override(OverrideArgs),
    /// Add a sign-off: who, in which role, with an optional comment.
    Sign(SignArgs),
    /// What differs between two records: answers, knowledge, recommendations and why.
    Diff(DiffArgs),
}

/// Arguments of `record save`.
#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Profile file (YAML or JSON), or - for standard input.
    #[arg(value_name = "PROFILE")]
    pub profile: String,
    /// What the record is about.
    #[arg(long)]
    pub title: String,
    /// The organisation the profile describes.
    #[arg(long)]
    pub organisation: Option<String>,
    #[command(flatten)]
    pub kb: KbArg,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Output formats of the record commands.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// For people.
    Text,
    /// For machines (see docs/records.md).
    Json,
}

/// Arguments of `record list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only records with this status (draft, proposed, accepted, superseded).
    #[arg(long)]
    pub status: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Arguments of `record show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Record id.
    pub id: String,
    /// An earlier revision.
    #[arg(long)]
    pub revision: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// A record id.
#[derive(Debug, Args)]
pub struct IdArgs {
    /// Record id.
    pub id: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Arguments of `record supersede`.
#[derive(Debug, Args)]
pub struct SupersedeArgs {
    /// The record superseded.
    pub id: String,
    /// The accepted record that replaces it.
    #[arg(long, value_name = "ID")]
    pub by: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Arguments of `record override`.
#[derive(Debug, Args)]
pub struct OverrideArgs {
    /// Record id.
    pub id: String,
    /// Decision id, e.g. `ingress`.
    pub decision: String,
    /// The option the team chooses, e.g. `contour`.
    pub option: String,
    /// Why the team chooses it.
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Arguments of `record sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// Record id.
    pub id: String,
    /// Who signs.
    #[arg(long)]
    pub name: String,
    /// The role they sign in, e.g. CTO.
    #[arg(long)]
    pub role: String,
    /// What they add.
    #[arg(long)]
    pub comment: Option<String>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Arguments of `record diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier record.
    pub a: String,
    /// The later record.
    pub b: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// Arguments of `kompas review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub kb: KbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// `kompas adr ...`
#[derive(Debug, Subcommand)]
pub enum AdrCommand {
    /// Write a record as MADR 4 files, one per decision, into DIR.
    Export {
        /// Record id.
        id: String,
        /// Target directory (created if missing; files of the same names are replaced).
        dir: PathBuf,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

/// `kompas token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a new API token for a shared server: prints the token and the line for the auth file.
    New {
        /// Who uses it, e.g. `ci`.
        #[arg(long)]
        name: String,
        /// reader, editor or approver.
        #[arg(long)]
        role: String,
    },
    /// Print the SHA-256 of a token (read from standard input), as the auth file stores it.
    Hash,
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Input(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}

fn store_error(e: StoreError) -> CliError {
    CliError::Input(e.to_string())
}

async fn open(db: &DatabaseArg) -> Result<Store, CliError> {
    let url = match db.database_url.clone().or_else(|| {
        std::env::var(DATABASE_URL_ENV)
            .ok()
            .filter(|u| !u.is_empty())
    }) {
        Some(text) => text
            .parse::<DatabaseUrl>()
            .map_err(|e| CliError::Input(e.to_string()))?,
        None => DatabaseUrl::default_sqlite().map_err(CliError::Input)?,
    };
    Store::open(&url).await.map_err(store_error)
}

fn known(id: &str) -> Result<(), CliError> {
    if kompas_record::id::is_valid(id) {
        Ok(())
    } else {
        Err(CliError::Input(format!(
            "`{id}` is not a record id (ids look like r7k2m9qf3xa); `kompas record list` shows the records there are"
        )))
    }
}

fn now() -> Stamp {
    Stamp {
        at: time::now(),
        by: Actor::local(),
    }
}

/// Runs `kompas record ...`.
pub fn record(command: RecordCommand) -> Result<ExitCode, CliError> {
    match command {
        RecordCommand::Save(args) => save(args),
        RecordCommand::List(args) => block_on(list(args))?,
        RecordCommand::Show(args) => block_on(show(args))?,
        RecordCommand::Propose(args) => change(&args.id, &args.db, |r| ops::propose(r, now())),
        RecordCommand::Accept(args) => change(&args.id, &args.db, |r| ops::accept(r, now())),
        RecordCommand::Override(args) => change(&args.id, &args.db, |r| {
            ops::set_override(r, &args.decision, &args.option, &args.reason, now())
        }),
        RecordCommand::Sign(args) => change(&args.id, &args.db, |r| {
            ops::sign(r, &args.name, &args.role, args.comment.as_deref(), now())
        }),
        RecordCommand::Supersede(args) => block_on(supersede(args))?,
        RecordCommand::Diff(args) => block_on(diff_command(args))?,
    }
}

fn save(args: SaveArgs) -> Result<ExitCode, CliError> {
    let engine = engine(&args.kb)?;
    let (source_name, text) = read_profile(&args.profile)?;
    let profile = engine
        .profile_from_text(&text, &source_name)
        .map_err(|error| CliError::Profile { source_name, error })?;
    let kb = identity::kb_identity(engine.kb(), args.kb.kb.as_deref());
    let record = ops::create(
        &engine,
        &profile,
        kb,
        ops::NewRecord {
            title: args.title,
            organisation: args.organisation,
        },
        Actor::local(),
        time::now(),
    )
    .map_err(|e| CliError::Input(e.to_string()))?;
    let snapshot = identity::kb_snapshot(engine.kb());
    block_on(async {
        let store = open(&args.db).await?;
        store
            .create(&record, Some(&snapshot))
            .await
            .map_err(store_error)
    })??;
    print(&format!("{}\n", record.id))?;
    eprintln!(
        "saved draft {} \"{}\"; next: kompas record propose {}",
        record.id, record.title, record.id
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the record, applies `op`, appends the revision; prints the new status.
fn change(
    id: &str,
    db: &DatabaseArg,
    op: impl FnOnce(&Record) -> Result<(Record, Change), kompas_record::OpError>,
) -> Result<ExitCode, CliError> {
    known(id)?;
    block_on(async {
        let store = open(db).await?;
        let current = store.get(id).await.map_err(store_error)?;
        let (next, change) = op(&current).map_err(|e| CliError::Input(e.to_string()))?;
        store
            .append(&[Append {
                record: &next,
                change: &change,
            }])
            .await
            .map_err(store_error)?;
        print(&format!(
            "{} {}: {} (revision {})\n",
            next.id,
            change.kind().replace('_', " "),
            next.status,
            next.revision
        ))?;
        Ok(ExitCode::SUCCESS)
    })?
}

async fn supersede(args: SupersedeArgs) -> Result<ExitCode, CliError> {
    known(&args.id)?;
    known(&args.by)?;
    let store = open(&args.db).await?;
    let old = store.get(&args.id).await.map_err(store_error)?;
    let new = store.get(&args.by).await.map_err(store_error)?;
    let ((o, oc), (n, nc)) =
        ops::supersede(&old, &new, now()).map_err(|e| CliError::Input(e.to_string()))?;
    store
        .append(&[
            Append {
                record: &o,
                change: &oc,
            },
            Append {
                record: &n,
                change: &nc,
            },
        ])
        .await
        .map_err(store_error)?;
    print(&format!("{} superseded by {}\n", o.id, n.id))?;
    Ok(ExitCode::SUCCESS)
}

async fn list(args: ListArgs) -> Result<ExitCode, CliError> {
    let status = match args.status.as_deref() {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            CliError::Input(format!(
                "--status `{s}`: expected draft, proposed, accepted or superseded"
            ))
        })?),
    };
    let store = open(&args.db).await?;
    let mut records = store.list().await.map_err(store_error)?;
    if let Some(status) = status {
        records.retain(|r| r.status == status);
    }
    let out = match args.format {
        Format::Json => json(&serde_json::json!({ "records": records })),
        Format::Text => {
            let width = records
                .iter()
                .map(|r| r.title.chars().count())
                .max()
                .unwrap_or(0);
            let mut out = String::new();
            for r in &records {
                let _ = writeln!(
                    out,
                    "{}  {:width$}  {:10}  {}",
                    r.id,
                    r.title,
                    r.status.as_str(),
                    time::date_of(&r.updated.at)
                );
            }
            if records.is_empty() {
                eprintln!(
                    "no records yet; save one with `kompas record save PROFILE --title TEXT`"
                );
            }
            out
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

async fn show(args: ShowArgs) -> Result<ExitCode, CliError> {
    known(&args.id)?;
    let store = open(&args.db).await?;
    let record = store
        .get_revision(&args.id, args.revision)
        .await
        .map_err(store_error)?;
    let out = match args.format {
        Format::Json => json(&record),
        Format::Text => {
            let revisions = store.revisions(&args.id).await.map_err(store_error)?;
            render_record(&record, &revisions)
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

async fn diff_command(args: DiffArgs) -> Result<ExitCode, CliError> {
    known(&args.a)?;
    known(&args.b)?;
    let store = open(&args.db).await?;
    let a = store.get(&args.a).await.map_err(store_error)?;
    let b = store.get(&args.b).await.map_err(store_error)?;
    let sa = store.kb_snapshot(&a.kb.digest).await.map_err(store_error)?;
    let sb = store.kb_snapshot(&b.kb.digest).await.map_err(store_error)?;
    let d = diff::diff(
        Side::of_record(&a, sa.as_ref()),
        Side::of_record(&b, sb.as_ref()),
    );
    let out = match args.format {
        Format::Json => json(&d),
        Format::Text => render_diff(&d),
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `kompas review`: exit 0 when no accepted record drifted, 3 when some did.
pub fn review(args: ReviewArgs) -> Result<ExitCode, CliError> {
    let engine = engine(&args.kb)?;
    let served = identity::kb_identity(engine.kb(), args.kb.kb.as_deref());
    let review = block_on(review_with(&engine, &served, &args.db))??;
    let out = match args.format {
        Format::Json => json(&review),
        Format::Text => render_review(&review),
    };
    print(&out)?;
    Ok(if review.drifted.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DRIFTED)
    })
}

async fn review_with(
    engine: &Engine,
    served: &kompas_record::KbIdentity,
    db: &DatabaseArg,
) -> Result<DriftReview, CliError> {
    let store = open(db).await?;
    let records = store.accepted().await.map_err(store_error)?;
    let mut snapshots = std::collections::BTreeMap::new();
    for r in &records {
        if !snapshots.contains_key(&r.kb.digest) {
            let s = store.kb_snapshot(&r.kb.digest).await.map_err(store_error)?;
            snapshots.insert(r.kb.digest.clone(), s);
        }
    }
    let pairs = records
        .iter()
        .map(|r| (r, snapshots.get(&r.kb.digest).and_then(Option::as_ref)));
    Ok(drift::review_all(
        pairs,
        engine,
        served,
        &kompas_check::today(),
    ))
}

/// Runs `kompas adr ...`.
pub fn adr_command(command: AdrCommand) -> Result<ExitCode, CliError> {
    let AdrCommand::Export { id, dir, db } = command;
    known(&id)?;
    let files = block_on(async {
        let store = open(&db).await?;
        let record = store.get(&id).await.map_err(store_error)?;
        let snapshot = store
            .kb_snapshot(&record.kb.digest)
            .await
            .map_err(store_error)?;
        let mut supersedes = Vec::new();
        for old in &record.links.supersedes {
            supersedes.push(store.get(old).await.map_err(store_error)?);
        }
        let superseded_by = match &record.links.superseded_by {
            Some(by) => Some(store.get(by).await.map_err(store_error)?),
            None => None,
        };
        Ok::<_, CliError>(adr::export(
            &record,
            snapshot.as_ref(),
            adr::Related {
                supersedes: &supersedes,
                superseded_by: superseded_by.as_ref(),
            },
        ))
    })??;
    write_files(&dir, &files)?;
    print(&format!(
        "wrote {} MADR files to {}\n",
        files.len(),
        dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn write_files(dir: &Path, files: &[adr::AdrFile]) -> Result<(), CliError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.display().to_string();
        move |source| CliError::Io {
            action,
            path,
            source,
        }
    };
    std::fs::create_dir_all(dir).map_err(io("create the directory", dir))?;
    for file in files {
        let path = dir.join(&file.name);
        std::fs::write(&path, &file.text).map_err(io("write", &path))?;
    }
    Ok(())
}

/// Runs `kompas token ...`.
pub fn token(command: TokenCommand) -> Result<ExitCode, CliError> {
    match command {
        TokenCommand::New { name, role } => {
            if !matches!(role.as_str(), "reader" | "editor" | "approver") {
                return Err(CliError::Input(format!(
                    "--role `{role}`: expected reader, editor or approver"
                )));
            }
            let token = kompas_serve::auth::new_token();
            let hash = kompas_serve::auth::token_hash(&token);
            print(&format!(
                "{token}\n# the line for the `tokens:` list of the server's auth file (only the hash is stored):\n  - {{name: {}, role: {role}, sha256: {hash}}}\n",
                serde_json::Value::String(name)
            ))?;
        }
        TokenCommand::Hash => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|source| {
                CliError::Io {
                    action: "read the token from",
                    path: "<stdin>".into(),
                    source,
                }
            })?;
            print(&format!("{}\n", kompas_serve::auth::token_hash(&text)))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn json(value: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("output types serialise");
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------
// Text renderings
// ---------------------------------------------------------------------------

fn short(hash: &str) -> &str {
    let hash = hash.strip_prefix("sha256:").unwrap_or(hash);
    hash.get(..12).unwrap_or(hash)
}

fn kb_line(kb: &kompas_record::KbIdentity) -> String {
    let mut s = format!("{} {} (digest {})", kb.id, kb.version, short(&kb.digest));
    if let Some(git) = &kb.git {
        let _ = write!(s, ", Git {}", short(&git.commit));
        if let Some(branch) = &git.branch {
            let _ = write!(s, " on {branch}");
        }
        let _ = write!(s, ", {}", git.path);
    } else if let Some(path) = &kb.path {
        let _ = write!(s, ", {path}");
    }
    s
}

fn render_record(r: &Record, revisions: &[kompas_record::Revision]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", r.id, r.title);
    let _ = writeln!(out, "status: {} (revision {})", r.status, r.revision);
    if let Some(org) = &r.organisation {
        let _ = writeln!(out, "organisation: {org}");
    }
    let _ = writeln!(out, "saved: {} by {}", r.created.at, r.created.by.name);
    if let Some(acc) = &r.accepted {
        let _ = writeln!(out, "accepted: {} by {}", acc.at, acc.by.name);
    }
    let _ = writeln!(out, "knowledge base: {}", kb_line(&r.kb));
    let answers = r
        .profile
        .answers
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", diff::render_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "answers (sha256 {}): {}",
        short(&r.profile.sha256),
        if answers.is_empty() {
            "all defaults".into()
        } else {
            answers
        }
    );
    let _ = writeln!(out, "\nchoices:");
    let width = a::decisions(&r.assessment)
        .iter()
        .map(|d| a::text(d, "id").len())
        .max()
        .unwrap_or(0);
    for d in a::decisions(&r.assessment) {
        let id = a::text(d, "id");
        let rec = a::recommended(d).map(|o| a::option_title(d, o).to_owned());
        match r.override_of(id) {
            Some(o) => {
                let _ = writeln!(
                    out,
                    "  {id:width$}  {}  (override; kompas recommends {}): {}",
                    a::option_title(d, &o.option),
                    rec.unwrap_or_else(|| "nothing".into()),
                    a::one_line(&o.reason)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {id:width$}  {}",
                    rec.unwrap_or_else(|| "(no recommendation)".into())
                );
            }
        }
    }
    if !r.signoffs.is_empty() {
        let _ = writeln!(out, "\nsign-offs:");
        for s in &r.signoffs {
            let _ = writeln!(
                out,
                "  {} ({}), {}{}",
                s.name,
                s.role,
                s.at.at,
                s.comment
                    .as_deref()
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            );
        }
    }
    if !r.links.supersedes.is_empty() {
        let _ = writeln!(out, "\nsupersedes: {}", r.links.supersedes.join(", "));
    }
    if let Some(by) = &r.links.superseded_by {
        let _ = writeln!(out, "\nsuperseded by: {by}");
    }
    let _ = writeln!(out, "\nhistory:");
    for v in revisions {
        let _ = writeln!(
            out,
            "  {:>3}  {}  {:18}  {}",
            v.revision,
            v.at.at,
            v.change.kind().replace('_', " "),
            v.at.by.name
        );
    }
    out
}

fn render_diff(d: &RecordDiff) -> String {
    let side = |s: &diff::SideInfo| match (&s.record, s.revision, s.status) {
        (Some(id), Some(rev), Some(status)) => format!("{id} (revision {rev}, {status})"),
        _ => "the answers of now".to_owned(),
    };
    let mut out = format!("{} -> {}\n", side(&d.from), side(&d.to));
    if d.same {
        out.push_str("no differences: the same answers, knowledge and recommendations\n");
        return out;
    }
    if !d.answers.is_empty() {
        out.push_str("\nanswers:\n");
        for c in &d.answers {
            let v = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .map(diff::render_value)
                    .unwrap_or_else(|| "(none)".into())
            };
            let _ = writeln!(out, "  {}: {} -> {}", c.input, v(&c.from), v(&c.to));
        }
    }
    if d.kb.changed {
        let _ = writeln!(
            out,
            "\nknowledge base: {} -> {}",
            kb_line(&d.from.kb),
            kb_line(&d.to.kb)
        );
        if !d.kb.compared {
            out.push_str("  (one of the knowledge bases was not kept, so only their identities are compared)\n");
        }
        for i in &d.kb.items {
            let change = match i.change {
                diff::ItemChange::Added => "added",
                diff::ItemChange::Removed => "removed",
                diff::ItemChange::Changed => "changed",
            };
            let details = if i.details.is_empty() {
                String::new()
            } else {
                format!(": {}", i.details.join("; "))
            };
            let _ = writeln!(out, "  {} {} {change}{details}", i.section, i.id);
        }
    }
    if !d.recommendations.is_empty() {
        out.push_str("\nrecommendations:\n");
        for c in &d.recommendations {
            let o = |o: &Option<diff::OptionRef>| {
                o.as_ref()
                    .map(|o| o.title.clone())
                    .unwrap_or_else(|| "nothing".into())
            };
            let _ = writeln!(out, "  {}: {} -> {}", c.title, o(&c.from), o(&c.to));
            if let Some(why) = &c.why {
                let _ = writeln!(out, "    because ({}): {}", why.rule, why.text);
                for f in &why.facts {
                    let _ = writeln!(out, "      {f}");
                }
            }
        }
    }
    if !d.layer2.is_empty() {
        out.push_str("\nLayer 2 verdicts:\n");
        for c in &d.layer2 {
            let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
            let _ = writeln!(out, "  {}: {} -> {}", c.title, v(&c.from), v(&c.to));
        }
    }
    for (label, list) in [
        ("new findings", &d.findings_added),
        ("findings gone", &d.findings_removed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{label}:");
            for f in list {
                let _ = writeln!(
                    out,
                    "  {} ({}) {}: {}",
                    f.code, f.severity, f.decision, f.message
                );
            }
        }
    }
    for (label, list) in [
        ("new blocking questions", &d.blocking_added),
        ("questions no longer blocking", &d.blocking_removed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{label}:");
            for q in list {
                let _ = writeln!(out, "  {}: {}", q.id, q.text);
            }
        }
    }
    if !d.overrides.is_empty() {
        out.push_str("\noverrides:\n");
        for o in &d.overrides {
            let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "(the recommendation)".into());
            let _ = writeln!(out, "  {}: {} -> {}", o.decision, v(&o.from), v(&o.to));
        }
    }
    out
}

fn render_review(r: &DriftReview) -> String {
    let mut out = format!(
        "reviewed {} accepted record{} against {} on {}\n",
        r.reviewed,
        if r.reviewed == 1 { "" } else { "s" },
        kb_line(&r.kb),
        r.today
    );
    if r.drifted.is_empty() {
        out.push_str("no drift: every accepted record still holds\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} drifted:",
        if r.drifted.len() == 1 {
            "1 record".to_owned()
        } else {
            format!("{} records", r.drifted.len())
        }
    );
    for d in &r.drifted {
        let accepted = d
            .accepted
            .as_ref()
            .map(|s| format!("accepted {} by {}", time::date_of(&s.at), s.by.name))
            .unwrap_or_else(|| "accepted".into());
        let _ = writeln!(
            out,
            "\n{}  {} ({accepted}, with {})",
            d.record,
            d.title,
            kb_line(&d.kb_then)
        );
        for c in &d.changes {
            let _ = writeln!(out, "  - {}", drift::describe(c));
        }
    }
    out
}
