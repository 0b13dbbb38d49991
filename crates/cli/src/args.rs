//! The command-line grammar (clap derive). The help texts are the manual.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "A traceable decision engine for cloud-native platform choices.";

const LONG_ABOUT: &str = "\
A traceable decision engine for cloud-native platform choices.

Describe your organisation in a profile (YAML or JSON); kompas recommends, for
every platform decision (Kubernetes flavour, CNI, GitOps, ingress,
observability, secrets, database, registry, IaC, backup ...), what to choose,
why, why not each alternative, which Layer 0 requirement, principle or
constraint it traces to, the trade-offs it accepts, the open questions that
block it and the smallest change of answers that would flip it. For the Layer 2
capabilities (service mesh, tracing, chaos, policy, cost, multi-region ...) it
says: now, later or skip.

The knowledge base (KB) is a directory of YAML files. The webshop case is
built in; `kompas kb init DIR` writes it out as a starting point and
`--kb DIR` uses yours.";

const EXAMPLES: &str = "\
Examples:
  kompas serve                                  # site + API on http://127.0.0.1:8080
  kompas assess examples/webshop.yaml           # terminal summary
  kompas assess examples/webshop.yaml --format md > report.md
  echo 'team_size: 3' | kompas assess - --format json
  kompas explain examples/webshop.yaml cni      # why Cilium, why not Calico, what flips it
  kompas inputs                                 # the questions, their defaults, what they move
  kompas check --kb my-kb/                      # prove a KB complete and consistent
  kompas kb influence                           # which answers move which decision
  kompas kb init my-kb/ && kompas check --kb my-kb/
  kompas schema profile > profile.schema.json
  id=$(kompas record save examples/webshop.yaml --title 'Platform choices')
  kompas record propose $id && kompas record accept $id
  kompas review                                 # which accepted records drifted?
  kompas adr export $id docs/decisions/
  kompas mcp                                    # MCP server on stdio, for AI agents";

/// The `kompas` command line.
#[derive(Debug, Parser)]
#[command(name = "kompas", version, about = ABOUT, long_about = LONG_ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the interactive site and the HTTP API.
    #[command(long_about = "\
Serve the interactive site and the JSON API (default http://127.0.0.1:8080).

Open the address in a browser: answer the questionnaire and the assessment
updates as you go. The API is documented at /api/v1/openapi.json; /healthz,
/readyz and /metrics are for operators. With --kb DIR --watch the KB reloads
when its files change (also on SIGHUP); a KB that fails `kompas check` is
refused and the last good one keeps serving.")]
    Serve(ServeArgs),
    /// Assess a profile: a recommendation per decision and a Layer 2 verdict per capability.
    #[command(
        long_about = "\
Assess a profile: for every decision the recommendation, why, why not each
alternative, the Layer 0 trace, trade-offs, blocking questions and flips; for
every Layer 2 capability a verdict now / later / skip.

PROFILE is a YAML or JSON file with the KB's input ids as keys, or - for
standard input. Inputs left out take their defaults: assumptions the
assessment names, with the ones that decide something. Any input may be
answered `unknown`: a decision that depends on it is then open, with every
option it can still get and exactly when, and the questions to answer next.
An invalid profile gets every problem at once, with its path.",
        after_help = "Examples:\n  kompas assess examples/webshop.yaml\n  kompas assess examples/payments.yaml --format md --lang nl\n  kompas assess - --format json < profile.json"
    )]
    Assess(AssessArgs),
    /// Explain one decision for a profile: why, why not, and what would change it.
    #[command(after_help = "Example:\n  kompas explain examples/webshop.yaml cni")]
    Explain(ExplainArgs),
    /// Check a KB: schema, references, traceability, gaps, overlaps, influence, consistency, tool facts.
    #[command(long_about = "\
Check a knowledge base. The report leads with the verdict (what was proven),
then lists every problem with a stable code, a severity and its
file:line:col. Proves, per decision, that every profile gets exactly one
recommendation (no gaps, no overlaps) and that every rule and option can be
reached, with a witness profile for each finding; that every input can move
some decision, verdict or tool pick; that every consistency rule holds for
every profile; holds recommended tools against the principles (licences) and
their lifecycle (retired, deprecated) as of today, and flags tool facts older
than twelve months.

Infos are counted but shown only with --verbose (or --severity info).
--format sarif writes SARIF 2.1.0 (every finding, with file:line:col
relative to the KB directory) for code-scanning views in CI.

Exit status: 0 clean (warnings allowed), 1 errors.")]
    Check(CheckArgs),
    /// List the questions of a KB: id, question, allowed answers, default, what each answer moves.
    #[command(
        long_about = "\
List the questions of a knowledge base (the inputs of a profile): for each its
id (the key in a profile), the question, the answers it accepts (every input
also accepts `unknown`), its default (a fixed value, or one that follows from
other answers) and which decisions, Layer 2 verdicts and tool picks an answer
to it can move (exactly, from the influence analysis).",
        after_help = "Examples:\n  kompas inputs\n  kompas inputs --lang nl\n  kompas inputs --format json"
    )]
    Inputs(InputsArgs),
    /// Work with knowledge-base directories.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Print a JSON Schema: of KB files, of profiles, of assessments, or of records.
    Schema(SchemaArgs),
    /// Decision records: save an assessment, propose, accept, override, sign, diff.
    #[command(
        subcommand,
        long_about = "\
Decision records: the audit trail a decision board signs. A record keeps the
answers, the knowledge base it was assessed with (id, version, digest, Git
commit), the full assessment, the team's overrides and sign-offs. Its status
goes draft -> proposed -> accepted -> superseded; every change is a new
revision, nothing is overwritten.

The store is --database-url URL, else $KOMPAS_DATABASE_URL, else the SQLite
file records.sqlite3 in $KOMPAS_DATA_DIR or the platform's data directory.
`kompas serve` uses the same store."
    )]
    Record(crate::records::RecordCommand),
    /// Re-assess every accepted record with the knowledge base and list those that drifted.
    #[command(long_about = "\
Drift review: re-assess every accepted record with the knowledge base (--kb DIR
or the built-in one) and list those whose recommendations, findings (a tool
retired, a licence changed) or blocking questions changed since they were
accepted.

Exit status: 0 no accepted record drifted, 3 at least one drifted, 1 an error
(the knowledge base or the store cannot be read), 2 a usage error.")]
    Review(crate::records::ReviewArgs),
    /// Export decision records as MADR 4 architecture decision records.
    #[command(subcommand)]
    Adr(crate::records::AdrCommand),
    /// API tokens for a shared server: make one, or hash one for the auth file.
    #[command(subcommand)]
    Token(crate::records::TokenCommand),
    /// Serve the Model Context Protocol over standard input and output, for AI agents.
    #[command(
        long_about = "\
Serve kompas to an AI agent over the Model Context Protocol (MCP), on standard
input and output: an MCP client starts `kompas mcp` and talks to it.

Tools: assess, explain, list_decisions, list_inputs, check_kb, record_save,
record_diff, record_drift. Resources: the knowledge base's decisions, Layer 2
capabilities, Layer 0 items and open questions (kompas://kb/decisions/cni ...).
Records are saved as the local user, in the same store as `kompas record`.
`kompas serve` offers the same over streamable HTTP at /mcp.

Nothing but MCP messages is written to standard output.",
        after_help = "Example (an MCP client's configuration):\n  {\"mcpServers\": {\"kompas\": {\"command\": \"kompas\", \"args\": [\"mcp\"]}}}"
    )]
    Mcp(McpArgs),
}

/// Arguments of `kompas mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    #[command(flatten)]
    pub kb: KbArg,
    #[command(flatten)]
    pub db: crate::records::DatabaseArg,
}

/// `--kb DIR`, shared by the commands that read a KB.
#[derive(Debug, Args, Clone)]
pub struct KbArg {
    /// Knowledge-base directory (default: the built-in webshop KB).
    #[arg(long, value_name = "DIR", global = false)]
    pub kb: Option<PathBuf>,
}

/// Arguments of `kompas serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub kb: KbArg,
    /// Address to listen on: HOST:PORT (a name is resolved) or a bare PORT on 127.0.0.1.
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = kompas_serve::parse_addr)]
    pub addr: SocketAddr,
    /// Reload the KB when its files change (with --kb).
    #[arg(long, requires = "kb")]
    pub watch: bool,
    /// Log format.
    #[arg(long, value_enum, default_value_t = LogFormatArg::Text)]
    pub log_format: LogFormatArg,
    #[command(flatten)]
    pub db: crate::records::DatabaseArg,
    /// Who may use the records (OIDC issuer, API tokens): a shared deployment.
    /// Default: $KOMPAS_AUTH_FILE; without either, a single user on this machine.
    #[arg(long, value_name = "FILE")]
    pub auth: Option<PathBuf>,
    #[command(flatten)]
    pub conn: ConnArgs,
}

/// How long clients may take and how many are served at once.
#[derive(Debug, Args)]
pub struct ConnArgs {
    /// Seconds a client has to send a request's line and headers (also how long an idle keep-alive connection stays open).
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a connection may move no data in either direction before it is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub idle_timeout: u64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Seconds from SIGTERM until the last connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout: u64,
}

/// Log formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormatArg {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Output formats of `assess`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AssessFormat {
    /// A readable terminal summary.
    Text,
    /// The assessment contract (see `kompas schema assessment`).
    Json,
    /// A Markdown report for a wiki.
    Md,
}

/// Views of an assessment (`--view`).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ViewArg {
    /// The stack, statuses, one sentence of why each, questions, findings.
    Summary,
    /// The whole assessment about the profile, each fact and repeated item
    /// written once, the KB's own prose left to the KB (at most 100 KB).
    Full,
    /// The whole assessment, every text in place.
    Expanded,
}

impl ViewArg {
    /// The engine's view.
    pub fn view(self) -> kompas_engine::View {
        match self {
            ViewArg::Summary => kompas_engine::View::Summary,
            ViewArg::Full => kompas_engine::View::Full,
            ViewArg::Expanded => kompas_engine::View::Expanded,
        }
    }
}

/// Output formats of `check` and `explain`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TextOrJson {
    /// For people.
    Text,
    /// For machines.
    Json,
}

/// Report languages.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    /// English.
    En,
    /// Dutch.
    Nl,
}

/// When to colour terminal output.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    /// Only when writing to a terminal (and NO_COLOR is unset).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `kompas assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Profile file (YAML or JSON), or - for standard input.
    #[arg(value_name = "PROFILE")]
    pub profile: String,
    #[command(flatten)]
    pub kb: KbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AssessFormat::Text)]
    pub format: AssessFormat,
    /// The view of the assessment, with --format json: summary (small), full
    /// (everything about the profile, each fact written once, the KB's own
    /// prose left to the KB by id: at most 100 KB) or expanded (every text in
    /// place).
    #[arg(long, value_enum, default_value_t = ViewArg::Full)]
    pub view: ViewArg,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Colour (text format).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Arguments of `kompas explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Profile file (YAML or JSON), or - for standard input.
    #[arg(value_name = "PROFILE")]
    pub profile: String,
    /// Decision id, e.g. `cni`.
    #[arg(value_name = "DECISION")]
    pub decision: String,
    #[command(flatten)]
    pub kb: KbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Language of the KB texts.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Colour (text format).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// For people.
    Text,
    /// For machines.
    Json,
    /// SARIF 2.1.0, for code-scanning views (GitHub, GitLab, IDEs).
    Sarif,
}

/// Arguments of `kompas inputs`.
#[derive(Debug, Args)]
pub struct InputsArgs {
    #[command(flatten)]
    pub kb: KbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Language of the questions and labels.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Colour (text format).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Arguments of `kompas check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub kb: KbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// The date lifecycle facts are judged against (YYYY-MM-DD; default: today, or $KOMPAS_TODAY).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Show infos too (the same as --severity info).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// The least severe findings to list in the text report (JSON lists all).
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning)]
    pub severity: SeverityArg,
}

/// The least severe findings to list.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SeverityArg {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Everything.
    Info,
}

/// `kompas kb ...`
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Write the built-in KB to DIR as a starting point (refuses to overwrite files).
    Init {
        /// Target directory (created if missing).
        dir: PathBuf,
    },
    /// Which answers can move which decision, Layer 2 verdict and tool pick.
    #[command(
        long_about = "\
Which answers can move which outcome: per input, the Layer 1 decisions,
Layer 2 verdicts and Layer 2 tool picks it can change (directly, or through
the derived default of another input); per outcome, the inputs that can move
it.

\"Can move\" is exact: there are two profiles that differ only in that answer
and get different outcomes, over every profile (computed from the classes of
the inputs each outcome reads). With --from, each input is instead varied over
its values starting from the given profiles: what does each answer move, from
these organisations?",
        after_help = "Examples:\n  kompas kb influence\n  kompas kb influence --format json\n  kompas kb influence --from examples/webshop.yaml --from examples/payments.yaml"
    )]
    Influence(InfluenceArgs),
}

/// Arguments of `kompas kb influence`.
#[derive(Debug, Args)]
pub struct InfluenceArgs {
    #[command(flatten)]
    pub kb: KbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Start from these profiles (YAML or JSON) instead of every profile; repeatable.
    #[arg(long, value_name = "PROFILE", num_args = 1..)]
    pub from: Vec<String>,
}

/// Which schema to print.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SchemaKind {
    /// One KB YAML file.
    Kb,
    /// A profile for the KB (generated from its inputs).
    Profile,
    /// The assessment JSON.
    Assessment,
    /// A decision record (`kompas record show ID --format json`).
    Record,
}

/// Arguments of `kompas schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// kb, profile, assessment or record.
    #[arg(value_enum)]
    pub which: SchemaKind,
    /// For `assessment`: the view (summary, full, expanded).
    #[arg(long, value_enum, default_value_t = ViewArg::Full)]
    pub view: ViewArg,
    #[command(flatten)]
    pub kb: KbArg,
}
