//! What every check shares: the KB, its compiled form, today's date, and the
//! diagnostics found so far, with helpers that locate and phrase them.

use kompas_kb::diag::suggest;
use kompas_kb::{Diagnostic, Kb, Location, Origin, Severity};
use kompas_logic::Compiled;

/// The state of one check run.
pub(crate) struct Ctx<'a> {
    pub kb: &'a Kb,
    pub compiled: &'a Compiled,
    /// `YYYY-MM-DD`.
    pub today: &'a str,
    pub out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(kb: &'a Kb, compiled: &'a Compiled, today: &'a str) -> Self {
        Ctx {
            kb,
            compiled,
            today,
            out: Vec::new(),
        }
    }

    /// Records a diagnostic located at the value of `origin`.
    pub fn emit(
        &mut self,
        code: &'static str,
        severity: Severity,
        origin: &Origin,
        message: String,
    ) -> &mut Diagnostic {
        let location = self.kb.locate(origin);
        self.push(Diagnostic::new(code, severity, message).at(location))
    }

    /// Records a diagnostic located at the key of `origin` (for findings about a
    /// whole list, such as "no default among these rules").
    pub fn emit_key(
        &mut self,
        code: &'static str,
        severity: Severity,
        origin: &Origin,
        message: String,
    ) -> &mut Diagnostic {
        let location = self.kb.locate_key(origin);
        self.push(Diagnostic::new(code, severity, message).at(location))
    }

    /// Records a diagnostic and hands it back for `with_help` and the like.
    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    /// `file:line` of a node, for messages that point at a second place.
    pub fn place(&self, origin: &Origin) -> String {
        match self.kb.locate(origin) {
            Some(Location { file, line, .. }) => format!("{file}:{line}"),
            None => "an unknown place".into(),
        }
    }
}

/// Sets a "did you mean" help when a candidate is close to `given`, else `fallback`.
pub(crate) fn did_you_mean<'c>(
    d: &mut Diagnostic,
    given: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    fallback: Option<String>,
) {
    match suggest(given, candidates) {
        Some(s) => d.help = Some(format!("did you mean `{s}`?")),
        None => d.help = fallback,
    }
}

/// `a, b and c` for messages.
pub(crate) fn list(items: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.len() {
        0 => "nothing".into(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// `Diagnostic::with_data` for a diagnostic already recorded by [`Ctx::emit`].
pub(crate) trait WithDataMut {
    fn with_data_mut(&mut self, data: serde_json::Value) -> &mut Self;
}

impl WithDataMut for Diagnostic {
    fn with_data_mut(&mut self, data: serde_json::Value) -> &mut Self {
        self.data = Some(data);
        self
    }
}
