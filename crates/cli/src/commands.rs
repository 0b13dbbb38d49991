//! What each subcommand does.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kompas_check::Report;
use kompas_engine::{AssessOptions, Engine, ProfileError};
use kompas_render::Lang;

use crate::args::*;

/// An error that ends the command; its text is already meant for people.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The KB did not load or did not pass the check.
    #[error("{0}")]
    Kb(String),
    /// The profile is invalid.
    #[error("the profile `{source_name}` is invalid:\n{error}")]
    Profile {
        /// File name or `<stdin>`.
        source_name: String,
        /// Every problem.
        error: ProfileError,
    },
    /// A file could not be read or written.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was attempted.
        action: &'static str,
        /// The path.
        path: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Anything else the user gave that does not fit (e.g. an unknown decision).
    #[error("{0}")]
    Input(String),
    /// The server failed.
    #[error("the server stopped: {0}")]
    Serve(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        1
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Assess(args) => assess(args),
        Command::Explain(args) => explain(args),
        Command::Check(args) => check(args),
        Command::Inputs(args) => inputs(args),
        Command::Kb(KbCommand::Init { dir }) => kb_init(&dir),
        Command::Kb(KbCommand::Influence(args)) => influence(args),
        Command::Schema(args) => schema(args),
        Command::Record(command) => crate::records::record(command),
        Command::Review(args) => crate::records::review(args),
        Command::Adr(command) => crate::records::adr_command(command),
        Command::Token(command) => crate::records::token(command),
    }
}

fn today() -> String {
    kompas_check::today()
}

/// Loads and checks the KB; a KB with errors is refused whole.
pub(crate) fn engine(kb: &KbArg) -> Result<Engine, CliError> {
    match kompas_check::load_checked(kb.kb.as_deref(), &today()) {
        Ok((kb, _compiled, _warnings)) => Ok(Engine::new(kb)),
        Err(report) => Err(CliError::Kb(refusal(kb.kb.as_deref(), &report))),
    }
}

fn refusal(dir: Option<&Path>, report: &Report) -> String {
    let which = dir.map_or("the built-in knowledge base".to_string(), |d| {
        format!("the knowledge base in `{}`", d.display())
    });
    format!(
        "{}\n{which} is refused: fix the errors above (`kompas check{}` lists them)",
        report.render_text().trim_end(),
        dir.map_or(String::new(), |d| format!(" --kb {}", d.display()))
    )
}

/// Reads a profile within the size limit: only a regular file (a FIFO or a
/// device such as `/dev/zero` is refused at once), or standard input.
pub(crate) fn read_profile(path: &str) -> Result<(String, String), CliError> {
    use kompas_kb::read::{self, Limits, MAX_PROFILE_SIZE_ENV};
    let limit = Limits::from_env()
        .map_err(CliError::Input)?
        .max_profile_bytes;
    let (name, text) = if path == "-" {
        let text = read::read_text_from(std::io::stdin().lock(), limit, MAX_PROFILE_SIZE_ENV);
        ("<stdin>".to_owned(), text)
    } else {
        let text = read::read_text(Path::new(path), limit, MAX_PROFILE_SIZE_ENV);
        (path.to_owned(), text)
    };
    match text {
        Ok(text) => Ok((name, text)),
        Err(e) => Err(CliError::Input(format!("the profile `{name}` {e}"))),
    }
}

fn profile(engine: &Engine, path: &str) -> Result<kompas_engine::Profile, CliError> {
    let (source_name, text) = read_profile(path)?;
    engine
        .profile_from_text(&text, &source_name)
        .map_err(|error| CliError::Profile { source_name, error })
}

fn use_color(choice: ColorArg) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn lang(arg: LangArg) -> Lang {
    match arg {
        LangArg::En => Lang::En,
        LangArg::Nl => Lang::Nl,
    }
}

pub(crate) fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`kompas ... | head`) is not an error worth reporting.
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Io {
            action: "write to",
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn json(value: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("output types serialise");
    s.push('\n');
    s
}

fn assess(args: AssessArgs) -> Result<ExitCode, CliError> {
    let engine = engine(&args.kb)?;
    let profile = profile(&engine, &args.profile)?;
    let lang = lang(args.lang);
    let assessment = engine.assess_with(&profile, AssessOptions { lang, flips: true });
    let out = match args.format {
        AssessFormat::Json => json(&assessment),
        AssessFormat::Md => kompas_render::markdown(&assessment, lang),
        AssessFormat::Text => kompas_render::text(&assessment, use_color(args.color)),
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> Result<ExitCode, CliError> {
    let engine = engine(&args.kb)?;
    let profile = profile(&engine, &args.profile)?;
    let explanation = engine
        .explain_in(&profile, &args.decision, lang(args.lang))
        .map_err(|e| CliError::Input(e.to_string()))?;
    let out = match args.format {
        TextOrJson::Json => json(&explanation),
        TextOrJson::Text => kompas_render::explain_text(&explanation, use_color(args.color)),
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode, CliError> {
    let today = match args.today {
        Some(d) if is_date(&d) => d,
        Some(d) => {
            return Err(CliError::Input(format!(
                "--today `{d}` is not a date; expected YYYY-MM-DD, e.g. 2026-11-22"
            )))
        }
        None => today(),
    };
    let report = match kompas_check::load_checked(args.kb.kb.as_deref(), &today) {
        Ok((_, _, report)) => report,
        Err(report) => report,
    };
    let shown = match (args.verbose, args.severity) {
        (true, _) | (_, SeverityArg::Info) => kompas_kb::Severity::Info,
        (false, SeverityArg::Warning) => kompas_kb::Severity::Warning,
        (false, SeverityArg::Error) => kompas_kb::Severity::Error,
    };
    let out = match args.format {
        TextOrJson::Json => json(&report.to_json()),
        TextOrJson::Text => report.render_text_with(shown),
    };
    print(&out)?;
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn influence(args: InfluenceArgs) -> Result<ExitCode, CliError> {
    let engine = engine(&args.kb)?;
    let (kb, compiled) = (engine.kb(), engine.compiled());
    let report = if args.from.is_empty() {
        kompas_check::influence::analyse(kb, compiled)
    } else {
        let mut starts = Vec::with_capacity(args.from.len());
        for path in &args.from {
            let p = profile(&engine, path)?;
            starts.push(kompas_check::StartProfile {
                values: p.values().to_vec(),
                given: p.given_mask(),
            });
        }
        kompas_check::influence::from_profiles(kb, compiled, &starts)
    };
    let out = match args.format {
        TextOrJson::Json => json(&report.to_json()),
        TextOrJson::Text => report.render_text(),
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn inputs(args: InputsArgs) -> Result<ExitCode, CliError> {
    let engine = engine(&args.kb)?;
    let influence = kompas_check::influence::analyse(engine.kb(), engine.compiled());
    let lang = lang(args.lang);
    let out = match args.format {
        TextOrJson::Json => json(&kompas_render::inputs_json(&engine, &influence, lang)),
        TextOrJson::Text => {
            kompas_render::inputs_text(&engine, &influence, lang, use_color(args.color))
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn kb_init(dir: &Path) -> Result<ExitCode, CliError> {
    let written = kompas_kb::builtin::write_to(dir).map_err(|source| CliError::Io {
        action: "write the knowledge base to",
        path: dir.display().to_string(),
        source,
    })?;
    print(&format!(
        "wrote {} files to {}\nnext: kompas check --kb {}\n",
        written.len(),
        dir.display(),
        dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn schema(args: SchemaArgs) -> Result<ExitCode, CliError> {
    let value = match args.which {
        SchemaKind::Kb => kompas_kb::kb_schema(),
        SchemaKind::Assessment => kompas_engine::assessment_schema(),
        SchemaKind::Record => kompas_record::record_schema(),
        SchemaKind::Profile => {
            let engine = engine(&args.kb)?;
            kompas_engine::profile_schema(engine.kb())
        }
    };
    print(&json(&value))?;
    Ok(ExitCode::SUCCESS)
}

fn serve(args: ServeArgs) -> Result<ExitCode, CliError> {
    let config = kompas_serve::ServeConfig {
        addr: args.addr,
        kb_dir: args.kb.kb,
        watch: args.watch,
        log_format: match args.log_format {
            LogFormatArg::Text => kompas_serve::LogFormat::Text,
            LogFormatArg::Json => kompas_serve::LogFormat::Json,
        },
        records: kompas_serve::RecordsConfig {
            database_url: args.db.database_url.or_else(|| {
                std::env::var(kompas_store::url::DATABASE_URL_ENV)
                    .ok()
                    .filter(|u| !u.is_empty())
            }),
            auth_file: args.auth.or_else(|| {
                std::env::var_os(kompas_serve::auth::AUTH_FILE_ENV)
                    .filter(|f| !f.is_empty())
                    .map(PathBuf::from)
            }),
        },
        limits: conn_limits(&args.conn),
    };
    kompas_serve::run_blocking(config).map_err(|e| CliError::Serve(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

fn conn_limits(args: &ConnArgs) -> kompas_serve::ConnLimits {
    use std::time::Duration;
    kompas_serve::ConnLimits {
        header_read_timeout: Duration::from_secs(args.header_timeout),
        idle_timeout: Duration::from_secs(args.idle_timeout),
        max_connections: args.max_connections as usize,
        shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
    }
}
