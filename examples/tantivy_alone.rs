//! The ingest baseline: how fast tantivy alone indexes the same papers,
//! already read, parsed and tagged, with the same schema, threads and
//! memory budget as `arxiv-descent ingest`. Also times reading alone, and
//! gives the CPU time the indexing took (all threads).
//!
//! `cargo run --release --example tantivy_alone -- PATH... [--threads N] [--memory-mb M]`

/// The same allocator as the binary, so the comparison is fair.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;

use arxiv_descent::index::{to_document, PaperIndex};
use arxiv_descent::ingest::{read_papers, IngestConfig};

fn main() -> anyhow::Result<()> {
    let mut paths = Vec::new();
    let mut threads = None;
    let mut memory_mb = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args.next().map(|t| t.parse()).transpose()?;
        } else if arg == "--memory-mb" {
            memory_mb = args.next().map(|m| m.parse::<usize>()).transpose()?;
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    let dir = tempfile::tempdir()?;
    let mut config = IngestConfig::new(dir.path(), paths);
    if let Some(threads) = threads {
        config.threads = threads;
    }
    if let Some(memory_mb) = memory_mb {
        config.memory_budget = memory_mb << 20;
    }

    let started = Instant::now();
    let papers = read_papers(&config.inputs)?;
    let read_seconds = started.elapsed().as_secs_f64();
    let records = papers.len();

    let index = PaperIndex::open_or_create(dir.path())?;
    let documents: Vec<_> = papers
        .iter()
        .map(|p| to_document(&index.fields, p))
        .collect();
    drop(papers);
    let started = Instant::now();
    let cpu_before = process_cpu_seconds();
    let mut writer = index.writer(config.threads, config.memory_budget)?;
    for document in documents {
        writer.add_document(document)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let index_seconds = started.elapsed().as_secs_f64();
    let cpu = match (cpu_before, process_cpu_seconds()) {
        (Some(before), Some(after)) => format!("{:.2} s", after - before),
        _ => "unknown".to_string(),
    };
    println!(
        "read+parse+tag alone: {records} records in {read_seconds:.2} s = {:.0} records/s (1 thread)",
        records as f64 / read_seconds
    );
    println!(
        "tantivy alone: {records} documents in {index_seconds:.2} s = {:.0} records/s ({} threads, {} MiB), CPU {cpu}",
        records as f64 / index_seconds,
        config.threads,
        config.memory_budget >> 20
    );
    Ok(())
}

/// User and system CPU seconds of this process so far, all threads (Linux:
/// `/proc/self/stat`, in clock ticks of 1/100 s).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime are the 14th and 15th fields; 12 and 13 after the name.
    Some((ticks(11)? + ticks(12)?) as f64 / 100.0)
}
