//! The paper index: the tantivy schema, opening and creating it, turning a
//! [`Paper`] into a document and back, and upserts by arXiv id.

use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::error::{Error, Result};
use crate::id::ArxivId;
use crate::paper::{date_key, Paper};

/// Sub-folder of the index folder holding the paper index.
pub const PAPERS_DIR: &str = "papers";

/// The stored field holding the whole paper. Its name changes with its
/// encoding, so an index from a version that stored another encoding is
/// refused with a clear message instead of records that do not decode.
const RECORD_FIELD: &str = "paper";

/// The fields of the paper index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Canonical id (raw, stored, fast): the upsert key.
    pub id: Field,
    /// Title, stemmed.
    pub title: Field,
    /// Abstract, stemmed.
    pub abstract_text: Field,
    /// Title, unstemmed, for exact phrases.
    pub exact: Field,
    /// Author names.
    pub authors: Field,
    /// Category codes (raw).
    pub category: Field,
    /// Canonical architecture names (raw).
    pub architecture: Field,
    /// The first architecture named (raw, fast): the descent's pick.
    pub first_architecture: Field,
    /// The id's month as `YYYYMM` (indexed, fast).
    pub month: Field,
    /// The id's submission number (fast).
    pub number: Field,
    /// 1 for new-style ids (indexed, fast).
    pub new_style: Field,
    /// `cv` tag (indexed, fast).
    pub cv: Field,
    /// `gan` tag (indexed, fast).
    pub gan: Field,
    /// Creation date as `YYYYMMDD` (indexed, fast).
    pub created: Field,
    /// Header datestamp as `YYYYMMDD` (fast): which record is newer.
    pub datestamp: Field,
    /// The whole paper, in postcard's compact binary form (stored).
    pub record: Field,
}

/// Builds the paper schema.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(crate::stem::EN_STEM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let plain = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fast_number = NumericOptions::default().set_fast().set_indexed();
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title: builder.add_text_field("title", stemmed.clone()),
        abstract_text: builder.add_text_field("abstract", stemmed),
        exact: builder.add_text_field("exact", plain.clone()),
        authors: builder.add_text_field("authors", plain),
        category: builder.add_text_field("cat", STRING),
        architecture: builder.add_text_field("arch", STRING | FAST),
        first_architecture: builder.add_text_field("first_arch", STRING | FAST),
        month: builder.add_u64_field("month", fast_number.clone()),
        number: builder.add_u64_field("number", FAST),
        new_style: builder.add_u64_field("new_style", fast_number.clone()),
        cv: builder.add_u64_field("cv", fast_number.clone()),
        gan: builder.add_u64_field("gan", fast_number.clone()),
        created: builder.add_u64_field("created", fast_number),
        datestamp: builder.add_u64_field("datestamp", FAST),
        record: builder.add_bytes_field(RECORD_FIELD, STORED),
    };
    let _ = INDEXED;
    (builder.build(), fields)
}

/// The month of an id as `YYYYMM`.
pub fn month_key(id: &ArxivId) -> u64 {
    let month = id.month();
    (month.year() * 100 + month.month()) as u64
}

/// Builds the tantivy document of a paper.
pub fn to_document(fields: &Fields, paper: &Paper) -> TantivyDocument {
    // Sized up front: growing these buffers copied each document twice.
    let lists = |list: &[String]| list.iter().map(|s| s.len() + 8).sum::<usize>();
    let text = paper.title.len() + paper.abstract_text.len() + lists(&paper.authors) + 256;
    let record =
        postcard::to_extend(paper, Vec::with_capacity(text + 512)).expect("a paper serialises");
    let mut doc = TantivyDocument::with_capacity(
        record.len()
            + text
            + paper.title.len()
            + lists(&paper.categories)
            + 2 * lists(&paper.architectures),
    );
    doc.add_text(fields.id, &paper.id);
    doc.add_text(fields.title, &paper.title);
    doc.add_text(fields.abstract_text, &paper.abstract_text);
    doc.add_text(fields.exact, &paper.title);
    for author in &paper.authors {
        doc.add_text(fields.authors, author);
    }
    for category in &paper.categories {
        doc.add_text(fields.category, category);
    }
    for architecture in &paper.architectures {
        doc.add_text(fields.architecture, architecture);
    }
    if let Some(first) = paper.architectures.first() {
        doc.add_text(fields.first_architecture, first);
    }
    if let Some(id) = ArxivId::parse(&paper.id) {
        doc.add_u64(fields.month, month_key(&id));
        doc.add_u64(fields.number, id.number() as u64);
        doc.add_u64(fields.new_style, id.is_new_style() as u64);
    }
    doc.add_u64(fields.cv, paper.cv as u64);
    doc.add_u64(fields.gan, paper.gan as u64);
    doc.add_u64(fields.created, date_key(paper.created.as_deref()) as u64);
    doc.add_u64(fields.datestamp, paper.datestamp_key() as u64);
    doc.add_bytes(fields.record, &record);
    doc
}

/// The paper index at `DIR/papers`.
pub struct PaperIndex {
    /// The index folder (`DIR`, not `DIR/papers`).
    pub dir: PathBuf,
    /// The tantivy index.
    pub index: Index,
    /// Its fields.
    pub fields: Fields,
    reader: IndexReader,
}

impl PaperIndex {
    /// Opens the paper index under `dir`, or fails with [`Error::NoIndex`].
    pub fn open(dir: &Path) -> Result<PaperIndex> {
        let path = dir.join(PAPERS_DIR);
        if !path.join("meta.json").exists() {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(&path).map_err(|e| Error::index(&path, e))?;
        Self::from_index(dir, index)
    }

    /// Opens the paper index under `dir`, creating it when absent.
    pub fn open_or_create(dir: &Path) -> Result<PaperIndex> {
        let path = dir.join(PAPERS_DIR);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        if !path.join("meta.json").exists() {
            let (schema, _) = schema();
            Index::create_in_dir(&path, schema).map_err(|e| Error::index(&path, e))?;
        }
        Self::open(dir)
    }

    fn from_index(dir: &Path, index: Index) -> Result<PaperIndex> {
        let path = dir.join(PAPERS_DIR);
        index
            .tokenizers()
            .register(crate::stem::EN_STEM, crate::stem::en_stem());
        let (_, fields) = schema();
        let stored = index.schema();
        if stored.get_field(RECORD_FIELD).ok() != Some(fields.record)
            || stored.get_field("first_arch").ok() != Some(fields.first_architecture)
        {
            return Err(Error::Invalid(format!(
                "index {} was made by another version of arxiv-descent: remove it and ingest again",
                path.display()
            )));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::index(&path, e))?;
        Ok(PaperIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
        })
    }

    /// The folder of the tantivy index.
    pub fn path(&self) -> PathBuf {
        self.dir.join(PAPERS_DIR)
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Reloads the reader after a commit.
    pub fn reload(&self) -> Result<()> {
        self.reader
            .reload()
            .map_err(|e| Error::index(self.path(), e))
    }

    /// A writer with `threads` indexing threads and `memory` bytes of budget
    /// in all; fails with [`Error::Locked`] while another writer holds it.
    pub fn writer<D: tantivy::schema::Document>(
        &self,
        threads: usize,
        memory: usize,
    ) -> Result<IndexWriter<D>> {
        let threads = threads.max(1);
        let memory = memory.max(threads * 16_000_000);
        self.index
            .writer_with_num_threads(threads, memory)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Locked(self.path()),
                other => Error::index(self.path(), other),
            })
    }

    /// Number of live papers.
    pub fn num_papers(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// The opstamp of the last commit: the index's identity with the count.
    pub fn commit_opstamp(&self) -> Result<u64> {
        Ok(self
            .index
            .load_metas()
            .map_err(|e| Error::index(self.path(), e))?
            .opstamp)
    }

    /// Where the live document of `id` is, if any.
    pub fn find(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let hits = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| Error::index(self.path(), e))?;
        Ok(hits.first().map(|(_, address)| *address))
    }

    /// Reads the stored paper at `address`.
    pub fn paper_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Paper> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| Error::index(self.path(), e))?;
        let bytes = doc
            .get_first(self.fields.record)
            .and_then(|value| value.as_bytes())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "a document in {} has no record",
                    self.path().display()
                ))
            })?;
        postcard::from_bytes(bytes).map_err(|e| {
            Error::Invalid(format!(
                "a stored record in {} is damaged: {e}",
                self.path().display()
            ))
        })
    }

    /// The paper with this id (any form [`ArxivId::parse`] reads).
    pub fn get(&self, id: &str) -> Result<Paper> {
        let canonical = ArxivId::parse(id)
            .map(|id| id.to_string())
            .unwrap_or_else(|| id.trim().to_string());
        let searcher = self.searcher();
        match self.find(&searcher, &canonical)? {
            Some(address) => self.paper_at(&searcher, address),
            None => Err(Error::UnknownPaper(id.trim().to_string())),
        }
    }
}

impl PaperIndex {
    /// Every live new-style paper as the descent table needs it, read from
    /// fast fields (no document is loaded).
    pub fn table_papers(&self) -> Result<Vec<crate::descent::TablePaper>> {
        let searcher = self.searcher();
        let mut papers = Vec::with_capacity(searcher.num_docs() as usize);
        let fail = |e: tantivy::TantivyError| Error::index(self.path(), e);
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let month = fast.u64("month").map_err(fail)?;
            let number = fast.u64("number").map_err(fail)?;
            let new_style = fast.u64("new_style").map_err(fail)?;
            let cv = fast.u64("cv").map_err(fail)?;
            let gan = fast.u64("gan").map_err(fail)?;
            let architecture = fast.str("first_arch").map_err(fail)?;
            let mut names: std::collections::HashMap<u64, String> =
                std::collections::HashMap::new();
            for doc in segment.doc_ids_alive() {
                if new_style.first(doc) != Some(1) {
                    continue;
                }
                let (Some(key), Some(number)) = (month.first(doc), number.first(doc)) else {
                    continue;
                };
                let Some(month) =
                    crate::id::Month::from_year_month((key / 100) as u32, (key % 100) as u32)
                else {
                    continue;
                };
                let architecture = match &architecture {
                    Some(column) => match column.ords().first(doc) {
                        Some(ord) => {
                            if let std::collections::hash_map::Entry::Vacant(slot) =
                                names.entry(ord)
                            {
                                let mut name = String::new();
                                column
                                    .ord_to_str(ord, &mut name)
                                    .map_err(|e| Error::io(self.path(), e))?;
                                slot.insert(name);
                            }
                            names.get(&ord).cloned()
                        }
                        None => None,
                    },
                    None => None,
                };
                papers.push(crate::descent::TablePaper {
                    month,
                    number: number as u32,
                    cv: cv.first(doc) == Some(1),
                    gan: gan.first(doc) == Some(1),
                    architecture,
                });
            }
        }
        Ok(papers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index whose stored record has another name (an earlier encoding)
    /// is refused with a message saying what to do, not read as garbage.
    #[test]
    fn an_index_of_another_layout_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PAPERS_DIR);
        std::fs::create_dir_all(&path).unwrap();
        let mut builder = Schema::builder();
        builder.add_text_field("id", STRING | STORED);
        builder.add_bytes_field("record", STORED);
        Index::create_in_dir(&path, builder.build()).unwrap();
        let error = PaperIndex::open(dir.path()).err().expect("refused");
        assert!(error.to_string().contains("another version"), "{error}");
    }

    #[test]
    fn records_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let index = PaperIndex::open_or_create(dir.path()).unwrap();
        let mut paper = Paper {
            id: "1802.01548".into(),
            title: "A title".into(),
            abstract_text: "An abstract naming AmoebaNet-A.".into(),
            authors: vec!["A. Author".into()],
            categories: vec!["cs.NE".into(), "cs.CV".into()],
            created: Some("2018-02-05".into()),
            ..Paper::default()
        };
        paper.set_tags(crate::tagging::tag(
            &paper.categories,
            &paper.title,
            &paper.abstract_text,
        ));
        let mut writer = index.writer(1, 15_000_000).unwrap();
        writer
            .add_document(to_document(&index.fields, &paper))
            .unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        assert_eq!(index.get("arXiv:1802.01548v2").unwrap(), paper);
        assert_eq!(paper.architectures, ["AmoebaNet"]);
    }
}
