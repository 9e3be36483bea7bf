//! Ingest: stream dumps (OAI-PMH XML in three formats, the JSON snapshot,
//! plain or gzipped) into the paper index, one document per paper, upserted
//! by arXiv id, tagged on the way.
//!
//! One thread reads and parses the files in order and tags the papers; the
//! calling thread upserts them into tantivy, whose own threads index.

pub mod categories;
pub mod json;
pub mod normalize;
pub mod source;
pub mod xml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::{IndexWriter, Term};

use crate::error::{Error, Result};
use crate::index::{to_document, PaperIndex};
use crate::paper::Paper;
use crate::progress::Progress;
use source::{input_files, ContentKind, Source};

/// What a reader yields.
#[derive(Debug, Clone)]
pub enum Item {
    /// A paper to upsert.
    Paper(Box<Paper>),
    /// A record whose header says `status="deleted"`.
    Deleted {
        /// Its id.
        id: String,
        /// Its datestamp.
        datestamp: Option<String>,
    },
}

/// What an OAI-PMH response was, for the ones that carry no records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Response {
    /// The verb (`ListRecords`, `Identify`, ...), where the response names one.
    pub verb: Option<String>,
    /// The OAI-PMH error code (`noRecordsMatch`, `badResumptionToken`, ...).
    pub error_code: Option<String>,
    /// The error's text.
    pub error_message: Option<String>,
}

impl Response {
    /// A one-line description of a response that carried no records, or
    /// `None` for a record-bearing one.
    pub fn describe_recordless(&self) -> Option<String> {
        if let Some(code) = &self.error_code {
            let message = self.error_message.as_deref().unwrap_or_default();
            return Some(format!("OAI-PMH error {code}: {message}"));
        }
        match self.verb.as_deref() {
            Some(verb @ ("Identify" | "ListSets" | "ListMetadataFormats" | "ListIdentifiers")) => {
                Some(format!("OAI-PMH {verb} response (no records)"))
            }
            _ => None,
        }
    }
}

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// Stop at the first problem and commit nothing.
    pub strict: bool,
    /// tantivy indexing threads.
    pub threads: usize,
    /// tantivy's memory budget in bytes, in all.
    pub memory_budget: usize,
    /// Commit after this many records (a killed ingest keeps what was
    /// committed; rerunning completes it).
    pub checkpoint_records: u64,
}

impl IngestConfig {
    /// Defaults for `inputs` into `index_dir`.
    pub fn new(index_dir: impl Into<PathBuf>, inputs: Vec<PathBuf>) -> IngestConfig {
        IngestConfig {
            index_dir: index_dir.into(),
            inputs,
            strict: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            memory_budget: 384 << 20,
            checkpoint_records: 250_000,
        }
    }
}

/// A file that held no records, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Recordless {
    /// The file.
    pub path: PathBuf,
    /// What it was.
    pub what: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestSummary {
    /// Files read.
    pub files: u64,
    /// Records read (papers and deletions).
    pub records: u64,
    /// Papers new to the index.
    pub added: u64,
    /// Papers replaced by a newer record.
    pub updated: u64,
    /// Records not newer than what the index holds.
    pub skipped: u64,
    /// Papers removed by deleted records.
    pub deleted: u64,
    /// Seconds taken.
    pub seconds: f64,
    /// Records per second.
    pub records_per_second: f64,
    /// Papers in the index afterwards.
    pub papers: u64,
    /// Files that were OAI-PMH responses without records.
    pub recordless: Vec<Recordless>,
    /// Every problem met, with file, offset, line and record.
    pub problems: Vec<String>,
}

enum Message {
    Item(Result<Item>),
    Recordless(Recordless),
    FileDone,
}

/// Ingests `config.inputs` into the index. In strict mode the first
/// problem is returned as the error and nothing of this run is committed;
/// otherwise problems are collected in the summary and everything readable
/// is committed.
pub fn ingest(config: &IngestConfig, progress: &dyn Progress) -> Result<IngestSummary> {
    let started = Instant::now();
    let files = input_files(&config.inputs)?;
    let total_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let index = PaperIndex::open_or_create(&config.index_dir)?;
    let mut writer = index.writer(config.threads, config.memory_budget)?;
    progress.start("ingest", Some(total_bytes));

    let bytes_read = Arc::new(AtomicU64::new(0));
    let (sender, receiver) = crossbeam_channel::bounded::<Vec<Message>>(64);
    let reader_files = files.clone();
    let reader_bytes = Arc::clone(&bytes_read);
    let reader = std::thread::Builder::new()
        .name("ingest-reader".into())
        .spawn(move || read_files(&reader_files, &sender, &reader_bytes))
        .map_err(|e| Error::io("ingest reader thread", e))?;

    let mut upserter = Upserter::new(&index, config.strict);
    let mut summary = IngestSummary {
        files: files.len() as u64,
        ..IngestSummary::default()
    };
    let mut since_checkpoint = 0u64;
    let mut reported_bytes = 0u64;
    let mut failure: Option<Error> = None;
    'receive: for batch in receiver.iter() {
        for message in batch {
            match message {
                Message::Item(Ok(item)) => {
                    summary.records += 1;
                    since_checkpoint += 1;
                    if let Upserted::NeedsCommit(paper) =
                        upserter.upsert(&index, &writer, item, &mut summary)?
                    {
                        commit(&index, &mut writer)?;
                        upserter.committed();
                        since_checkpoint = 0;
                        upserter.upsert(&index, &writer, Item::Paper(paper), &mut summary)?;
                    }
                }
                Message::Item(Err(error)) => {
                    if config.strict {
                        failure = Some(error);
                        break 'receive;
                    }
                    summary.problems.push(error.to_string());
                }
                Message::Recordless(recordless) => summary.recordless.push(recordless),
                Message::FileDone => {}
            }
        }
        let now = bytes_read.load(Ordering::Relaxed);
        progress.advance(now - reported_bytes);
        reported_bytes = now;
        progress.message(&format!(
            "{} records, {:.0} records/s",
            summary.records,
            summary.records as f64 / started.elapsed().as_secs_f64().max(1e-9)
        ));
        if since_checkpoint >= config.checkpoint_records && !config.strict {
            commit(&index, &mut writer)?;
            upserter.committed();
            since_checkpoint = 0;
        }
    }
    drop(receiver);
    let _ = reader.join();
    if let Some(error) = failure {
        writer
            .rollback()
            .map_err(|e| Error::index(index.path(), e))?;
        progress.finish();
        return Err(error);
    }
    commit(&index, &mut writer)?;
    writer
        .wait_merging_threads()
        .map_err(|e| Error::index(index.path(), e))?;
    progress.finish();
    summary.papers = index.num_papers();
    summary.seconds = started.elapsed().as_secs_f64();
    summary.records_per_second = summary.records as f64 / summary.seconds.max(1e-9);
    Ok(summary)
}

fn commit(index: &PaperIndex, writer: &mut IndexWriter) -> Result<()> {
    let started = Instant::now();
    let opstamp = writer.commit().map_err(|e| Error::index(index.path(), e))?;
    index.reload()?;
    tracing::info!(
        opstamp,
        papers = index.num_papers(),
        seconds = started.elapsed().as_secs_f64(),
        "ingest commit"
    );
    Ok(())
}

/// Decides, record by record, whether to add, replace, skip or delete.
///
/// Papers written since the last commit are not searchable yet, so the
/// upserter remembers their datestamps. It keeps whole papers only in
/// strict mode (which may not commit before the end); otherwise a newer
/// record of an uncommitted paper first commits, then merges with the
/// stored paper like any other. That case is rare (the same paper twice in
/// one run with different datestamps), and not keeping every paper keeps
/// memory flat.
struct Upserter {
    /// Whether the index held anything when the run began: when it did not,
    /// only ids this run wrote can be in it.
    index_was_empty: bool,
    /// Hashes of the ids this run wrote (a collision only costs a lookup).
    written: std::collections::HashSet<u64>,
    /// Whether whole papers are kept (strict mode).
    keep_papers: bool,
    /// Papers written since the last commit, by id.
    pending: HashMap<String, Pending>,
}

/// A paper written since the last commit.
struct Pending {
    datestamp: u32,
    paper: Option<Box<Paper>>,
}

/// What an upsert needs from the ingest loop.
enum Upserted {
    Done,
    /// A newer record of an uncommitted paper: commit, then upsert again.
    NeedsCommit(Box<Paper>),
}

impl Upserter {
    fn new(index: &PaperIndex, strict: bool) -> Upserter {
        Upserter {
            index_was_empty: index.num_papers() == 0,
            written: std::collections::HashSet::new(),
            keep_papers: strict,
            pending: HashMap::new(),
        }
    }

    /// After a commit every written paper is searchable.
    fn committed(&mut self) {
        self.pending.clear();
    }

    /// Whether the committed index may hold `id`.
    fn may_be_stored(&self, id: &str) -> bool {
        !self.index_was_empty || self.written.contains(&id_hash(id))
    }

    fn upsert(
        &mut self,
        index: &PaperIndex,
        writer: &IndexWriter,
        item: Item,
        summary: &mut IngestSummary,
    ) -> Result<Upserted> {
        match item {
            Item::Paper(mut paper) => {
                let key = paper.datestamp_key();
                let may_be_stored = self.may_be_stored(&paper.id);
                let older: Option<Paper> = match self.pending.get_mut(&paper.id) {
                    Some(pending) if pending.datestamp >= key => {
                        summary.skipped += 1;
                        return Ok(Upserted::Done);
                    }
                    Some(pending) => match pending.paper.take() {
                        Some(older) => Some(*older),
                        None => return Ok(Upserted::NeedsCommit(paper)),
                    },
                    None if !may_be_stored => None,
                    None => {
                        let searcher = index.searcher();
                        match index.find(&searcher, &paper.id)? {
                            Some(address) => Some(index.paper_at(&searcher, address)?),
                            None => None,
                        }
                    }
                };
                match older {
                    Some(older) if older.datestamp_key() >= key => {
                        summary.skipped += 1;
                        return Ok(Upserted::Done);
                    }
                    Some(older) => {
                        paper.fill_from(&older);
                        writer.delete_term(Term::from_field_text(index.fields.id, &paper.id));
                        summary.updated += 1;
                    }
                    None => summary.added += 1,
                }
                writer
                    .add_document(to_document(&index.fields, &paper))
                    .map_err(|e| Error::index(index.path(), e))?;
                let id = paper.id.clone();
                self.written.insert(id_hash(&id));
                let kept = self.keep_papers.then_some(paper);
                self.pending.insert(
                    id,
                    Pending {
                        datestamp: key,
                        paper: kept,
                    },
                );
            }
            Item::Deleted { id, .. } => {
                let existed = self.pending.remove(&id).is_some()
                    || (self.may_be_stored(&id) && index.find(&index.searcher(), &id)?.is_some());
                writer.delete_term(Term::from_field_text(index.fields.id, &id));
                if existed {
                    summary.deleted += 1;
                }
            }
        }
        Ok(Upserted::Done)
    }
}

/// FNV-1a of an id: the key of [`Upserter::written`].
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The reading thread: parses each file in order, tags its papers and sends
/// them in batches.
fn read_files(
    files: &[PathBuf],
    sender: &crossbeam_channel::Sender<Vec<Message>>,
    bytes: &AtomicU64,
) {
    const BATCH: usize = 256;
    let mut done_bytes = 0u64;
    for path in files {
        let mut batch = Vec::with_capacity(BATCH);
        let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let outcome = read_one(path, &mut |message, raw_position| {
            batch.push(message);
            if batch.len() >= BATCH {
                bytes.store(done_bytes + raw_position.min(file_len), Ordering::Relaxed);
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                return sender.send(full).is_ok();
            }
            true
        });
        if let Err(error) = outcome {
            batch.push(Message::Item(Err(error)));
        }
        batch.push(Message::FileDone);
        done_bytes += file_len;
        bytes.store(done_bytes, Ordering::Relaxed);
        if sender.send(batch).is_err() {
            return;
        }
    }
}

/// Reads one file, calling `emit` with each message and the file position;
/// `emit` returns false to stop.
fn read_one(path: &Path, emit: &mut dyn FnMut(Message, u64) -> bool) -> Result<()> {
    let mut source = Source::open(path)?;
    let kind = source
        .sniff()
        .map_err(|e| input_error(path, 0, e.to_string()))?;
    match kind {
        ContentKind::Xml => {
            let mut records = xml::XmlRecords::new(source, path);
            while let Some(item) = records.next() {
                let item = item.map(tag_item);
                if !emit(Message::Item(item), records.raw_position()) {
                    return Ok(());
                }
            }
            if let Some(what) = records.response().describe_recordless() {
                emit(
                    Message::Recordless(Recordless {
                        path: path.to_path_buf(),
                        what,
                    }),
                    records.raw_position(),
                );
            }
        }
        ContentKind::JsonLines => {
            let mut records = json::JsonRecords::new(source, path);
            while let Some(item) = records.next() {
                let item = item.map(tag_item);
                if !emit(Message::Item(item), records.raw_position()) {
                    return Ok(());
                }
            }
        }
        ContentKind::Empty => {}
        ContentKind::Unknown => {
            return Err(input_error(
                path,
                0,
                "not an arXiv dump: neither XML nor JSON lines".to_string(),
            ))
        }
    }
    Ok(())
}

fn input_error(path: &Path, offset: u64, message: String) -> Error {
    Error::Input {
        location: Box::new(crate::error::Location {
            path: path.to_path_buf(),
            offset,
            line: None,
            record: None,
        }),
        message,
    }
}

fn tag_item(item: Item) -> Item {
    match item {
        Item::Paper(mut paper) => {
            paper.tags = crate::tagging::tag(&paper.categories, &paper.title, &paper.abstract_text);
            Item::Paper(paper)
        }
        other => other,
    }
}

/// Reads, parses and tags every paper under `paths` into memory, in input
/// order, skipping problems (for baselines and tests; `ingest` streams).
pub fn read_papers(paths: &[PathBuf]) -> Result<Vec<Paper>> {
    let mut papers = Vec::new();
    for path in input_files(paths)? {
        read_one(&path, &mut |message, _| {
            if let Message::Item(Ok(Item::Paper(paper))) = message {
                papers.push(*paper);
            }
            true
        })?;
    }
    Ok(papers)
}

#[cfg(test)]
mod fuzz;
