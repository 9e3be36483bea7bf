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
    let tags = &paper.tags;
    writeln!(
        out,
        "cv:           {}",
        match &tags.cv_reason {
            Some(reason) if tags.cv => format!("yes ({reason})"),
            _ => "no".to_string(),
        }
    )?;
    writeln!(
        out,
        "gan:          {}",
        match &tags.gan_reason {
            Some(reason) if tags.gan => format!("yes ({reason})"),
            _ => "no".to_string(),
        }
    )?;
    writeln!(
        out,
        "architectures: {}",
        if tags.architectures.is_empty() {
            "-".to_string()
        } else {
            tags.architectures.join(", ")
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
