//! The library's error type: every variant says where the problem is.

use std::fmt;
use std::path::PathBuf;

/// Where in an input a problem sits: the file, the byte offset in its
/// (decompressed) content, the line where known, and the record id where
/// known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The input file.
    pub path: PathBuf,
    /// Byte offset in the decompressed content.
    pub offset: u64,
    /// 1-based line, where known.
    pub line: Option<u64>,
    /// The record's arXiv id, where known.
    pub record: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: byte {}", self.path.display(), self.offset)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(record) = self.record.as_deref().filter(|r| !r.is_empty()) {
            write!(f, ", record {record}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An input is not what it should be: broken XML or JSON, a record
    /// without an id, a field over its cap, a truncated gzip stream.
    #[error("{location}: {message}")]
    Input {
        /// Where.
        location: Box<Location>,
        /// What.
        message: String,
    },
    /// The index could not be opened, read or written.
    #[error("index {path}: {source}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The cause.
        source: tantivy::TantivyError,
    },
    /// Another process holds the index.
    #[error("index {0} is locked: another ingest or descent is writing to it")]
    Locked(PathBuf),
    /// No index where one was expected.
    #[error("no index at {0}: run `arxiv-descent ingest` (or `arxiv-descent demo`) first")]
    NoIndex(PathBuf),
    /// No paper with this id.
    #[error("no paper {0} in the index")]
    UnknownPaper(String),
    /// No stored run of this name.
    #[error("no run named {0}: `arxiv-descent runs` lists the stored runs")]
    UnknownRun(String),
    /// A search query could not be parsed.
    #[error("query: {0}")]
    Query(String),
    /// A parameter is out of range or inconsistent.
    #[error("{0}")]
    Invalid(String),
    /// A stored run file is damaged.
    #[error("run {run}: {message}")]
    Run {
        /// The run.
        run: String,
        /// What is wrong.
        message: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A problem in the input at `path`, `offset` bytes into its content,
    /// on `line` and in `record` where known.
    pub fn input(
        path: impl Into<PathBuf>,
        offset: u64,
        line: Option<u64>,
        record: Option<String>,
        message: String,
    ) -> Error {
        Error::Input {
            location: Box::new(Location {
                path: path.into(),
                offset,
                line,
                record,
            }),
            message,
        }
    }

    /// A tantivy error on the index at `path`.
    pub fn index(path: impl Into<PathBuf>, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: path.into(),
            source,
        }
    }
}
