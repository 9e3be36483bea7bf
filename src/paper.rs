//! The normalised paper every reader produces and the index stores.

use serde::{Deserialize, Serialize};

use crate::tagging::Tags;

/// Which dump format a record was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// OAI-PMH `metadataPrefix=arXiv`.
    #[default]
    Arxiv,
    /// OAI-PMH `metadataPrefix=arXivRaw`.
    ArxivRaw,
    /// OAI-PMH `metadataPrefix=oai_dc`.
    OaiDc,
    /// The JSON-lines arXiv snapshot.
    Snapshot,
}

/// One version of a paper, as `arXivRaw` and the snapshot list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// `v1`, `v2`, ...
    pub version: String,
    /// The date as the dump writes it.
    pub date: String,
    /// The size as the dump writes it (`12kb`), where given.
    #[serde(default)]
    pub size: Option<String>,
}

/// A paper, normalised: whitespace collapsed, entities decoded, LaTeX kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Paper {
    /// Canonical arXiv id without version.
    pub id: String,
    /// Title.
    pub title: String,
    /// Abstract.
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    /// Authors' display names in order.
    pub authors: Vec<String>,
    /// Categories, primary first.
    pub categories: Vec<String>,
    /// First version's date (`YYYY-MM-DD`).
    pub created: Option<String>,
    /// Latest version's date, where the paper was revised.
    pub updated: Option<String>,
    /// OAI header datestamp (`YYYY-MM-DD`).
    pub datestamp: Option<String>,
    /// DOI(s).
    pub doi: Option<String>,
    /// Journal reference.
    pub journal_ref: Option<String>,
    /// Author comments.
    pub comments: Option<String>,
    /// Licence URL.
    pub license: Option<String>,
    /// Report number.
    #[serde(default)]
    pub report_no: Option<String>,
    /// MSC classes.
    #[serde(default)]
    pub msc_class: Option<String>,
    /// ACM classes.
    #[serde(default)]
    pub acm_class: Option<String>,
    /// Submitter (arXivRaw, snapshot).
    #[serde(default)]
    pub submitter: Option<String>,
    /// Version history (arXivRaw, snapshot).
    #[serde(default)]
    pub versions: Vec<Version>,
    /// OAI header `setSpec`s.
    #[serde(default)]
    pub sets: Vec<String>,
    /// Subjects that are not arXiv categories (MSC or ACM codes in `oai_dc`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Formats this paper's fields came from, newest last.
    #[serde(default)]
    pub formats: Vec<SourceFormat>,
    /// Computer-vision or image related (a tag computed at ingest).
    pub cv: bool,
    /// Why the paper is `cv` (the category, or the words found).
    pub cv_reason: Option<String>,
    /// About generative adversarial networks (a tag computed at ingest).
    pub gan: bool,
    /// Why the paper is `gan` (the words found).
    pub gan_reason: Option<String>,
    /// Canonical names of the architectures named, in order of first mention
    /// (a tag computed at ingest).
    pub architectures: Vec<String>,
}

impl Paper {
    /// Sets the tags computed at ingest.
    pub fn set_tags(&mut self, tags: Tags) {
        self.cv = tags.cv;
        self.cv_reason = tags.cv_reason;
        self.gan = tags.gan;
        self.gan_reason = tags.gan_reason;
        self.architectures = tags.architectures;
    }

    /// The datestamp as a comparable number `YYYYMMDD` (0 when absent).
    pub fn datestamp_key(&self) -> u32 {
        date_key(self.datestamp.as_deref().or(self.updated.as_deref()))
    }

    /// Fills every field this paper lacks from `older`, a stored record of the
    /// same paper: the newest record wins, but does not erase what it does
    /// not carry.
    pub fn fill_from(&mut self, older: &Paper) {
        fn fill(slot: &mut Option<String>, other: &Option<String>) {
            if slot.is_none() {
                slot.clone_from(other);
            }
        }
        fn fill_text(slot: &mut String, other: &str) {
            if slot.is_empty() {
                *slot = other.to_string();
            }
        }
        fn fill_list<T: Clone>(slot: &mut Vec<T>, other: &[T]) {
            if slot.is_empty() {
                *slot = other.to_vec();
            }
        }
        fill_text(&mut self.title, &older.title);
        fill_text(&mut self.abstract_text, &older.abstract_text);
        fill_list(&mut self.authors, &older.authors);
        fill_list(&mut self.categories, &older.categories);
        fill(&mut self.created, &older.created);
        fill(&mut self.updated, &older.updated);
        fill(&mut self.doi, &older.doi);
        fill(&mut self.journal_ref, &older.journal_ref);
        fill(&mut self.comments, &older.comments);
        fill(&mut self.license, &older.license);
        fill(&mut self.report_no, &older.report_no);
        fill(&mut self.msc_class, &older.msc_class);
        fill(&mut self.acm_class, &older.acm_class);
        fill(&mut self.submitter, &older.submitter);
        fill_list(&mut self.versions, &older.versions);
        fill_list(&mut self.sets, &older.sets);
        fill_list(&mut self.keywords, &older.keywords);
        let mut formats = older.formats.clone();
        for format in &self.formats {
            formats.retain(|f| f != format);
            formats.push(*format);
        }
        self.formats = formats;
    }
}

/// `YYYY-MM-DD...` as `YYYYMMDD` (0 when absent or unreadable).
pub fn date_key(date: Option<&str>) -> u32 {
    let Some(date) = date else { return 0 };
    let digits: String = date
        .bytes()
        .take(10)
        .filter(u8::is_ascii_digit)
        .map(char::from)
        .collect();
    if digits.len() != 8 {
        return 0;
    }
    digits.parse().unwrap_or(0)
}

/// Collapses runs of whitespace to one space and trims both ends (ASCII
/// whitespace, the only kind XML layout uses; other Unicode whitespace is
/// kept as written).
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    out
}

/// Appends `text` to `out` with its whitespace collapsed as
/// [`collapse_whitespace`] does, one space apart from what `out` holds
/// (nothing is added when `text` is blank).
pub fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\x0c', bytes).is_some() {
        return push_words(out, text);
    }
    // XML layout wraps lines: split at line breaks and tabs (found with
    // SIMD), trim each piece and copy it whole; only a piece holding a run
    // of spaces is split into words (looked for in each piece only when the
    // whole text has one).
    let spaced = double_space().find(bytes).is_some();
    let mut start = 0;
    let breaks = memchr::memchr3_iter(b'\n', b'\r', b'\t', bytes).chain([bytes.len()]);
    for end in breaks {
        let piece = text[start..end].trim_matches(' ');
        start = end + 1;
        if piece.is_empty() {
            continue;
        }
        if spaced && double_space().find(piece.as_bytes()).is_some() {
            push_words(out, piece);
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
}

/// A searcher for two spaces, built once.
fn double_space() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    &FINDER
}

/// [`push_collapsed`] word by word.
fn push_words(out: &mut String, text: &str) {
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys() {
        assert_eq!(date_key(Some("2016-03-09")), 20160309);
        assert_eq!(date_key(Some("2016-03-09T00:35:38Z")), 20160309);
        assert_eq!(date_key(Some("nonsense")), 0);
        assert_eq!(date_key(None), 0);
    }

    #[test]
    fn fill_keeps_newer_and_takes_missing() {
        let older = Paper {
            id: "0704.0001".into(),
            title: "Old title".into(),
            doi: Some("10.1/x".into()),
            submitter: Some("A".into()),
            formats: vec![SourceFormat::ArxivRaw],
            ..Paper::default()
        };
        let mut newer = Paper {
            id: "0704.0001".into(),
            title: "New title".into(),
            formats: vec![SourceFormat::Arxiv],
            ..Paper::default()
        };
        newer.fill_from(&older);
        assert_eq!(newer.title, "New title");
        assert_eq!(newer.doi.as_deref(), Some("10.1/x"));
        assert_eq!(newer.submitter.as_deref(), Some("A"));
        assert_eq!(
            newer.formats,
            vec![SourceFormat::ArxivRaw, SourceFormat::Arxiv]
        );
    }

    #[test]
    fn collapses() {
        assert_eq!(collapse_whitespace("  a\n  b\tc "), "a b c");
        assert_eq!(collapse_whitespace("a  \r\n\x0c b\u{a0}c"), "a b\u{a0}c");
        assert_eq!(collapse_whitespace(" \n\t "), "");
    }

    proptest::proptest! {
        /// The line-by-line fast path equals splitting into words.
        #[test]
        fn collapse_paths_agree(text in "[ a\n\r\t\x0cé]{0,40}") {
            let mut words = String::new();
            push_words(&mut words, &text);
            proptest::prop_assert_eq!(collapse_whitespace(&text), words);
        }
    }
}
