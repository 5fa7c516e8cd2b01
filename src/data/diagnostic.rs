//! Problems found in data files, each tied to a file and a line.
//!
//! Every stage that reads user data pushes [`Diagnostic`]s instead of stopping at the first
//! problem; [`DataError`] carries the whole sorted list out of the library.

use crate::data::model::Origin;
use std::fmt;

/// One problem in one place of the data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub origin: Origin,
    /// What is wrong and, where it helps, what would be right. Lowercase, no final period.
    pub message: String,
    /// The column (counting characters from 1) and the text of the line, where the parser
    /// points at a spot: shown with a caret under it, as rustc does.
    pub snippet: Option<(usize, String)>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)?;
        if let Some((column, text)) = &self.snippet {
            let number = self.origin.line.to_string();
            let pad = " ".repeat(number.len());
            let text = text.trim_end();
            let indent: String = text
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{number} | {text}\n{pad} | {indent}^")?;
        }
        Ok(())
    }
}

/// The problems that stopped a data directory from loading, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} found in the data", plural(.0.len(), "problem"))]
pub struct DataError(pub Vec<Diagnostic>);

/// `1 problem`, `2 problems`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Collects diagnostics while a stage runs.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem at `origin`.
    pub fn push(&mut self, origin: &Origin, message: impl Into<String>) {
        self.0.push(Diagnostic {
            origin: origin.clone(),
            message: message.into(),
            snippet: None,
        });
    }

    /// Records a problem at a spot the parser points at: `column` of `line_text`.
    pub fn push_at(
        &mut self,
        origin: &Origin,
        column: usize,
        line_text: &str,
        message: impl Into<String>,
    ) {
        self.0.push(Diagnostic {
            origin: origin.clone(),
            message: message.into(),
            snippet: Some((column, line_text.to_owned())),
        });
    }

    /// Takes over the problems another stage recorded.
    pub fn append(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts and deduplicates the problems into an error, or returns `value` if there are none.
    pub fn finish<T>(self, value: T) -> Result<T, DataError> {
        if self.0.is_empty() {
            return Ok(value);
        }
        let mut list = self.0;
        list.sort();
        list.dedup();
        Err(DataError(list))
    }
}
