//! Human-readable output: tables and summaries written to any writer. The
//! JSON output is the `Serialize` types themselves.

use std::io::{self, Write};

use crate::ingest::IngestSummary;
use crate::paper::Paper;
use crate::query::{MonthCount, Stats};

/// Shortens `text` to at most `width` characters, marking the cut with `…`.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Authors as "First, Second, Third et al." (at most `keep` names).
pub fn authors_short(authors: &[String], keep: usize) -> String {
    match authors.len() {
        0 => String::new(),
        n if n <= keep => authors.join(", "),
        _ => format!("{} et al.", authors[..keep].join(", ")),
    }
}

/// The tags of a paper as a short word list (`cv gan [ResNet, VGG]`).
pub fn tag_words(cv: bool, gan: bool, architectures: &[String]) -> String {
    let mut words = Vec::new();
    if cv {
        words.push("cv".to_string());
    }
    if gan {
        words.push("gan".to_string());
    }
    if !architectures.is_empty() {
        words.push(format!("[{}]", architectures.join(", ")));
    }
    words.join(" ")
}

/// The one-line summary of an ingest, and its problems.
pub fn ingest_summary(out: &mut dyn Write, summary: &IngestSummary) -> io::Result<()> {
    for recordless in &summary.recordless {
        writeln!(out, "{}: {}", recordless.path.display(), recordless.what)?;
    }
    for problem in &summary.problems {
        writeln!(out, "problem: {problem}")?;
    }
    writeln!(
        out,
        "files {}, records {}, added {}, updated {}, skipped {}, deleted {}, problems {}, {:.2} s, {:.0} records/s ({} papers in the index)",
        summary.files,
        summary.records,
        summary.added,
        summary.updated,
        summary.skipped,
        summary.deleted,
        summary.problems.len(),
        summary.seconds,
        summary.records_per_second,
        summary.papers,
    )
}

/// One paper, field by field, with the reasons for its tags.
pub fn paper(out: &mut dyn Write, paper: &Paper) -> io::Result<()> {
    let opt = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_string());
    writeln!(out, "{}  {}", paper.id, paper.title)?;
    writeln!(out, "authors:      {}", paper.authors.join(", "))?;
    writeln!(out, "categories:   {}", paper.categories.join(" "))?;
    writeln!(out, "created:      {}", opt(&paper.created))?;
    writeln!(out, "updated:      {}", opt(&paper.updated))?;
    writeln!(out, "datestamp:    {}", opt(&paper.datestamp))?;
    writeln!(out, "doi:          {}", opt(&paper.doi))?;
    writeln!(out, "journal-ref:  {}", opt(&paper.journal_ref))?;
    writeln!(out, "comments:     {}", opt(&paper.comments))?;
    writeln!(out, "license:      {}", opt(&paper.license))?;
    if paper.submitter.is_some() {
        writeln!(out, "submitter:    {}", opt(&paper.submitter))?;
    }
    if !paper.versions.is_empty() {
        let versions: Vec<String> = paper
            .versions
            .iter()
            .map(|v| format!("{} ({})", v.version, v.date))
            .collect();
        writeln!(out, "versions:     {}", versions.join(", "))?;
    }
    if !paper.keywords.is_empty() {
        writeln!(out, "keywords:     {}", paper.keywords.join("; "))?;
    }
    if !paper.sets.is_empty() {
        writeln!(out, "sets:         {}", paper.sets.join(" "))?;
    }
    writeln!(
        out,
        "cv:           {}",
        match &paper.cv_reason {
            Some(reason) if paper.cv => format!("yes ({reason})"),
            _ => "no".to_string(),
        }
    )?;
    writeln!(
        out,
        "gan:          {}",
        match &paper.gan_reason {
            Some(reason) if paper.gan => format!("yes ({reason})"),
            _ => "no".to_string(),
        }
    )?;
    writeln!(
        out,
        "architectures: {}",
        if paper.architectures.is_empty() {
            "-".to_string()
        } else {
            paper.architectures.join(", ")
        }
    )?;
    writeln!(out)?;
    writeln!(out, "{}", paper.abstract_text)
}

/// The index statistics as a small table.
pub fn stats(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    writeln!(out, "papers        {}", stats.papers)?;
    writeln!(out, "new-style     {}", stats.new_style)?;
    writeln!(
        out,
        "months        {} to {} ({} with papers)",
        stats.first_month.as_deref().unwrap_or("-"),
        stats.last_month.as_deref().unwrap_or("-"),
        stats.months
    )?;
    writeln!(out, "cv            {}", stats.cv)?;
    writeln!(out, "gan           {}", stats.gan)?;
    writeln!(out, "architectures")?;
    for entry in &stats.architectures {
        writeln!(out, "  {:<22} {:>8}", entry.name, entry.count)?;
    }
    Ok(())
}

/// Counts per month, with a bar scaled to the largest month.
pub fn months(out: &mut dyn Write, counts: &[MonthCount]) -> io::Result<()> {
    let most = counts.iter().map(|c| c.papers).max().unwrap_or(0).max(1);
    for count in counts {
        let bar = "#".repeat(((count.papers * 50).div_ceil(most)) as usize);
        writeln!(out, "{}  {:>7}  {}", count.month, count.papers, bar)?;
    }
    Ok(())
}

/// The report of a descent run: parameters, outcomes, picks, visits.
pub fn descent(out: &mut dyn Write, run: &crate::runs::StoredRun) -> io::Result<()> {
    let m = &run.manifest;
    let p = &m.parameters;
    writeln!(
        out,
        "run {}  ({} students, seed {}, {} rounds, {:.2} s)",
        m.run, m.students, p.seed, m.rounds, m.seconds
    )?;
    writeln!(
        out,
        "space {}..{} of an index of {} papers (commit {})",
        m.first_month, m.last_month, m.index.papers, m.index.commit
    )?;
    writeln!(
        out,
        "parameters: pi-adapt {} funding {} patience {} bewilderment {} p-capsnet {} college-dropout {} max-steps {}{}",
        p.pi_adapt,
        p.funding,
        p.patience,
        p.bewilderment,
        p.p_capsnet,
        p.college_dropout,
        p.max_steps,
        match &p.hypothesis {
            Some(h) => format!(" hypothesis {h} confirmations {}", p.confirmations),
            None => String::new(),
        }
    )?;
    if let Some(hypothesis) = &p.hypothesis {
        writeln!(out)?;
        if m.confirming.len() >= p.confirmations as usize {
            writeln!(out, "Hypothesis {hypothesis} confirmed (cherry-picked) by:")?;
            for &index in &m.confirming {
                if let Some(o) = run.outcomes.get(index as usize) {
                    writeln!(
                        out,
                        "  student {:>6}  step {:>5}  {} -> {}{}",
                        o.student,
                        o.steps,
                        o.paper.as_deref().unwrap_or("-"),
                        o.architecture.as_deref().unwrap_or("-"),
                        if o.hintonian_override {
                            " (Hintonian override)"
                        } else {
                            ""
                        }
                    )?;
                }
            }
        } else {
            writeln!(
                out,
                "Hypothesis {hypothesis} not confirmed ({} of {} confirmations)",
                m.confirming.len(),
                p.confirmations
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "outcomes")?;
    for status in &m.statuses {
        let label = match status.reason {
            Some(reason) => format!(
                "{} ({})",
                serde_json::to_value(status.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                serde_json::to_value(reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            ),
            None => serde_json::to_value(status.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        };
        writeln!(out, "  {label:<30} {:>8}", status.count)?;
    }
    writeln!(out)?;
    writeln!(out, "picks (by students who adapted them)")?;
    if m.picks.is_empty() {
        writeln!(out, "  none")?;
    }
    for pick in m.picks.iter().take(20) {
        writeln!(
            out,
            "  {:>6}  {:<18} {:<11} {}{}",
            pick.count,
            pick.architecture.as_deref().unwrap_or("(paper)"),
            pick.paper.as_deref().unwrap_or("-"),
            shorten(pick.title.as_deref().unwrap_or(""), 60),
            if pick.hintonian_overrides > 0 {
                format!("  [{} Hintonian]", pick.hintonian_overrides)
            } else {
                String::new()
            }
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Hintonian CapsNet overrides  {}",
        m.hintonian_overrides
    )?;
    writeln!(
        out,
        "visits  {}  (to GAN papers {}, to no paper {}, distinct papers {})",
        m.visits, m.visits_gan, m.visits_absent, m.papers_visited
    )
}

/// The most adapted pick of a run, as a word.
pub fn top_pick(manifest: &crate::runs::Manifest) -> Option<String> {
    manifest.picks.first().map(|p| {
        p.architecture
            .clone()
            .or_else(|| p.paper.clone())
            .unwrap_or_default()
    })
}

/// The stored runs as a table.
pub fn runs(out: &mut dyn Write, manifests: &[crate::runs::Manifest]) -> io::Result<()> {
    if manifests.is_empty() {
        return writeln!(out, "no stored runs");
    }
    writeln!(
        out,
        "{:<36} {:<20} {:>9} {:>12}  top pick",
        "run", "started", "students", "visits"
    )?;
    for m in manifests {
        writeln!(
            out,
            "{:<36} {:<20} {:>9} {:>12}  {}",
            m.run,
            shorten(&m.started, 19),
            m.students,
            m.visits,
            top_pick(m).unwrap_or_else(|| "-".into())
        )?;
    }
    Ok(())
}

/// A row of `visited`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VisitedRow {
    /// Paper id.
    pub id: String,
    /// Visits.
    pub visits: u64,
    /// Distinct students.
    pub students: u64,
    /// Title, when the paper index has it.
    pub title: Option<String>,
    /// `cv` tag.
    pub cv: bool,
    /// `gan` tag.
    pub gan: bool,
}

/// The papers a run visited.
pub fn visited(
    out: &mut dyn Write,
    manifest: &crate::runs::Manifest,
    rows: &[VisitedRow],
) -> io::Result<()> {
    writeln!(
        out,
        "run {}: papers visited, most visited first",
        manifest.run
    )?;
    writeln!(
        out,
        "{:<12} {:>8} {:>8}  {:<7} title",
        "id", "visits", "students", "tags"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<12} {:>8} {:>8}  {:<7} {}",
            row.id,
            row.visits,
            row.students,
            tag_words(row.cv, row.gan, &[]),
            shorten(row.title.as_deref().unwrap_or("-"), 70)
        )?;
    }
    writeln!(
        out,
        "{} visits in all, {} found no paper, {} distinct papers",
        manifest.visits, manifest.visits_absent, manifest.papers_visited
    )
}

/// One student's path and outcome.
pub fn path(
    out: &mut dyn Write,
    papers: Option<&crate::index::PaperIndex>,
    outcome: &crate::runs::Outcome,
    path: &[crate::runs::Visit],
) -> io::Result<()> {
    writeln!(
        out,
        "{:>6}  {:<12} {:<7} {:<8} title",
        "step", "id", "present", "action"
    )?;
    for visit in path {
        let title = if visit.present {
            papers.and_then(|p| p.get(&visit.id).ok()).map(|p| p.title)
        } else {
            None
        };
        writeln!(
            out,
            "{:>6}  {:<12} {:<7} {:<8} {}",
            visit.step,
            visit.id,
            if visit.present { "yes" } else { "no" },
            visit.action.name(),
            shorten(title.as_deref().unwrap_or(""), 60)
        )?;
    }
    writeln!(
        out,
        "outcome: student {} {:?}{} after {} steps at {}{}",
        outcome.student,
        outcome.status,
        outcome
            .reason
            .map(|r| format!(" ({r:?})"))
            .unwrap_or_default(),
        outcome.steps,
        outcome.final_id,
        match (&outcome.architecture, &outcome.paper) {
            (Some(a), Some(p)) => format!(", picked {a} from {p}"),
            (None, Some(p)) => format!(", picked paper {p}"),
            _ => String::new(),
        }
    )
}

/// The runs that visited a paper.
pub fn runs_visiting(
    out: &mut dyn Write,
    paper: &str,
    runs: &[crate::runs::VisitedPaper],
) -> io::Result<()> {
    if runs.is_empty() {
        return writeln!(out, "no stored run visited {paper}");
    }
    writeln!(out, "{:<36} {:>8} {:>8}", "run", "visits", "students")?;
    for run in runs {
        writeln!(out, "{:<36} {:>8} {:>8}", run.run, run.visits, run.students)?;
    }
    Ok(())
}

/// Search hits: id, date, title, authors and tags, then the snippet and the
/// explanation when asked for.
pub fn search(
    out: &mut dyn Write,
    request: &crate::query::search::SearchRequest,
    results: &crate::query::search::SearchResults,
) -> io::Result<()> {
    for (rank, hit) in results.hits.iter().enumerate() {
        let paper = &hit.paper;
        let date = paper.created.as_deref().unwrap_or("-");
        writeln!(
            out,
            "{:>3}. {:<16} {:<10} {}",
            request.offset + rank + 1,
            paper.id,
            date,
            shorten(&paper.title, 90)
        )?;
        let tags = tag_words(paper.cv, paper.gan, &paper.architectures);
        writeln!(
            out,
            "     {}  {}{}  score {:.2}",
            shorten(&authors_short(&paper.authors, 3), 60),
            paper.categories.join(" "),
            if tags.is_empty() {
                String::new()
            } else {
                format!("  {tags}")
            },
            hit.score
        )?;
        if let Some(snippet) = &hit.snippet {
            writeln!(out, "     … {} …", snippet.replace('\n', " "))?;
        }
        if let Some(explanation) = &hit.explanation {
            explain(out, explanation, 5)?;
        }
    }
    let shown = results.hits.len();
    writeln!(
        out,
        "{} of {} matching papers{}",
        if shown == 0 {
            "none".to_string()
        } else {
            format!("{}-{}", request.offset + 1, request.offset + shown)
        },
        results.total,
        if (request.offset + shown) < results.total as usize {
            format!(" (more with --offset {})", request.offset + shown)
        } else {
            String::new()
        }
    )
}

fn explain(out: &mut dyn Write, node: &serde_json::Value, indent: usize) -> io::Result<()> {
    let value = node["value"].as_f64().unwrap_or(0.0);
    let description = node["description"].as_str().unwrap_or("");
    writeln!(out, "{:indent$}{value:.3}  {description}", "")?;
    if let Some(details) = node["details"].as_array() {
        for detail in details {
            explain(out, detail, indent + 2)?;
        }
    }
    if let Some(context) = node["context"].as_array() {
        for line in context.iter().filter_map(|c| c.as_str()) {
            writeln!(out, "{:indent$}  ({line})", "", indent = indent)?;
        }
    }
    Ok(())
}

/// The summary of `synth`.
pub fn synth_summary(out: &mut dyn Write, summary: &crate::synth::SynthSummary) -> io::Result<()> {
    writeln!(
        out,
        "synthetic arXiv {}..{}: {} records in {} pages, {:.1} MB gzipped, in {} ({:.2} s)",
        summary.first_month,
        summary.last_month,
        summary.records,
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.out.display(),
        summary.seconds
    )
}
