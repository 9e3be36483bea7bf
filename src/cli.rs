//! Command-line interface: clap types at the edge, turned into the
//! library's config structs, and the output of each command.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use arxiv_descent::index::PaperIndex;
use arxiv_descent::ingest::{self, IngestConfig};
use arxiv_descent::{query, report, Error};

use crate::bar::Bars;

/// Offline arXiv metadata: ingest dumps into a search index, simulate arXiv
/// descent over the identifier space, and ask which papers a run visited.
#[derive(Debug, Parser)]
#[command(name = "arxiv-descent", version, about, long_about = None)]
pub struct Cli {
    /// The index folder (papers, runs and their aggregates live under it).
    #[arg(long, global = true, env = "ARXIV_DESCENT_INDEX", default_value = "index")]
    pub index: PathBuf,

    /// No progress bars.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Tables for people.
    #[default]
    Text,
    /// JSON for scripts (one object, or JSON lines for lists).
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read arXiv dumps into the index (OAI-PMH arXiv/arXivRaw/oai_dc XML,
    /// the JSON-lines snapshot; plain or gzipped; files or folders).
    ///
    /// Exit status: 0 when every input was read, 3 when some records or
    /// files were skipped as broken (the rest is committed), 1 on failure
    /// (with --strict: the first problem, nothing of the run committed).
    Ingest(IngestArgs),
    /// Show one paper by arXiv id (any form: 1802.01548, arXiv:1802.01548v7,
    /// cs/9901001, an abs URL); exit status 1 when it is not in the index.
    Show(ShowArgs),
    /// Index statistics; `--by month` gives paper counts per month.
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders (walked recursively; .xml, .json, .jsonl, their .gz).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Stop at the first problem; commit nothing from this run.
    #[arg(long)]
    pub strict: bool,
    /// Indexing threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Indexing memory budget in MiB, in all.
    #[arg(long, default_value_t = 384)]
    pub memory_mb: usize,
    /// Commit after every N records.
    #[arg(long, default_value_t = 250_000)]
    pub checkpoint: u64,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// arXiv id.
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// What `stats --by` groups on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// Month of the arXiv id.
    Month,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Group paper counts (`month`).
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,
    /// With --by: only cv papers.
    #[arg(long)]
    pub cv: bool,
    /// With --by: only gan papers.
    #[arg(long)]
    pub gan: bool,
    /// With --by: only papers listing this category (cs.CV).
    #[arg(long)]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Whether an error is a closed stdout (`| head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn print_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let bars = Bars::new(cli.quiet);
    match cli.command {
        Command::Ingest(args) => {
            let mut config = IngestConfig::new(&cli.index, args.paths);
            config.strict = args.strict;
            if let Some(threads) = args.threads {
                config.threads = threads;
            }
            config.memory_budget = args.memory_mb << 20;
            config.checkpoint_records = args.checkpoint.max(1);
            let summary = ingest::ingest(&config, &bars).context("ingest")?;
            match args.format {
                Format::Text => report::ingest_summary(&mut out, &summary)?,
                Format::Json => print_json(&mut out, &summary)?,
            }
            Ok(if summary.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Command::Show(args) => {
            let index = PaperIndex::open(&cli.index)?;
            let paper = match index.get(&args.id) {
                Ok(paper) => paper,
                Err(error @ Error::UnknownPaper(_)) => {
                    eprintln!("{error}");
                    return Ok(ExitCode::from(1));
                }
                Err(error) => return Err(error.into()),
            };
            match args.format {
                Format::Text => report::paper(&mut out, &paper)?,
                Format::Json => print_json(&mut out, &paper)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats(args) => {
            let index = PaperIndex::open(&cli.index)?;
            match args.by {
                Some(GroupBy::Month) => {
                    let filter = query::TagFilter {
                        cv: args.cv,
                        gan: args.gan,
                        category: args.category,
                        architecture: None,
                    };
                    let counts = query::stats_by_month(&index, &filter)?;
                    match args.format {
                        Format::Text => report::months(&mut out, &counts)?,
                        Format::Json => {
                            for count in &counts {
                                print_json(&mut out, count)?;
                            }
                        }
                    }
                }
                None => {
                    let stats = query::stats(&index)?;
                    match args.format {
                        Format::Text => report::stats(&mut out, &stats)?,
                        Format::Json => print_json(&mut out, &stats)?,
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
