//! Colour for terminals, only when asked (the CLI asks only on a terminal).

use owo_colors::OwoColorize;

/// Applies styles when `on`; plain text otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub on: bool,
}

impl Style {
    pub fn bold(self, s: &str) -> String {
        if self.on {
            s.bold().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn dim(self, s: &str) -> String {
        if self.on {
            s.dimmed().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn green(self, s: &str) -> String {
        if self.on {
            s.green().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn yellow(self, s: &str) -> String {
        if self.on {
            s.yellow().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn red(self, s: &str) -> String {
        if self.on {
            s.red().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn cyan(self, s: &str) -> String {
        if self.on {
            s.cyan().to_string()
        } else {
            s.to_owned()
        }
    }
}
