//! Streaming reader for the JSON-lines arXiv snapshot
//! (`arxiv-metadata-oai-snapshot.json`), one paper per line.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::normalize::{split_raw_authors, to_iso_date};
use super::source::Source;
use super::xml::MAX_FIELD_BYTES;
use super::Item;
use crate::error::{Error, Result};
use crate::id::ArxivId;
use crate::paper::{collapse_whitespace, Paper, SourceFormat, Version};

#[derive(Deserialize)]
struct SnapshotVersion {
    version: String,
    created: String,
}

#[derive(Deserialize)]
struct SnapshotLine {
    id: Option<serde_json::Value>,
    submitter: Option<String>,
    authors: Option<String>,
    title: Option<String>,
    comments: Option<String>,
    #[serde(rename = "journal-ref")]
    journal_ref: Option<String>,
    doi: Option<String>,
    #[serde(rename = "report-no")]
    report_no: Option<String>,
    categories: Option<String>,
    license: Option<String>,
    #[serde(rename = "abstract")]
    abstract_text: Option<String>,
    #[serde(default)]
    versions: Vec<SnapshotVersion>,
    update_date: Option<String>,
    authors_parsed: Option<Vec<Vec<String>>>,
}

/// Reads the papers of one JSON-lines input.
pub struct JsonRecords {
    source: Source,
    path: PathBuf,
    line: String,
    line_number: u64,
    done: bool,
}

impl JsonRecords {
    /// Reads `source`, the content of `path`.
    pub fn new(source: Source, path: &Path) -> JsonRecords {
        JsonRecords {
            source,
            path: path.to_path_buf(),
            line: String::with_capacity(1 << 12),
            line_number: 0,
            done: false,
        }
    }

    /// Bytes of the file itself read so far.
    pub fn raw_position(&self) -> u64 {
        self.source.raw_position()
    }

    fn error(&self, offset: u64, record: Option<String>, message: String) -> Error {
        Error::input(&self.path, offset, Some(self.line_number), record, message)
    }
}

fn opt(text: Option<String>) -> Option<String> {
    text.map(|t| collapse_whitespace(&t))
        .filter(|t| !t.is_empty())
}

fn paper_from(line: SnapshotLine) -> std::result::Result<Paper, (String, Option<String>)> {
    let raw_id = match &line.id {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return Err(("a record without an id".to_string(), None)),
    };
    let Some(id) = ArxivId::parse(&raw_id) else {
        return Err((format!("unreadable arXiv id {raw_id:?}"), None));
    };
    let authors = match line.authors_parsed {
        Some(parsed) if !parsed.is_empty() => parsed
            .iter()
            .map(|parts| {
                let get = |i: usize| parts.get(i).map(String::as_str).unwrap_or("");
                crate::ingest::normalize::display_name(get(1), get(0), get(2))
            })
            .filter(|n| !n.is_empty())
            .collect(),
        _ => line
            .authors
            .as_deref()
            .map(split_raw_authors)
            .unwrap_or_default(),
    };
    let versions: Vec<Version> = line
        .versions
        .into_iter()
        .map(|v| Version {
            version: v.version,
            date: v.created,
            size: None,
        })
        .collect();
    let created = versions.first().and_then(|v| to_iso_date(&v.date));
    let updated = if versions.len() > 1 {
        versions.last().and_then(|v| to_iso_date(&v.date))
    } else {
        None
    };
    Ok(Paper {
        id: id.to_string(),
        title: collapse_whitespace(line.title.as_deref().unwrap_or_default()),
        abstract_text: collapse_whitespace(line.abstract_text.as_deref().unwrap_or_default()),
        authors,
        categories: line
            .categories
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        created,
        updated,
        datestamp: line.update_date.as_deref().and_then(to_iso_date),
        doi: opt(line.doi),
        journal_ref: opt(line.journal_ref),
        comments: opt(line.comments),
        license: opt(line.license),
        report_no: opt(line.report_no),
        submitter: opt(line.submitter),
        versions,
        formats: vec![SourceFormat::Snapshot],
        ..Paper::default()
    })
}

impl Iterator for JsonRecords {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        loop {
            if self.done {
                return None;
            }
            self.line.clear();
            let offset = self.source.position();
            self.source.reset_budget();
            match self.source.read_line(&mut self.line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(error) => {
                    // Unreadable bytes (invalid UTF-8, a truncated gzip stream)
                    // end this file: what follows cannot be trusted.
                    self.line_number += 1;
                    self.done = true;
                    let message = if error.kind() == std::io::ErrorKind::InvalidData
                        && error.to_string().contains("UTF-8")
                    {
                        "invalid UTF-8".to_string()
                    } else {
                        error.to_string()
                    };
                    return Some(Err(self.error(offset, None, message)));
                }
            }
            self.line_number += 1;
            let text = self.line.trim();
            if text.is_empty() {
                continue;
            }
            if self.line.len() > MAX_FIELD_BYTES * 8 {
                return Some(Err(self.error(
                    offset,
                    None,
                    "a line holds more than 8 MiB".into(),
                )));
            }
            return Some(match serde_json::from_str::<SnapshotLine>(text) {
                Ok(line) => match paper_from(line) {
                    Ok(paper) => Ok(Item::Paper(Box::new(paper))),
                    Err((message, record)) => Err(self.error(offset, record, message)),
                },
                Err(error) => {
                    let record = serde_json::from_str::<serde_json::Value>(text)
                        .ok()
                        .and_then(|v| v.get("id").map(|id| id.to_string()));
                    Err(self.error(offset, record, format!("unparsable JSON: {error}")))
                }
            });
        }
    }
}
