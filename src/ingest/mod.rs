//! Ingest: stream dumps (OAI-PMH XML in three formats, the JSON snapshot,
//! plain or gzipped) into the paper index, one document per paper, upserted
//! by arXiv id, tagged on the way.
//!
//! One thread reads and parses the files in order and tags the papers; the
//! calling thread upserts them into tantivy, whose own threads index.

pub mod categories;
pub mod json;
pub mod normalize;
pub mod queue;
pub mod source;
pub mod xml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::{IndexWriter, Term};

use crate::error::{Error, Result};
use crate::index::{to_document, PaperIndex};
use crate::paper::Paper;
use crate::progress::Progress;
use queue::{Gate, Queued};
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
}

/// Ingests `config.inputs` into the index. In strict mode the first
/// problem is returned as the error and nothing of this run is committed;
/// otherwise problems are collected in the summary and everything readable
/// is committed.
///
/// The calling thread reads, parses, tags and upserts; tantivy's own
/// threads index. (A separate reading thread would only compete with them
/// for the cores and hand every paper across threads.)
pub fn ingest(config: &IngestConfig, progress: &dyn Progress) -> Result<IngestSummary> {
    let started = Instant::now();
    let files = input_files(&config.inputs)?;
    let total_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let index = PaperIndex::open_or_create(&config.index_dir)?;
    let writer = index.writer(config.threads, config.memory_budget)?;
    progress.start("ingest", Some(total_bytes));

    let mut run = Run {
        upserter: Upserter::new(&index, config.strict),
        index: &index,
        writer,
        config,
        progress,
        started,
        summary: IngestSummary {
            files: files.len() as u64,
            ..IngestSummary::default()
        },
        since_checkpoint: 0,
        done_bytes: 0,
        reported_bytes: 0,
        failure: None,
    };
    let mut scratch = Scratch::default();
    for path in &files {
        let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let outcome = read_one(path, &mut scratch, &mut |message, position| {
            run.take(message, position.min(file_len))
        });
        if let Err(error) = outcome {
            run.take(Message::Item(Err(error)), file_len);
        }
        if run.failure.is_some() {
            break;
        }
        run.done_bytes += file_len;
        run.report(0);
    }
    let Run {
        mut writer,
        mut summary,
        failure,
        ..
    } = run;
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

/// One ingest in progress: what each message read does to the index.
struct Run<'a> {
    index: &'a PaperIndex,
    writer: IndexWriter<Queued>,
    upserter: Upserter,
    config: &'a IngestConfig,
    progress: &'a dyn Progress,
    started: Instant,
    summary: IngestSummary,
    since_checkpoint: u64,
    /// Bytes of the files read completely.
    done_bytes: u64,
    /// Bytes last reported to the progress bar.
    reported_bytes: u64,
    /// What stopped the run: a problem in strict mode, or the index failing.
    failure: Option<Error>,
}

impl Run<'_> {
    /// Progress is redrawn every this many records.
    const REPORT_EVERY: u64 = 256;

    /// Handles one message read at `position` in the current file; returns
    /// whether to go on.
    fn take(&mut self, message: Message, position: u64) -> bool {
        match message {
            Message::Item(Ok(item)) => {
                self.summary.records += 1;
                self.since_checkpoint += 1;
                if let Err(error) = self.upsert(item) {
                    self.failure = Some(error);
                    return false;
                }
                if self.summary.records.is_multiple_of(Self::REPORT_EVERY) {
                    self.report(position);
                }
            }
            Message::Item(Err(error)) => {
                if self.config.strict {
                    self.failure = Some(error);
                    return false;
                }
                self.summary.problems.push(error.to_string());
            }
            Message::Recordless(recordless) => self.summary.recordless.push(recordless),
        }
        true
    }

    fn upsert(&mut self, item: Item) -> Result<()> {
        let (index, writer) = (self.index, &mut self.writer);
        if let Upserted::NeedsCommit(paper) =
            self.upserter
                .upsert(index, writer, item, &mut self.summary)?
        {
            self.checkpoint()?;
            self.upserter
                .upsert(index, &self.writer, Item::Paper(paper), &mut self.summary)?;
        }
        if self.since_checkpoint >= self.config.checkpoint_records && !self.config.strict {
            self.checkpoint()?;
        }
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<()> {
        commit(self.index, &mut self.writer)?;
        self.upserter.committed();
        self.since_checkpoint = 0;
        Ok(())
    }

    /// Advances the progress bar to `position` bytes into the current file.
    fn report(&mut self, position: u64) {
        let now = self.done_bytes + position;
        self.progress
            .advance(now.saturating_sub(self.reported_bytes));
        self.reported_bytes = self.reported_bytes.max(now);
        self.progress.message(&format!(
            "{} records, {:.0} records/s",
            self.summary.records,
            self.summary.records as f64 / self.started.elapsed().as_secs_f64().max(1e-9)
        ));
    }
}

fn commit(index: &PaperIndex, writer: &mut IndexWriter<Queued>) -> Result<()> {
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
    written: rustc_hash::FxHashSet<u64>,
    /// Whether whole papers are kept (strict mode).
    keep_papers: bool,
    /// Papers written since the last commit, by id.
    pending: rustc_hash::FxHashMap<String, Pending>,
    /// The documents waiting for tantivy's indexing threads.
    gate: Arc<Gate>,
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
            written: rustc_hash::FxHashSet::default(),
            keep_papers: strict,
            pending: rustc_hash::FxHashMap::default(),
            gate: Gate::new(),
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
        writer: &IndexWriter<Queued>,
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
                    .add_document(self.gate.admit(to_document(&index.fields, &paper)))
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

/// Inputs whose content is at most this many bytes are read whole and
/// parsed in place; longer ones stream. (arXiv's OAI-PMH pages hold a few
/// MiB; a dump in one file of many GiB still streams.)
pub const IN_MEMORY_BYTES: usize = 32 << 20;

/// What reading keeps from one input to the next: the buffer inputs read
/// whole are read into, so its memory is reused rather than requested (and
/// zeroed by the kernel) again for every page of a harvest.
pub(crate) struct Scratch {
    content: Vec<u8>,
    /// Inputs up to this many bytes are read whole.
    limit: usize,
}

impl Scratch {
    pub(crate) fn new(limit: usize) -> Scratch {
        Scratch {
            content: Vec::new(),
            limit,
        }
    }
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch::new(IN_MEMORY_BYTES)
    }
}

/// Reads one file, calling `emit` with each message and the file position;
/// `emit` returns false to stop.
fn read_one(
    path: &Path,
    scratch: &mut Scratch,
    emit: &mut dyn FnMut(Message, u64) -> bool,
) -> Result<()> {
    let open = || -> Result<(Source, ContentKind)> {
        let mut source = Source::open(path)?;
        let kind = source
            .sniff()
            .map_err(|e| input_error(path, 0, e.to_string()))?;
        Ok((source, kind))
    };
    let (mut source, kind) = open()?;
    match kind {
        ContentKind::Xml => {
            if scratch.limit > 0 {
                if let Some(cut) = source.read_whole(&mut scratch.content, scratch.limit) {
                    let position = source.raw_position();
                    let mut records = xml::SliceRecords::new(&scratch.content, path, cut);
                    let finished = records
                        .by_ref()
                        .all(|item| emit(Message::Item(item.map(tag_item)), position));
                    if finished {
                        emit_recordless(records.response(), path, position, emit);
                    }
                    return Ok(());
                }
                // Too long to hold: stream it from the start.
                source = open()?.0;
            }
            let mut records = xml::XmlRecords::new(source, path);
            let finished = loop {
                let Some(item) = records.next() else {
                    break true;
                };
                if !emit(Message::Item(item.map(tag_item)), records.raw_position()) {
                    break false;
                }
            };
            if finished {
                let position = records.raw_position();
                emit_recordless(records.response(), path, position, emit);
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

/// Emits what a response without records was, if it was one.
fn emit_recordless(
    response: &Response,
    path: &Path,
    position: u64,
    emit: &mut dyn FnMut(Message, u64) -> bool,
) {
    if let Some(what) = response.describe_recordless() {
        emit(
            Message::Recordless(Recordless {
                path: path.to_path_buf(),
                what,
            }),
            position,
        );
    }
}

fn input_error(path: &Path, offset: u64, message: String) -> Error {
    Error::input(path, offset, None, None, message)
}

fn tag_item(item: Item) -> Item {
    match item {
        Item::Paper(mut paper) => {
            let tags = crate::tagging::tag(&paper.categories, &paper.title, &paper.abstract_text);
            paper.set_tags(tags);
            Item::Paper(paper)
        }
        other => other,
    }
}

/// Every item of the input at `path`, problems included, read whole when
/// `whole` and the content fits [`IN_MEMORY_BYTES`], streaming otherwise
/// (for tests and tools: the two ways give the same items).
pub fn read_items(path: &Path, whole: bool) -> Result<Vec<Result<Item>>> {
    let mut scratch = Scratch::new(if whole { IN_MEMORY_BYTES } else { 0 });
    let mut items = Vec::new();
    read_one(path, &mut scratch, &mut |message, _| {
        if let Message::Item(item) = message {
            items.push(item);
        }
        true
    })?;
    Ok(items)
}

/// Reads, parses and tags every paper under `paths` into memory, in input
/// order, skipping problems (for baselines and tests; `ingest` streams).
pub fn read_papers(paths: &[PathBuf]) -> Result<Vec<Paper>> {
    let mut papers = Vec::new();
    let mut scratch = Scratch::default();
    for path in input_files(paths)? {
        read_one(&path, &mut scratch, &mut |message, _| {
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
