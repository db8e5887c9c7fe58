//! The one error type of table loading, for the MS-DRG definitions, the IPPS tables and
//! provider files alike.

use std::path::PathBuf;

/// A table, table directory or provider file that could not be read or parsed.
///
/// A parse error names the file, the 1-based line and column, and what was expected, so a user
/// who drops in a newer CMS release can fix the file without reading our code.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A malformed line.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file (a name, or a path when read from a directory).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// Well-formed lines whose content is inconsistent as a whole (no rows, no versions).
    #[error("{file}: {message}")]
    Content {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A file that could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A table directory that lacks what a table set needs.
    #[error("table directory {dir}: {message}")]
    Directory {
        /// The directory.
        dir: PathBuf,
        /// What is missing or contradictory.
        message: String,
    },
}

impl TableError {
    /// The text of the file at `path`, or the error naming it.
    pub(crate) fn read_text(path: &std::path::Path) -> Result<String, TableError> {
        std::fs::read_to_string(path).map_err(|source| TableError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// A malformed line at `file:line:column`.
    pub(crate) fn parse(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        TableError::Parse {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// Inconsistent content of `file`.
    pub(crate) fn content(file: &str, message: impl Into<String>) -> Self {
        TableError::Content {
            file: file.to_string(),
            message: message.into(),
        }
    }

    /// At most [`EXCERPT_CHARS`] characters of `value`, quoted, for an error message: a huge
    /// field of a hostile table is not echoed whole.
    pub(crate) fn excerpt(value: &str) -> String {
        excerpt(value)
    }

    /// A message from elsewhere (serde) that may quote a whole bad value, cut to at most
    /// [`MESSAGE_CHARS`] characters.
    pub(crate) fn capped(message: impl Into<String>) -> String {
        let message = message.into();
        let count = message.chars().count();
        if count <= MESSAGE_CHARS {
            return message;
        }
        let head: String = message.chars().take(MESSAGE_CHARS).collect();
        format!("{head}... (message of {count} characters cut)")
    }
}

/// The longest message from another library a table error repeats whole.
pub(crate) const MESSAGE_CHARS: usize = 200;

/// How many characters of a bad value an error message quotes.
pub(crate) const EXCERPT_CHARS: usize = 60;

/// `value` quoted (`"..."`), cut after [`EXCERPT_CHARS`] characters with its full length noted.
pub(crate) fn excerpt(value: &str) -> String {
    // Printable ASCII but `"` and `\` is its own `Debug` text: quoted without the formatter
    // (a code normalised on every line of an export is quoted twice a code).
    let plain = |b: &u8| (b' '..=b'~').contains(b) && *b != b'"' && *b != b'\\';
    if value.len() <= EXCERPT_CHARS && value.as_bytes().iter().all(plain) {
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        quoted.push_str(value);
        quoted.push('"');
        return quoted;
    }
    let count = value.chars().count();
    if count <= EXCERPT_CHARS {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(EXCERPT_CHARS).collect();
    format!("{head:?}... ({count} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The quoting shortcut gives what `Debug` gives, for every ASCII byte and some others.
        #[test]
        fn a_short_excerpt_is_the_values_debug_text(
            value in proptest::collection::vec(prop_oneof![
                (0u8..0x80).prop_map(char::from),
                proptest::sample::select(vec!['é', '\u{301}', '\u{2028}', '\u{feff}']),
            ], 0..70)
        ) {
            let value: String = value.into_iter().collect();
            if value.chars().count() <= EXCERPT_CHARS {
                prop_assert_eq!(excerpt(&value), format!("{value:?}"));
            }
        }
    }

    #[test]
    fn excerpt_quotes_short_values_whole_and_cuts_long_ones() {
        assert_eq!(excerpt("abc"), "\"abc\"");
        let long = "x".repeat(1_000_000);
        let e = excerpt(&long);
        assert!(e.len() < 100, "{e}");
        assert!(e.ends_with("... (1000000 characters)"), "{e}");
    }
}
