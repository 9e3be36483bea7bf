//! Running the executable, finding the real corpus, one shared cs-2016 index.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The real corpus, or `None` (with a note) when it is absent. Under CI
/// (`CI=true`) its absence fails the test.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("ARXIV_DESCENT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-real"));
    if dir.join("cs-2016").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the real corpus is not at {} (set ARXIV_DESCENT_CORPUS): under CI this is a failure",
            dir.display()
        );
    }
    eprintln!(
        "skipped: the real corpus is not at {} (set ARXIV_DESCENT_CORPUS)",
        dir.display()
    );
    None
}

/// Returns from the test when the corpus is absent.
#[macro_export]
macro_rules! require_corpus {
    () => {
        match $crate::util::corpus() {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// What a run of the executable gave.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout as one JSON value.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }

    /// The stdout as JSON lines.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// Asserts exit status 0.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.status, 0,
            "exit status {}\nstdout: {}\nstderr: {}",
            self.status, self.stdout, self.stderr
        );
        self
    }
}

/// The executable, with the index folder set and no progress bars.
pub fn command(index: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_arxiv-descent"));
    command.arg("--quiet").arg("--index").arg(index);
    command.env_remove("ARXIV_DESCENT_INDEX");
    command
}

fn finish(output: Output) -> Run {
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `arxiv-descent --index INDEX ARGS...`.
pub fn run<S: AsRef<std::ffi::OsStr>>(index: &Path, args: &[S]) -> Run {
    let output = command(index)
        .args(args)
        .output()
        .expect("the executable runs");
    let run = finish(output);
    assert_ne!(run.status, 101, "panic:\n{}", run.stderr);
    run
}

/// The papers in an index (`stats --format json`).
pub fn papers(index: &Path) -> u64 {
    run(index, &["stats", "--format", "json"]).ok().json()["papers"]
        .as_u64()
        .expect("papers")
}

/// Runs `ingest PATH --format json`, asserts exit status 0 and returns the
/// summary.
pub fn ingest_json(index: &Path, path: &Path) -> Value {
    run(
        index,
        &[
            "ingest".as_ref(),
            path.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    )
    .ok()
    .json()
}

/// One index of the whole cs-2016 harvest, made once per test process.
pub fn cs2016() -> Option<&'static Path> {
    static INDEX: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let corpus = corpus()?;
            let dir = tempfile::tempdir().expect("temp dir");
            let summary = ingest_json(dir.path(), &corpus.join("cs-2016"));
            assert_eq!(summary["papers"], 102_538);
            Some(dir)
        })
        .as_ref()
        .map(|dir| dir.path())
}

/// Returns from the test when the cs-2016 index cannot be made.
#[macro_export]
macro_rules! require_cs2016 {
    () => {
        match $crate::util::cs2016() {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// The record counts PROVENANCE.md gives per file (`[stats: ... records: N`).
pub fn provenance_counts(folder: &Path) -> Vec<(PathBuf, u64)> {
    let text = std::fs::read_to_string(folder.join("PROVENANCE.md")).expect("PROVENANCE.md");
    text.lines()
        .filter_map(|line| {
            let name = line.strip_prefix("- `")?.split('`').next()?;
            let stats = line.split("[stats:").nth(1)?;
            let records = stats
                .split(';')
                .find_map(|part| {
                    let part = part.trim();
                    part.strip_prefix("records: ")
                        .or_else(|| part.strip_prefix("records (lines): "))
                })?
                .trim()
                .parse()
                .ok()?;
            Some((folder.join(name), records))
        })
        .collect()
}
