//! Exports for other tools: a run's visits as CSV or JSON lines (pandas, a
//! spreadsheet) and papers as BibTeX entries a LaTeX user can cite.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::id::ArxivId;
use crate::paper::Paper;
use crate::runs::{self, Manifest, Visit};

/// Writes every visit of a run as CSV with a header:
/// `student,step,id,present,action`.
pub fn visits_csv(out: &mut dyn Write, index_dir: &Path, manifest: &Manifest) -> Result<u64> {
    let io_error = |e: io::Error| Error::io("<stdout>", e);
    writeln!(out, "student,step,id,present,action").map_err(io_error)?;
    let mut rows = 0u64;
    runs::for_each_visit(index_dir, manifest, |student, visit| {
        rows += 1;
        writeln!(
            out,
            "{student},{},{},{},{}",
            visit.step,
            visit.id,
            visit.present,
            visit.action.as_str()
        )
        .map_err(io_error)
    })?;
    Ok(rows)
}

/// One visit as a JSON line.
#[derive(serde::Serialize)]
struct VisitRow<'a> {
    student: u32,
    #[serde(flatten)]
    visit: &'a Visit,
}

/// Writes every visit of a run as JSON lines
/// (`student, step, id, present, action`).
pub fn visits_json(out: &mut dyn Write, index_dir: &Path, manifest: &Manifest) -> Result<u64> {
    let mut rows = 0u64;
    runs::for_each_visit(index_dir, manifest, |student, visit| {
        rows += 1;
        serde_json::to_writer(&mut *out, &VisitRow { student, visit })
            .map_err(|e| Error::io("<stdout>", io::Error::other(e)))?;
        writeln!(out).map_err(|e| Error::io("<stdout>", e))
    })?;
    Ok(rows)
}

/// The BibTeX key of a paper: `arXiv:1802.01548`, `arXiv:cs_9901001`.
pub fn bibtex_key(id: &str) -> String {
    format!("arXiv:{}", id.replace('/', "_"))
}

/// Keeps a value's braces balanced so one odd title cannot break the file.
fn braced(value: &str) -> String {
    let mut depth = 0i32;
    let balanced = value.chars().all(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        depth >= 0
    }) && depth == 0;
    if balanced {
        value.to_string()
    } else {
        value.replace('{', "\\{").replace('}', "\\}")
    }
}

/// A paper as a BibTeX `@misc` entry with `eprint`, `archivePrefix` and
/// `primaryClass`, as arXiv itself suggests citing preprints.
pub fn bibtex_entry(paper: &Paper) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    fields.push(("title", format!("{{{}}}", braced(&paper.title))));
    if !paper.authors.is_empty() {
        fields.push(("author", braced(&paper.authors.join(" and "))));
    }
    let year = paper
        .created
        .as_deref()
        .and_then(|date| date.get(..4))
        .map(str::to_string)
        .or_else(|| ArxivId::parse(&paper.id).map(|id| id.month().year().to_string()));
    if let Some(year) = year {
        fields.push(("year", year));
    }
    fields.push(("eprint", paper.id.clone()));
    fields.push(("archivePrefix", "arXiv".to_string()));
    if let Some(primary) = paper.categories.first() {
        fields.push(("primaryClass", primary.clone()));
    }
    if let Some(doi) = &paper.doi {
        fields.push(("doi", braced(doi)));
    }
    if let Some(journal) = &paper.journal_ref {
        fields.push(("note", braced(journal)));
    }
    fields.push(("url", format!("https://arxiv.org/abs/{}", paper.id)));
    let mut entry = format!("@misc{{{},\n", bibtex_key(&paper.id));
    for (name, value) in fields {
        entry.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    entry.push_str("}\n");
    entry
}

/// Writes papers as BibTeX entries separated by blank lines.
pub fn bibtex(out: &mut dyn Write, papers: &[Paper]) -> io::Result<()> {
    for (i, paper) in papers.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        out.write_all(bibtex_entry(paper).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_entry_has_eprint_prefix_and_class() {
        let paper = Paper {
            id: "1802.01548".into(),
            title: "A {Made Up} Title on AmoebaNet".into(),
            authors: vec!["Ada Lovelace".into(), "Alan Turing".into()],
            categories: vec!["cs.NE".into(), "cs.CV".into()],
            created: Some("2018-02-05".into()),
            ..Paper::default()
        };
        let entry = bibtex_entry(&paper);
        assert!(entry.starts_with("@misc{arXiv:1802.01548,\n"), "{entry}");
        assert!(entry.contains("  title = {{A {Made Up} Title on AmoebaNet}},\n"));
        assert!(entry.contains("  author = {Ada Lovelace and Alan Turing},\n"));
        assert!(entry.contains("  year = {2018},\n"));
        assert!(entry.contains("  eprint = {1802.01548},\n"));
        assert!(entry.contains("  archivePrefix = {arXiv},\n"));
        assert!(entry.contains("  primaryClass = {cs.NE},\n"));
        assert!(entry.ends_with("}\n"));
    }

    #[test]
    fn unbalanced_braces_are_escaped_and_old_ids_make_keys() {
        assert_eq!(braced("a } b {"), "a \\} b \\{");
        assert_eq!(braced("{ok}"), "{ok}");
        assert_eq!(bibtex_key("cs/9901001"), "arXiv:cs_9901001");
    }
}
