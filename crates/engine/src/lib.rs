//! The kompas decision engine: profile -> [`Assessment`].
//!
//! CONTRACT (used by the CLI, the renderer and the server; the bodies are being
//! written): see ../../shared/DESIGN.md "Assess: the contract".

use std::sync::Arc;

use kompas_kb::Kb;
use kompas_logic::Compiled;

/// A KB compiled for assessment. Cheap to share (`Arc` inside); build once per KB.
#[derive(Clone)]
pub struct Engine {
    kb: Arc<Kb>,
    compiled: Arc<Compiled>,
}

impl Engine {
    /// Compiles a KB (that has already passed `kompas check`).
    pub fn new(kb: Kb) -> Engine {
        let compiled = kompas_logic::compile(&kb);
        Engine { kb: Arc::new(kb), compiled: Arc::new(compiled) }
    }

    /// The KB.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// The compiled KB.
    pub fn compiled(&self) -> &Compiled {
        &self.compiled
    }
}
