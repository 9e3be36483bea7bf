//! Stored runs: running a descent against the paper index, writing the run
//! (manifest, outcomes, every visit at one byte each) atomically under
//! `DIR/runs/NAME`, and the per-run, per-paper aggregate in the tantivy
//! index `DIR/visits` that answers "which runs visited this paper".

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, STRING};
use tantivy::{Index, Order, TantivyDocument, Term};

use crate::descent::{
    self, Action, DescentConfig, Reason, RunResult, SpaceTable, Status, CV, GAN, PRESENT,
};
use crate::error::{Error, Result};
use crate::id::{ArxivId, Month};
use crate::index::PaperIndex;
use crate::progress::Progress;

/// Sub-folder of the index folder holding the runs.
pub const RUNS_DIR: &str = "runs";
/// Sub-folder of the index folder holding the per-paper aggregate.
pub const VISITS_DIR: &str = "visits";
/// Version of the stored run format.
pub const FORMAT_VERSION: u32 = 1;
const OUTCOME_BYTES: usize = 48;

/// What `descend` needs beyond the engine's parameters.
#[derive(Debug, Clone)]
pub struct DescendConfig {
    /// The index folder.
    pub index_dir: PathBuf,
    /// The run's name (a default is made from the seed and time).
    pub name: Option<String>,
    /// The engine's parameters.
    pub descent: DescentConfig,
    /// Only months from here (`--from`).
    pub from: Option<Month>,
    /// Only months to here (`--until`).
    pub until: Option<Month>,
    /// Start every student at this id (`--init`).
    pub init: Option<String>,
    /// Threads (0: all cores).
    pub threads: usize,
}

/// The index a run walked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexIdentity {
    /// Live papers.
    pub papers: u64,
    /// Opstamp of the commit.
    pub commit: u64,
}

/// Counts of outcomes by status and reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StatusCount {
    /// Status.
    pub status: Status,
    /// Reason, for dropped-out and exhausted.
    pub reason: Option<Reason>,
    /// Students.
    pub count: u64,
}

/// A pick and how many students made it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pick {
    /// Architecture (none when the paper itself is the pick).
    pub architecture: Option<String>,
    /// The paper (for an architecture pick: the paper most students took
    /// it from).
    pub paper: Option<String>,
    /// The paper's title.
    pub title: Option<String>,
    /// Students who adapted it.
    pub count: u64,
    /// Of those, Hintonian CapsNet overrides.
    pub hintonian_overrides: u64,
}

/// Everything needed to reproduce and read a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The run's name.
    pub run: String,
    /// Stored format version.
    pub format_version: u32,
    /// The engine's parameters (seed included).
    pub parameters: DescentConfig,
    /// `--from` / `--until` as given.
    pub from: Option<String>,
    /// See `from`.
    pub until: Option<String>,
    /// The random generator.
    pub generator: String,
    /// The index walked.
    pub index: IndexIdentity,
    /// First month of the space (`YYMM`).
    pub first_month: String,
    /// Last month of the space.
    pub last_month: String,
    /// `N(m)` for every month `first..=last`: enough to rebuild paths.
    pub month_counts: Vec<u32>,
    /// Start time (UTC, RFC 3339).
    pub started: String,
    /// End time.
    pub finished: String,
    /// Seconds of the walk alone.
    pub walk_seconds: f64,
    /// Seconds in all.
    pub seconds: f64,
    /// Students.
    pub students: u32,
    /// Rounds.
    pub rounds: u64,
    /// Total visits.
    pub visits: u64,
    /// Visits where no paper was.
    pub visits_absent: u64,
    /// Visits to GAN papers.
    pub visits_gan: u64,
    /// Distinct papers visited.
    pub papers_visited: u64,
    /// Outcomes by status.
    pub statuses: Vec<StatusCount>,
    /// Picks, most adapted first.
    pub picks: Vec<Pick>,
    /// Hintonian overrides in all.
    pub hintonian_overrides: u64,
    /// College-dropout events.
    pub dropouts: Vec<descent::DropoutEvent>,
    /// Students whose adapts confirmed `--hypothesis`, in order.
    pub confirming: Vec<u32>,
    /// Architecture names, indexed by the outcomes' codes.
    pub architectures: Vec<String>,
}

/// One student's outcome.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Outcome {
    /// Index.
    pub student: u32,
    /// Status.
    pub status: Status,
    /// Reason.
    pub reason: Option<Reason>,
    /// Steps taken (= visits).
    pub steps: u64,
    /// Starting identifier.
    pub start_id: String,
    /// Last identifier visited.
    pub final_id: String,
    /// The paper picked (adapted students).
    pub paper: Option<String>,
    /// The architecture picked.
    pub architecture: Option<String>,
    /// Whether the pick is a Hintonian CapsNet override.
    pub hintonian_override: bool,
    /// π at the end.
    pub pi: f64,
    /// Funding at the end.
    pub funding: i64,
}

/// A stored run: its manifest and outcomes.
#[derive(Debug, Clone)]
pub struct StoredRun {
    /// The manifest.
    pub manifest: Manifest,
    /// Every outcome in student order.
    pub outcomes: Vec<Outcome>,
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn default_name(seed: u64) -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "run-{:04}{:02}{:02}-{:02}{:02}{:02}-s{seed}",
        now.year(),
        now.month() as u8,
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn status_code(status: Status) -> u8 {
    match status {
        Status::Searching => 0,
        Status::Adapted => 1,
        Status::DroppedOut => 2,
        Status::Exhausted => 3,
        Status::OutOfSteps => 4,
        Status::StoppedEarly => 5,
    }
}

fn status_of(code: u8) -> Status {
    match code {
        1 => Status::Adapted,
        2 => Status::DroppedOut,
        3 => Status::Exhausted,
        4 => Status::OutOfSteps,
        5 => Status::StoppedEarly,
        _ => Status::Searching,
    }
}

fn reason_code(reason: Option<Reason>) -> u8 {
    match reason {
        None => 0,
        Some(Reason::Fees) => 1,
        Some(Reason::CollegeDropout) => 2,
        Some(Reason::Present) => 3,
        Some(Reason::BigBang) => 4,
    }
}

fn reason_of(code: u8) -> Option<Reason> {
    match code {
        1 => Some(Reason::Fees),
        2 => Some(Reason::CollegeDropout),
        3 => Some(Reason::Present),
        4 => Some(Reason::BigBang),
        _ => None,
    }
}

/// The text id of a point of a run's space.
pub fn point_id(first: Month, point: (u32, u32)) -> String {
    ArxivId::new_style(Month(first.0 + point.0), point.1).to_string()
}

/// The aggregate index of visits per run and paper.
struct VisitsIndex {
    index: Index,
    path: PathBuf,
    run: Field,
    paper: Field,
    visits: Field,
    students: Field,
    cv: Field,
    gan: Field,
}

impl VisitsIndex {
    fn schema() -> Schema {
        let mut builder = Schema::builder();
        builder.add_text_field("run", STRING | STORED | FAST);
        builder.add_text_field("paper", STRING | STORED | FAST);
        builder.add_u64_field("visits", STORED | FAST);
        builder.add_u64_field("students", STORED | FAST);
        builder.add_u64_field("cv", INDEXED | FAST);
        builder.add_u64_field("gan", INDEXED | FAST);
        builder.build()
    }

    fn open(dir: &Path, create: bool) -> Result<Option<VisitsIndex>> {
        let path = dir.join(VISITS_DIR);
        if !path.join("meta.json").exists() {
            if !create {
                return Ok(None);
            }
            fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            match Index::create_in_dir(&path, Self::schema()) {
                // Another run created it in the meantime: open that one.
                Ok(_) | Err(tantivy::TantivyError::IndexAlreadyExists) => {}
                Err(e) => return Err(Error::index(&path, e)),
            }
        }
        let index = Index::open_in_dir(&path).map_err(|e| Error::index(&path, e))?;
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name).map_err(|e| Error::index(&path, e));
        Ok(Some(VisitsIndex {
            run: field("run")?,
            paper: field("paper")?,
            visits: field("visits")?,
            students: field("students")?,
            cv: field("cv")?,
            gan: field("gan")?,
            index,
            path,
        }))
    }
}

/// Per-paper aggregate of one run.
struct PaperVisits {
    entry: usize,
    visits: u64,
    students: u64,
}

/// Counts visits and distinct students per table entry, in parallel.
fn aggregate(table: &SpaceTable, result: &RunResult) -> (Vec<PaperVisits>, u64, u64) {
    let entries = table.entries();
    let (visits, students, absent, gan) = result
        .students
        .par_chunks(4096)
        .fold(
            || (vec![0u32; entries], vec![0u32; entries], 0u64, 0u64),
            |(mut visits, mut students, mut absent, mut gan), chunk| {
                let mut seen: Vec<u32> = Vec::new();
                for student in chunk {
                    seen.clear();
                    let mut point = student.start;
                    for &code in &student.visits {
                        let flags = table.flags(point.0, point.1);
                        if flags & PRESENT != 0 {
                            let entry = table.entry(point.0, point.1);
                            visits[entry] += 1;
                            seen.push(entry as u32);
                            if flags & GAN != 0 {
                                gan += 1;
                            }
                        } else {
                            absent += 1;
                        }
                        match Action::from_code(code) {
                            Some(Action::Advance) => point.0 += 1,
                            Some(Action::Descend) => {
                                if point.1 > 1 {
                                    point.1 -= 1;
                                } else if let Some(previous) = table.previous_nonempty(point.0) {
                                    point = (previous, table.count(previous));
                                }
                            }
                            _ => {}
                        }
                    }
                    seen.sort_unstable();
                    seen.dedup();
                    for &entry in &seen {
                        students[entry as usize] += 1;
                    }
                }
                (visits, students, absent, gan)
            },
        )
        .reduce(
            || (vec![0u32; entries], vec![0u32; entries], 0u64, 0u64),
            |(mut va, mut sa, aa, ga), (vb, sb, ab, gb)| {
                va.iter_mut().zip(&vb).for_each(|(a, b)| *a += b);
                sa.iter_mut().zip(&sb).for_each(|(a, b)| *a += b);
                (va, sa, aa + ab, ga + gb)
            },
        );
    let papers = visits
        .iter()
        .zip(&students)
        .enumerate()
        .filter(|(_, (v, _))| **v > 0)
        .map(|(entry, (v, s))| PaperVisits {
            entry,
            visits: *v as u64,
            students: *s as u64,
        })
        .collect();
    (papers, absent, gan)
}

/// Runs a descent on the index and stores it; returns the stored run.
pub fn descend(config: &DescendConfig, progress: &dyn Progress) -> Result<StoredRun> {
    let started_at = now_rfc3339();
    let started = Instant::now();
    let papers_index = PaperIndex::open(&config.index_dir)?;
    let name = config
        .name
        .clone()
        .unwrap_or_else(|| default_name(config.descent.seed));
    if !valid_name(&name) {
        return Err(Error::Invalid(format!(
            "run name {name:?}: use letters, digits, '-', '_' and '.' (not first)"
        )));
    }
    let runs_dir = config.index_dir.join(RUNS_DIR);
    let final_dir = runs_dir.join(&name);
    if final_dir.exists() {
        return Err(Error::Invalid(format!(
            "a run named {name} exists: choose another --name (or remove {})",
            final_dir.display()
        )));
    }
    progress.start("table", None);
    let identity = IndexIdentity {
        papers: papers_index.num_papers(),
        commit: papers_index.commit_opstamp()?,
    };
    let table = SpaceTable::build(&papers_index.table_papers()?, config.from, config.until)
        .ok_or_else(|| {
            Error::Invalid("no new-style paper in the index within --from/--until".into())
        })?;
    progress.finish();
    let mut engine = config.descent.clone();
    if let Some(init) = &config.init {
        let id = ArxivId::parse(init)
            .filter(ArxivId::is_new_style)
            .ok_or_else(|| Error::Invalid(format!("--init {init}: not a new-style arXiv id")))?;
        let month = table.month_index(id.month()).ok_or_else(|| {
            Error::Invalid(format!(
                "--init {init}: outside the months {}..{}",
                table.first(),
                table.last()
            ))
        })?;
        engine.init = Some((month, id.number()));
    }
    progress.start("descent", None);
    let walk_started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::Invalid(format!("thread pool: {e}")))?;
    let result = pool.install(|| descent::run::<true>(&table, &engine))?;
    let walk_seconds = walk_started.elapsed().as_secs_f64();
    tracing::info!(
        students = engine.students,
        visits = result.visits(),
        rounds = result.rounds,
        walk_seconds,
        "descent walked"
    );
    progress.finish();

    progress.start("store", None);
    let (paper_visits, visits_absent, visits_gan) = pool.install(|| aggregate(&table, &result));
    let architectures: Vec<String> = {
        let mut names: Vec<String> = result
            .students
            .iter()
            .filter_map(|s| s.architecture.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let outcomes = outcomes_of(&table, &result);
    let mut manifest = Manifest {
        run: name.clone(),
        format_version: FORMAT_VERSION,
        parameters: engine.clone(),
        from: config.from.map(|m| m.to_string()),
        until: config.until.map(|m| m.to_string()),
        generator: descent::GENERATOR.to_string(),
        index: identity,
        first_month: table.first().to_string(),
        last_month: table.last().to_string(),
        month_counts: table.counts().to_vec(),
        started: started_at,
        finished: String::new(),
        walk_seconds,
        seconds: 0.0,
        students: engine.students,
        rounds: result.rounds,
        visits: result.visits(),
        visits_absent,
        visits_gan,
        papers_visited: paper_visits.len() as u64,
        statuses: status_counts(&outcomes),
        picks: picks(&papers_index, &outcomes)?,
        hintonian_overrides: outcomes.iter().filter(|o| o.hintonian_override).count() as u64,
        dropouts: result.dropouts.clone(),
        confirming: result.confirming.clone(),
        architectures: architectures.clone(),
    };

    // Write everything into a temporary folder, commit the aggregate, then
    // rename: a run that fails part way leaves no half run behind.
    fs::create_dir_all(&runs_dir).map_err(|e| Error::io(&runs_dir, e))?;
    let temp_dir = runs_dir.join(format!(".tmp-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&temp_dir);
    fs::create_dir_all(&temp_dir).map_err(|e| Error::io(&temp_dir, e))?;
    let written = (|| -> Result<()> {
        write_visits(&temp_dir, &result)?;
        write_outcomes(&temp_dir, &result, &architectures)?;
        let visits_index = VisitsIndex::open(&config.index_dir, true)?.expect("created");
        // Runs may finish at the same time: wait for the other's short
        // commit rather than fail (the lock is held for milliseconds).
        let waited_since = Instant::now();
        let mut writer = loop {
            match visits_index.index.writer_with_num_threads(1, 64_000_000) {
                Ok(writer) => break writer,
                Err(tantivy::TantivyError::LockFailure(..))
                    if waited_since.elapsed().as_secs() < 120 =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    return Err(Error::Locked(visits_index.path.clone()))
                }
                Err(other) => return Err(Error::index(&visits_index.path, other)),
            }
        };
        writer.delete_term(Term::from_field_text(visits_index.run, &name));
        for paper in &paper_visits {
            let point = table.point_of_entry(paper.entry);
            let flags = table.flags(point.0, point.1);
            let mut doc = TantivyDocument::default();
            doc.add_text(visits_index.run, &name);
            doc.add_text(visits_index.paper, point_id(table.first(), point));
            doc.add_u64(visits_index.visits, paper.visits);
            doc.add_u64(visits_index.students, paper.students);
            doc.add_u64(visits_index.cv, (flags & CV != 0) as u64);
            doc.add_u64(visits_index.gan, (flags & GAN != 0) as u64);
            writer
                .add_document(doc)
                .map_err(|e| Error::index(&visits_index.path, e))?;
        }
        manifest.finished = now_rfc3339();
        manifest.seconds = started.elapsed().as_secs_f64();
        let file = temp_dir.join("manifest.json");
        let json = serde_json::to_vec_pretty(&manifest).expect("a manifest serialises");
        fs::write(&file, json).map_err(|e| Error::io(&file, e))?;
        writer
            .commit()
            .map_err(|e| Error::index(&visits_index.path, e))?;
        fs::rename(&temp_dir, &final_dir).map_err(|e| Error::io(&final_dir, e))?;
        Ok(())
    })();
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&temp_dir);
        return Err(error);
    }
    progress.finish();
    Ok(StoredRun { manifest, outcomes })
}

fn write_visits(dir: &Path, result: &RunResult) -> Result<()> {
    let path = dir.join("visits.bin");
    let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    for student in &result.students {
        out.write_all(&student.visits)
            .map_err(|e| Error::io(&path, e))?;
    }
    out.flush().map_err(|e| Error::io(&path, e))
}

fn write_outcomes(dir: &Path, result: &RunResult, architectures: &[String]) -> Result<()> {
    let path = dir.join("outcomes.bin");
    let mut bytes = Vec::with_capacity(result.students.len() * OUTCOME_BYTES);
    for student in &result.students {
        let code = student
            .architecture
            .as_ref()
            .and_then(|a| architectures.iter().position(|n| n == a))
            .map_or(u16::MAX, |c| c as u16);
        bytes.push(status_code(student.status));
        bytes.push(reason_code(student.reason));
        bytes.push(student.hintonian_override as u8);
        bytes.push(0);
        bytes.extend_from_slice(&code.to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        bytes.extend_from_slice(&student.steps.to_le_bytes());
        for value in [
            student.start.0,
            student.start.1,
            student.last_visit.0,
            student.last_visit.1,
        ] {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes.extend_from_slice(&student.pi.to_le_bytes());
        bytes.extend_from_slice(&student.funding.to_le_bytes());
    }
    fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
}

fn outcomes_of(table: &SpaceTable, result: &RunResult) -> Vec<Outcome> {
    result
        .students
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let adapted = s.status == Status::Adapted;
            Outcome {
                student: index as u32,
                status: s.status,
                reason: s.reason,
                steps: s.steps,
                start_id: point_id(table.first(), s.start),
                final_id: point_id(table.first(), s.last_visit),
                paper: adapted.then(|| {
                    if s.hintonian_override {
                        descent::CAPSNET_PAPER.to_string()
                    } else {
                        point_id(table.first(), s.last_visit)
                    }
                }),
                architecture: s.architecture.clone(),
                hintonian_override: s.hintonian_override,
                pi: s.pi,
                funding: s.funding,
            }
        })
        .collect()
}

fn status_counts(outcomes: &[Outcome]) -> Vec<StatusCount> {
    let mut counts: HashMap<(Status, Option<Reason>), u64> = HashMap::new();
    for outcome in outcomes {
        *counts.entry((outcome.status, outcome.reason)).or_default() += 1;
    }
    let mut counts: Vec<StatusCount> = counts
        .into_iter()
        .map(|((status, reason), count)| StatusCount {
            status,
            reason,
            count,
        })
        .collect();
    counts.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then((a.status, a.reason).cmp(&(b.status, b.reason)))
    });
    counts
}

fn picks(papers: &PaperIndex, outcomes: &[Outcome]) -> Result<Vec<Pick>> {
    // Key: the architecture, or the paper for paper picks.
    // (architecture, papers and their counts, students, Hintonian overrides)
    type Group = (Option<String>, HashMap<String, u64>, u64, u64);
    let mut groups: HashMap<String, Group> = HashMap::new();
    for outcome in outcomes.iter().filter(|o| o.status == Status::Adapted) {
        let paper = outcome.paper.clone().unwrap_or_default();
        let key = outcome
            .architecture
            .clone()
            .unwrap_or_else(|| paper.clone());
        let group = groups
            .entry(key)
            .or_insert_with(|| (outcome.architecture.clone(), HashMap::new(), 0, 0));
        *group.1.entry(paper).or_default() += 1;
        group.2 += 1;
        group.3 += outcome.hintonian_override as u64;
    }
    let mut picks = Vec::with_capacity(groups.len());
    for (_, (architecture, sources, count, overrides)) in groups {
        let paper = sources
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(paper, _)| paper);
        let title = paper
            .as_deref()
            .and_then(|id| papers.get(id).ok())
            .map(|p| p.title);
        picks.push(Pick {
            architecture,
            paper,
            title,
            count,
            hintonian_overrides: overrides,
        });
    }
    picks.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.architecture.cmp(&b.architecture))
            .then_with(|| a.paper.cmp(&b.paper))
    });
    Ok(picks)
}

/// The stored runs, newest first.
pub fn list(index_dir: &Path) -> Result<Vec<Manifest>> {
    let dir = index_dir.join(RUNS_DIR);
    let mut manifests = Vec::new();
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(manifests);
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if let Ok(manifest) = manifest(index_dir, &name) {
            manifests.push(manifest);
        }
    }
    manifests.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| b.run.cmp(&a.run)));
    Ok(manifests)
}

/// The manifest of run `name`.
pub fn manifest(index_dir: &Path, name: &str) -> Result<Manifest> {
    if !valid_name(name) {
        return Err(Error::UnknownRun(name.to_string()));
    }
    let path = index_dir.join(RUNS_DIR).join(name).join("manifest.json");
    let bytes = fs::read(&path).map_err(|_| Error::UnknownRun(name.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Run {
        run: name.to_string(),
        message: format!("{}: {e}", path.display()),
    })
}

/// The newest run's name.
pub fn newest(index_dir: &Path) -> Result<String> {
    list(index_dir)?
        .into_iter()
        .next()
        .map(|m| m.run)
        .ok_or_else(|| Error::Invalid("no stored run: run `arxiv-descent descend` first".into()))
}

/// Every outcome of run `name`.
pub fn outcomes(index_dir: &Path, manifest: &Manifest) -> Result<Vec<Outcome>> {
    let path = index_dir
        .join(RUNS_DIR)
        .join(&manifest.run)
        .join("outcomes.bin");
    let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
    if bytes.len() != manifest.students as usize * OUTCOME_BYTES {
        return Err(Error::Run {
            run: manifest.run.clone(),
            message: format!(
                "{} has {} bytes, not {}",
                path.display(),
                bytes.len(),
                manifest.students as usize * OUTCOME_BYTES
            ),
        });
    }
    let first = Month::parse(&manifest.first_month).unwrap_or(Month(0));
    let u32_at =
        |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"));
    Ok(bytes
        .chunks_exact(OUTCOME_BYTES)
        .enumerate()
        .map(|(index, b)| {
            let status = status_of(b[0]);
            let hintonian = b[2] != 0;
            let code = u16::from_le_bytes([b[4], b[5]]);
            let architecture = manifest.architectures.get(code as usize).cloned();
            let last = (u32_at(b, 24), u32_at(b, 28));
            Outcome {
                student: index as u32,
                status,
                reason: reason_of(b[1]),
                steps: u64::from_le_bytes(b[8..16].try_into().expect("8 bytes")),
                start_id: point_id(first, (u32_at(b, 16), u32_at(b, 20))),
                final_id: point_id(first, last),
                paper: (status == Status::Adapted).then(|| {
                    if hintonian {
                        descent::CAPSNET_PAPER.to_string()
                    } else {
                        point_id(first, last)
                    }
                }),
                architecture,
                hintonian_override: hintonian,
                pi: f64::from_le_bytes(b[32..40].try_into().expect("8 bytes")),
                funding: i64::from_le_bytes(b[40..48].try_into().expect("8 bytes")),
            }
        })
        .collect())
}

/// One visit of a stored path.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Visit {
    /// Step number, from 1.
    pub step: u64,
    /// Identifier visited.
    pub id: String,
    /// Whether a paper was there.
    pub present: bool,
    /// What the student did.
    pub action: Action,
}

/// Decodes one student's stored visit codes from its starting point.
fn decode_student(
    manifest: &Manifest,
    first: Month,
    outcome: &Outcome,
    codes: &[u8],
) -> Vec<((u32, u32), bool, Action)> {
    let start = ArxivId::parse(&outcome.start_id)
        .map(|id| (id.month().0 - first.0, id.number()))
        .unwrap_or((0, 1));
    descent::decode_path(&manifest.month_counts, start, codes)
}

/// The ordered path of student `student` of a run.
pub fn path(index_dir: &Path, manifest: &Manifest, student: u32) -> Result<(Outcome, Vec<Visit>)> {
    let outcomes = outcomes(index_dir, manifest)?;
    let outcome = outcomes.get(student as usize).cloned().ok_or_else(|| {
        Error::Invalid(format!(
            "run {} has students 0..{}",
            manifest.run, manifest.students
        ))
    })?;
    let offset: u64 = outcomes[..student as usize].iter().map(|o| o.steps).sum();
    let file = index_dir
        .join(RUNS_DIR)
        .join(&manifest.run)
        .join("visits.bin");
    let mut codes = vec![0u8; outcome.steps as usize];
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut handle = fs::File::open(&file).map_err(|e| Error::io(&file, e))?;
        handle
            .seek(SeekFrom::Start(offset))
            .map_err(|e| Error::io(&file, e))?;
        handle
            .read_exact(&mut codes)
            .map_err(|e| Error::io(&file, e))?;
    }
    let first = Month::parse(&manifest.first_month).unwrap_or(Month(0));
    let visits = decode_student(manifest, first, &outcome, &codes)
        .into_iter()
        .enumerate()
        .map(|(step, (point, present, action))| Visit {
            step: step as u64 + 1,
            id: point_id(first, point),
            present,
            action,
        })
        .collect();
    Ok((outcome, visits))
}

/// A paper a run visited.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VisitedPaper {
    /// The run.
    pub run: String,
    /// The paper.
    pub id: String,
    /// Visits.
    pub visits: u64,
    /// Distinct students.
    pub students: u64,
    /// `cv` tag.
    pub cv: bool,
    /// `gan` tag.
    pub gan: bool,
}

fn read_visited(
    visits: &VisitsIndex,
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
) -> Result<VisitedPaper> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(|e| Error::index(&visits.path, e))?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let segment = searcher.segment_reader(address.segment_ord);
    let flag = |name: &str| {
        segment
            .fast_fields()
            .u64(name)
            .ok()
            .and_then(|c| c.first(address.doc_id))
            == Some(1)
    };
    Ok(VisitedPaper {
        run: text(visits.run),
        id: text(visits.paper),
        visits: number(visits.visits),
        students: number(visits.students),
        cv: flag("cv"),
        gan: flag("gan"),
    })
}

/// The papers run `run` visited, most visited first.
pub fn visited(
    index_dir: &Path,
    run: &str,
    cv: bool,
    gan: bool,
    limit: usize,
) -> Result<Vec<VisitedPaper>> {
    let Some(visits) = VisitsIndex::open(index_dir, false)? else {
        return Ok(Vec::new());
    };
    let reader = visits
        .index
        .reader()
        .map_err(|e| Error::index(&visits.path, e))?;
    let searcher = reader.searcher();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Must,
        Box::new(TermQuery::new(
            Term::from_field_text(visits.run, run),
            IndexRecordOption::Basic,
        )),
    )];
    for (wanted, field) in [(cv, visits.cv), (gan, visits.gan)] {
        if wanted {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(field, 1),
                    IndexRecordOption::Basic,
                )),
            ));
        }
    }
    let top = TopDocs::with_limit(limit.max(1)).order_by_fast_field::<u64>("visits", Order::Desc);
    let hits = searcher
        .search(&BooleanQuery::new(clauses), &top)
        .map_err(|e| Error::index(&visits.path, e))?;
    let mut papers = hits
        .into_iter()
        .map(|(_, address)| read_visited(&visits, &searcher, address))
        .collect::<Result<Vec<_>>>()?;
    papers.sort_by(|a, b| b.visits.cmp(&a.visits).then_with(|| a.id.cmp(&b.id)));
    Ok(papers)
}

/// Every stored run that visited paper `id`, with its visits and students.
pub fn runs_visiting(index_dir: &Path, id: &str) -> Result<Vec<VisitedPaper>> {
    let canonical = ArxivId::parse(id)
        .map(|i| i.to_string())
        .unwrap_or_else(|| id.to_string());
    let Some(visits) = VisitsIndex::open(index_dir, false)? else {
        return Ok(Vec::new());
    };
    let reader = visits
        .index
        .reader()
        .map_err(|e| Error::index(&visits.path, e))?;
    let searcher = reader.searcher();
    let query = TermQuery::new(
        Term::from_field_text(visits.paper, &canonical),
        IndexRecordOption::Basic,
    );
    let hits = searcher
        .search(&query, &TopDocs::with_limit(100_000).order_by_score())
        .map_err(|e| Error::index(&visits.path, e))?;
    let runs_dir = index_dir.join(RUNS_DIR);
    let mut runs = Vec::new();
    for (_, address) in hits {
        let visited = read_visited(&visits, &searcher, address)?;
        // A run whose folder is gone (removed, or a crash between the
        // aggregate's commit and the rename) is not listed.
        if runs_dir.join(&visited.run).join("manifest.json").exists() {
            runs.push(visited);
        }
    }
    runs.sort_by(|a, b| b.visits.cmp(&a.visits).then_with(|| a.run.cmp(&b.run)));
    Ok(runs)
}

/// Calls `each(student, visit)` for every stored visit of a run, student by
/// student and step by step, reading `visits.bin` once.
pub fn for_each_visit(
    index_dir: &Path,
    manifest: &Manifest,
    mut each: impl FnMut(u32, &Visit) -> Result<()>,
) -> Result<()> {
    let outcomes = outcomes(index_dir, manifest)?;
    let file = index_dir
        .join(RUNS_DIR)
        .join(&manifest.run)
        .join("visits.bin");
    let codes = fs::read(&file).map_err(|e| Error::io(&file, e))?;
    let expected: u64 = outcomes.iter().map(|o| o.steps).sum();
    if codes.len() as u64 != expected {
        return Err(Error::Run {
            run: manifest.run.clone(),
            message: format!(
                "{} has {} visits, the outcomes say {expected}",
                file.display(),
                codes.len()
            ),
        });
    }
    let first = Month::parse(&manifest.first_month).unwrap_or(Month(0));
    let mut at = 0usize;
    for outcome in &outcomes {
        let steps = outcome.steps as usize;
        let path = decode_student(manifest, first, outcome, &codes[at..at + steps]);
        at += steps;
        for (step, (point, present, action)) in path.into_iter().enumerate() {
            let visit = Visit {
                step: step as u64 + 1,
                id: point_id(first, point),
                present,
                action,
            };
            each(outcome.student, &visit)?;
        }
    }
    Ok(())
}

/// Every outcome of a run, and the first students' paths as (month index,
/// action) per step.
pub type FirstPaths = (Vec<Outcome>, Vec<Vec<(u32, Action)>>);

/// The paths of the first `limit` students, as (month index from the run's
/// first month, action) per step, with every outcome: what a figure needs,
/// read without decoding the rest of the run.
pub fn first_paths(index_dir: &Path, manifest: &Manifest, limit: u32) -> Result<FirstPaths> {
    use std::io::Read;
    let outcomes = outcomes(index_dir, manifest)?;
    let limit = (limit as usize).min(outcomes.len());
    let bytes: u64 = outcomes[..limit].iter().map(|o| o.steps).sum();
    let file = index_dir
        .join(RUNS_DIR)
        .join(&manifest.run)
        .join("visits.bin");
    let mut codes = vec![0u8; bytes as usize];
    fs::File::open(&file)
        .and_then(|mut f| f.read_exact(&mut codes))
        .map_err(|e| Error::io(&file, e))?;
    let first = Month::parse(&manifest.first_month).unwrap_or(Month(0));
    let mut at = 0usize;
    let mut paths = Vec::with_capacity(limit);
    for outcome in &outcomes[..limit] {
        let steps = outcome.steps as usize;
        let path = decode_student(manifest, first, outcome, &codes[at..at + steps]);
        at += steps;
        paths.push(
            path.into_iter()
                .map(|(point, _, action)| (point.0, action))
                .collect(),
        );
    }
    Ok((outcomes, paths))
}
