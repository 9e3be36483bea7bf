//! Command-line interface: clap types at the edge, turned into the
//! library's config structs, and the output of each command.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use arxiv_descent::descent::DescentConfig;
use arxiv_descent::id::Month;
use arxiv_descent::index::PaperIndex;
use arxiv_descent::ingest::{self, IngestConfig};
use arxiv_descent::query::search::{Search, SearchRequest, Sort};
use arxiv_descent::runs::{self, DescendConfig};
use arxiv_descent::synth::{self, SynthConfig};
use arxiv_descent::{export, plot, query, report, Error};

use crate::bar::Bars;

/// Offline arXiv metadata: ingest dumps into a search index, simulate arXiv
/// descent over the identifier space, and ask which papers a run visited.
#[derive(Debug, Parser)]
#[command(name = "arxiv-descent", version, about, long_about = None)]
pub struct Cli {
    /// The index folder (papers, runs and their aggregates live under it).
    #[arg(
        long,
        global = true,
        env = "ARXIV_DESCENT_INDEX",
        default_value = "index"
    )]
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
    /// The whole pipeline on a generated arXiv: synth (2016-2019 at full
    /// density), ingest into the index, a descent with --hypothesis
    /// AmoebaNet, its report, the most visited papers and Figure 2.
    /// Rerunning reuses what already exists.
    Demo(DemoArgs),
    /// Write a synthetic arXiv: gzipped OAI-PMH ListRecords pages in the
    /// `arXiv` format, monthly counts from arXiv's real statistics, landmark
    /// papers at their real ids. Deterministic from --seed.
    Synth(SynthArgs),
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
    /// Full-text search over titles, abstracts, authors and categories.
    ///
    /// QUERY uses tantivy's syntax: words (title, abstract and authors,
    /// BM25-ranked), "quoted phrases" (also matched against the unstemmed
    /// title), AND / OR / NOT, -excluded, +required, (groups),
    /// field prefixes title:, abstract:, authors: (or author:), cat: (or
    /// category:, a code such as cs.CV), arch: (an architecture such as
    /// ResNet), id:, and exact: (the title, unstemmed). Hyphenated words
    /// (meta-learning, U-Net, ResNet-50) are searched as phrases, never as
    /// negations. An arXiv id (1802.01548, arXiv:1802.01548v2, cs/9901001)
    /// finds that paper.
    ///
    /// Example: arxiv-descent search '"image classification" AND cat:cs.CV' --from 1501
    Search(SearchArgs),
    /// Index statistics; `--by month` gives paper counts per month.
    Stats(StatsArgs),
    /// Run arXiv descent: graduate students walk the identifier space in
    /// parallel and adapt architectures (semantics: DESCENT.md). The run is
    /// stored under the index folder.
    Descend(DescendArgs),
    /// The stored runs, newest first.
    Runs(RunsArgs),
    /// Which papers a run visited; a student's path; the runs that visited
    /// a paper.
    Visited(VisitedArgs),
    /// Export a run's visits (csv, json) or papers as BibTeX (a query's
    /// hits, or a run's picks).
    Export(ExportArgs),
    /// Draw Figure 2 of a run (student paths, adapt events, fraction
    /// converged with a fitted curve) as an SVG.
    Plot(PlotArgs),
}

#[derive(Debug, Args)]
pub struct DescendArgs {
    /// Number of graduate students.
    #[arg(long, default_value_t = DescentConfig::default().students)]
    pub students: u32,
    /// Seed of every random stream.
    #[arg(long, default_value_t = DescentConfig::default().seed)]
    pub seed: u64,
    /// Initial p(adapt architecture | image-related paper).
    #[arg(long, default_value_t = DescentConfig::default().pi_adapt)]
    pub pi_adapt: f64,
    /// Funding in months (one month of fees per advance).
    #[arg(long, default_value_t = DescentConfig::default().funding)]
    pub funding: i64,
    /// Steps between bewilderments.
    #[arg(long, default_value_t = DescentConfig::default().patience)]
    pub patience: u64,
    /// Factor on pi at each bewilderment.
    #[arg(long, default_value_t = DescentConfig::default().bewilderment)]
    pub bewilderment: f64,
    /// Probability that an adapt becomes CapsNet (Hintonian override).
    #[arg(long, default_value_t = DescentConfig::default().p_capsnet)]
    pub p_capsnet: f64,
    /// Probability per round that one searching student drops out.
    #[arg(long, default_value_t = DescentConfig::default().college_dropout)]
    pub college_dropout: f64,
    /// Safety bound on steps.
    #[arg(long, default_value_t = DescentConfig::default().max_steps)]
    pub max_steps: u64,
    /// First month of the space (YYMM).
    #[arg(long)]
    pub from: Option<String>,
    /// Last month of the space (YYMM).
    #[arg(long)]
    pub until: Option<String>,
    /// Start every student at this arXiv id instead of at random.
    #[arg(long)]
    pub init: Option<String>,
    /// Stop early once --confirmations students adapted this architecture.
    #[arg(long)]
    pub hypothesis: Option<String>,
    /// Confirmations that stop the run (with --hypothesis).
    #[arg(long, default_value_t = DescentConfig::default().confirmations)]
    pub confirmations: u32,
    /// Name of the run (default: run-DATE-TIME-sSEED).
    #[arg(long)]
    pub name: Option<String>,
    /// Threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output format (json: one object with run, seed, students, visits, picks, outcomes).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Result order of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SortArg {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// Newest submission first.
    Date,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (see above); quote it for the shell. It may start with
    /// `-` (an exclusion).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Only papers tagged cv.
    #[arg(long)]
    pub cv: bool,
    /// Only papers tagged gan.
    #[arg(long)]
    pub gan: bool,
    /// Only papers listing this category (cs.CV).
    #[arg(long)]
    pub category: Option<String>,
    /// Only papers naming this architecture (any alias: resnet-50, AmoebaNet).
    #[arg(long)]
    pub architecture: Option<String>,
    /// First month of the id (YYMM or YYYY-MM), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Last month of the id (YYMM or YYYY-MM), inclusive.
    #[arg(long)]
    pub until: Option<String>,
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t)]
    pub sort: SortArg,
    /// Show why each hit scored as it did.
    #[arg(long)]
    pub explain: bool,
    /// Show the matching part of each abstract, terms marked **like this**.
    #[arg(long)]
    pub snippets: bool,
    /// Output format (json: JSON lines, one hit each).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated rows with a header (visits).
    Csv,
    /// JSON lines (visits or papers).
    Json,
    /// BibTeX @misc entries (papers).
    Bibtex,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The run whose visits (or, with --picks, picked papers) to export.
    #[arg(long, conflicts_with = "query", required_unless_present = "query")]
    pub run: Option<String>,
    /// With --run: the papers the students picked instead of the visits.
    #[arg(long, requires = "run")]
    pub picks: bool,
    /// Export the papers this search query finds (search syntax).
    #[arg(long)]
    pub query: Option<String>,
    /// With --query: papers to export, best first.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Output format: csv or json for visits, bibtex or json for papers.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the synthetic harvest goes.
    #[arg(long, default_value = "corpus/synth-demo")]
    pub corpus: PathBuf,
    /// First month of the synthetic slice.
    #[arg(long, default_value = "1601")]
    pub from: String,
    /// Last month of the synthetic slice.
    #[arg(long, default_value = "1912")]
    pub until: String,
    /// Volume of the slice (1.0: arXiv's real monthly counts).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Seed of the synthetic arXiv and of the descent.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Graduate students of the descent.
    #[arg(long, default_value_t = 20_000)]
    pub students: u32,
    /// Confirmations of AmoebaNet that stop the descent.
    #[arg(long, default_value_t = 25)]
    pub confirmations: u32,
    /// Where Figure 2 goes (default: INDEX/figure-2-demo.svg).
    #[arg(long)]
    pub figure: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlotArgs {
    /// The run (default: the newest).
    #[arg(long)]
    pub run: Option<String>,
    /// The SVG file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Student paths to draw at most (the first N students).
    #[arg(long, default_value_t = 300)]
    pub students: u32,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Output folder (its earlier pages are replaced).
    #[arg(long, default_value = "corpus/synth")]
    pub out: PathBuf,
    /// First month (YYMM or YYYY-MM; new-style ids start at 0704).
    #[arg(long, default_value = "0704")]
    pub from: String,
    /// Last month (default: the last month of the statistics table).
    #[arg(long)]
    pub until: Option<String>,
    /// Volume: 1.0 is arXiv's real monthly count.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Seed of every draw (same seed, same bytes).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Records per page (arXiv's is 1000).
    #[arg(long, default_value_t = 1000)]
    pub page_size: usize,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RunsArgs {
    /// Output format (json: JSON lines).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct VisitedArgs {
    /// The run (default: the newest).
    #[arg(long)]
    pub run: Option<String>,
    /// One student's path, in order.
    #[arg(long)]
    pub student: Option<u32>,
    /// Every run that visited this paper.
    #[arg(long, conflicts_with_all = ["run", "student"])]
    pub paper: Option<String>,
    /// Only cv papers.
    #[arg(long)]
    pub cv: bool,
    /// Only gan papers.
    #[arg(long)]
    pub gan: bool,
    /// Papers to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Output format (json: JSON lines).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
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
        Command::Descend(args) => descend(&cli.index, args, &bars, &mut out),
        Command::Runs(args) => {
            let manifests = runs::list(&cli.index)?;
            match args.format {
                Format::Json => {
                    for manifest in &manifests {
                        print_json(&mut out, &RunLine::from(manifest))?;
                    }
                }
                Format::Text => report::runs(&mut out, &manifests)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Visited(args) => visited(&cli.index, args, &mut out),
        Command::Search(args) => search(&cli.index, args, &mut out),
        Command::Demo(args) => demo(&cli.index, args, &bars, &mut out),
        Command::Plot(args) => {
            let name = match &args.run {
                Some(name) => name.clone(),
                None => runs::newest(&cli.index)?,
            };
            let manifest = runs::manifest(&cli.index, &name)?;
            let figure =
                plot::figure2(&cli.index, &manifest, &args.out, args.students).context("plot")?;
            match args.format {
                Format::Json => print_json(&mut out, &figure)?,
                Format::Text => writeln!(
                    out,
                    "Figure 2 of run {name}: {} of {} student paths, {:.1}% converged (fitted time constant {:.1} steps), written to {}",
                    figure.students_drawn,
                    figure.students,
                    figure.converged * 100.0,
                    figure.tau,
                    args.out.display()
                )?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Synth(args) => {
            let config = SynthConfig {
                out: args.out,
                from: parse_month("from", Some(&args.from))?.expect("given"),
                until: parse_month("until", args.until.as_deref())?
                    .unwrap_or_else(synth::latest_month),
                scale: args.scale,
                seed: args.seed,
                page_size: args.page_size,
            };
            let summary = synth::synth(&config, &bars).context("synth")?;
            match args.format {
                Format::Text => report::synth_summary(&mut out, &summary)?,
                Format::Json => print_json(&mut out, &summary)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => export(&cli.index, args, &mut out),
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

fn parse_month(flag: &str, text: Option<&str>) -> Result<Option<Month>> {
    text.map(|t| {
        Month::parse(t)
            .with_context(|| format!("--{flag} {t}: expected a month as YYMM (1712) or YYYY-MM"))
    })
    .transpose()
}

fn descend(
    index: &std::path::Path,
    args: DescendArgs,
    bars: &Bars,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let config = DescendConfig {
        index_dir: index.to_path_buf(),
        name: args.name,
        descent: DescentConfig {
            students: args.students,
            seed: args.seed,
            pi_adapt: args.pi_adapt,
            funding: args.funding,
            patience: args.patience,
            bewilderment: args.bewilderment,
            p_capsnet: args.p_capsnet,
            college_dropout: args.college_dropout,
            max_steps: args.max_steps,
            init: None,
            hypothesis: args.hypothesis,
            confirmations: args.confirmations,
        },
        from: parse_month("from", args.from.as_deref())?,
        until: parse_month("until", args.until.as_deref())?,
        init: args.init,
        threads: args.threads.unwrap_or(0),
    };
    let run = runs::descend(&config, bars).context("descend")?;
    match args.format {
        Format::Text => report::descent(out, &run)?,
        Format::Json => print_json(out, &DescendJson::from(&run))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON object `descend --format json` prints.
#[derive(serde::Serialize)]
struct DescendJson<'a> {
    run: &'a str,
    seed: u64,
    students: u32,
    visits: u64,
    visits_gan: u64,
    visits_absent: u64,
    rounds: u64,
    hintonian_overrides: u64,
    parameters: &'a DescentConfig,
    index: &'a runs::IndexIdentity,
    statuses: &'a [runs::StatusCount],
    confirming: &'a [u32],
    picks: &'a [runs::Pick],
    outcomes: &'a [runs::Outcome],
}

impl<'a> From<&'a runs::StoredRun> for DescendJson<'a> {
    fn from(run: &'a runs::StoredRun) -> Self {
        let m = &run.manifest;
        DescendJson {
            run: &m.run,
            seed: m.parameters.seed,
            students: m.students,
            visits: m.visits,
            visits_gan: m.visits_gan,
            visits_absent: m.visits_absent,
            rounds: m.rounds,
            hintonian_overrides: m.hintonian_overrides,
            parameters: &m.parameters,
            index: &m.index,
            statuses: &m.statuses,
            confirming: &m.confirming,
            picks: &m.picks,
            outcomes: &run.outcomes,
        }
    }
}

/// One line of `runs --format json`.
#[derive(serde::Serialize)]
struct RunLine<'a> {
    run: &'a str,
    started: &'a str,
    students: u32,
    visits: u64,
    seed: u64,
    top_pick: Option<String>,
}

impl<'a> From<&'a runs::Manifest> for RunLine<'a> {
    fn from(m: &'a runs::Manifest) -> Self {
        RunLine {
            run: &m.run,
            started: &m.started,
            students: m.students,
            visits: m.visits,
            seed: m.parameters.seed,
            top_pick: report::top_pick(m),
        }
    }
}

fn visited(index: &std::path::Path, args: VisitedArgs, out: &mut dyn Write) -> Result<ExitCode> {
    if let Some(paper) = &args.paper {
        let runs = runs::runs_visiting(index, paper)?;
        match args.format {
            Format::Json => {
                for run in &runs {
                    print_json(
                        out,
                        &serde_json::json!({"run": run.run, "id": run.id, "visits": run.visits, "students": run.students}),
                    )?;
                }
            }
            Format::Text => report::runs_visiting(out, paper, &runs)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = match &args.run {
        Some(name) => name.clone(),
        None => runs::newest(index)?,
    };
    let manifest = runs::manifest(index, &name)?;
    if let Some(student) = args.student {
        let (outcome, path) = runs::path(index, &manifest, student)?;
        let papers = PaperIndex::open(index).ok();
        match args.format {
            Format::Json => {
                for visit in &path {
                    print_json(out, visit)?;
                }
                print_json(out, &outcome)?;
            }
            Format::Text => report::path(out, papers.as_ref(), &outcome, &path)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let visited = runs::visited(index, &name, args.cv, args.gan, args.limit)?;
    let papers = PaperIndex::open(index).ok();
    let rows: Vec<report::VisitedRow> = visited
        .iter()
        .map(|v| report::VisitedRow {
            id: v.id.clone(),
            visits: v.visits,
            students: v.students,
            title: papers
                .as_ref()
                .and_then(|p| p.get(&v.id).ok())
                .map(|p| p.title),
            cv: v.cv,
            gan: v.gan,
        })
        .collect();
    match args.format {
        Format::Json => {
            for row in &rows {
                print_json(out, row)?;
            }
        }
        Format::Text => report::visited(out, &manifest, &rows)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn search(index: &std::path::Path, args: SearchArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let papers = PaperIndex::open(index)?;
    let architecture = match &args.architecture {
        Some(name) => Some(
            arxiv_descent::tagging::canonical_architecture(name)
                .map(str::to_string)
                .with_context(|| {
                    format!("--architecture {name}: not an architecture the tagger knows")
                })?,
        ),
        None => None,
    };
    let request = SearchRequest {
        query: args.query,
        filter: query::TagFilter {
            cv: args.cv,
            gan: args.gan,
            category: args.category,
            architecture,
        },
        from: parse_month("from", args.from.as_deref())?,
        until: parse_month("until", args.until.as_deref())?,
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        explain: args.explain,
        snippets: args.snippets,
    };
    let results = match Search::new(&papers).run(&request) {
        Ok(results) => results,
        Err(error @ Error::Query(_)) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error.into()),
    };
    match args.format {
        Format::Json => {
            for hit in &results.hits {
                print_json(out, hit)?;
            }
        }
        Format::Text => report::search(out, &request, &results)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn export(index: &std::path::Path, args: ExportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let papers: Vec<arxiv_descent::paper::Paper> = if let Some(name) = &args.run {
        let manifest = runs::manifest(index, name)?;
        if !args.picks {
            match args.format {
                ExportFormat::Csv => export::visits_csv(&mut out, index, &manifest)?,
                ExportFormat::Json => export::visits_json(&mut out, index, &manifest)?,
                ExportFormat::Bibtex => anyhow::bail!(
                    "--format bibtex exports papers: add --picks for the run's picked papers"
                ),
            };
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        let index_papers = PaperIndex::open(index)?;
        let outcomes = runs::outcomes(index, &manifest)?;
        let mut ids: Vec<&str> = outcomes.iter().filter_map(|o| o.paper.as_deref()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| index_papers.get(id).ok())
            .collect()
    } else {
        let index_papers = PaperIndex::open(index)?;
        let request = SearchRequest {
            query: args.query.clone().unwrap_or_default(),
            limit: args.limit,
            ..SearchRequest::default()
        };
        let results = match Search::new(&index_papers).run(&request) {
            Ok(results) => results,
            Err(error @ Error::Query(_)) => {
                eprintln!("error: {error}");
                return Ok(ExitCode::from(1));
            }
            Err(error) => return Err(error.into()),
        };
        results.hits.into_iter().map(|hit| hit.paper).collect()
    };
    match args.format {
        ExportFormat::Bibtex => export::bibtex(&mut out, &papers)?,
        ExportFormat::Json => {
            for paper in &papers {
                print_json(&mut out, paper)?;
            }
        }
        ExportFormat::Csv => anyhow::bail!("papers export as bibtex or json, not csv"),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn demo(
    index: &std::path::Path,
    args: DemoArgs,
    bars: &Bars,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let synth_config = SynthConfig {
        out: args.corpus.clone(),
        from: parse_month("from", Some(&args.from))?.expect("given"),
        until: parse_month("until", Some(&args.until))?.expect("given"),
        scale: args.scale,
        seed: args.seed,
        page_size: 1000,
    };
    // 1. A synthetic arXiv, unless this very one is already there.
    if synth::is_complete(&synth_config) {
        writeln!(
            out,
            "[1/4] synthetic arXiv: reusing {}",
            args.corpus.display()
        )?;
    } else {
        writeln!(
            out,
            "[1/4] synthetic arXiv: writing {}",
            args.corpus.display()
        )?;
        out.flush()?;
        let summary = synth::synth(&synth_config, bars).context("synth")?;
        report::synth_summary(out, &summary)?;
    }
    // 2. Ingest it, unless the index already holds exactly this harvest.
    let marker = index.join("demo-ingested.txt");
    let wanted = synth::parameters_text(&synth_config);
    let ingested = std::fs::read_to_string(&marker).is_ok_and(|text| text == wanted)
        && PaperIndex::open(index).is_ok();
    if ingested {
        writeln!(
            out,
            "[2/4] ingest: reusing the index in {}",
            index.display()
        )?;
    } else {
        writeln!(
            out,
            "[2/4] ingest: {} into {}",
            args.corpus.display(),
            index.display()
        )?;
        out.flush()?;
        let config = IngestConfig::new(index, vec![args.corpus.clone()]);
        let summary = ingest::ingest(&config, bars).context("ingest")?;
        report::ingest_summary(out, &summary)?;
        if !summary.problems.is_empty() {
            anyhow::bail!("the synthetic harvest did not ingest cleanly");
        }
        std::fs::write(&marker, &wanted)
            .with_context(|| format!("writing {}", marker.display()))?;
    }
    // 3. A descent with the AmoebaNet hypothesis, unless it was run already.
    let name = format!(
        "demo-s{}-n{}-c{}",
        args.seed, args.students, args.confirmations
    );
    let papers = PaperIndex::open(index)?;
    let reusable = runs::manifest(index, &name).is_ok_and(|m| {
        m.index.papers == papers.num_papers()
            && m.index.commit == papers.commit_opstamp().unwrap_or(0)
    });
    if reusable {
        writeln!(out, "[3/4] descent: reusing run {name}")?;
    } else {
        if runs::manifest(index, &name).is_ok() {
            std::fs::remove_dir_all(index.join(runs::RUNS_DIR).join(&name))
                .with_context(|| format!("removing the outdated run {name}"))?;
        }
        writeln!(
            out,
            "[3/4] descent: {} students, --hypothesis AmoebaNet",
            args.students
        )?;
        out.flush()?;
        let config = DescendConfig {
            index_dir: index.to_path_buf(),
            name: Some(name.clone()),
            descent: DescentConfig {
                students: args.students,
                seed: args.seed,
                hypothesis: Some("AmoebaNet".into()),
                confirmations: args.confirmations,
                ..DescentConfig::default()
            },
            from: None,
            until: None,
            init: None,
            threads: 0,
        };
        runs::descend(&config, bars).context("descend")?;
    }
    let manifest = runs::manifest(index, &name)?;
    let run = runs::StoredRun {
        outcomes: runs::outcomes(index, &manifest)?,
        manifest,
    };
    writeln!(out)?;
    report::descent(out, &run)?;
    writeln!(out)?;
    visited(
        index,
        VisitedArgs {
            run: Some(name.clone()),
            student: None,
            paper: None,
            cv: false,
            gan: false,
            limit: 10,
            format: Format::Text,
        },
        out,
    )?;
    // 4. Figure 2.
    let figure_path = args
        .figure
        .unwrap_or_else(|| index.join("figure-2-demo.svg"));
    let figure = plot::figure2(index, &run.manifest, &figure_path, 300).context("plot")?;
    writeln!(
        out,
        "\n[4/4] Figure 2 ({} student paths, {:.1}% converged) written to {}",
        figure.students_drawn,
        figure.converged * 100.0,
        figure_path.display()
    )?;
    writeln!(out, "demo done in {:.1} s", started.elapsed().as_secs_f64())?;
    Ok(ExitCode::SUCCESS)
}
