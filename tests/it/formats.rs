//! Every format and response shape: arXivRaw, oai_dc, the JSON snapshot,
//! protocol responses, deletes, and the same paper across formats.

use arxiv_descent::ingest::Item;
use serde_json::json;

use crate::fixtures::{deleted, page, write, Fixture};
use crate::require_corpus;
use crate::util::{ingest_json, papers, provenance_counts, run};

#[test]
fn every_arxivraw_oai_dc_and_snapshot_file_gives_its_provenance_count() {
    let corpus = require_corpus!();
    let mut checked = 0;
    for folder in ["oai-arXivRaw", "oai_dc", "kaggle-snapshot"] {
        for (file, records) in provenance_counts(&corpus.join(folder)) {
            let index = tempfile::tempdir().unwrap();
            let summary = ingest_json(index.path(), &file);
            assert_eq!(summary["records"], records, "{}", file.display());
            assert!(
                summary["problems"].as_array().unwrap().is_empty(),
                "{summary}"
            );
            // One harvest repeats its first page: duplicated records count once.
            let expected = if file.to_string_lossy().contains("xmltest2") {
                records / 2
            } else {
                records
            };
            assert_eq!(summary["papers"], expected, "{}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked} files");
}

#[test]
fn the_gzipped_oai_dc_harvest_maps_subjects_to_categories() {
    let corpus = require_corpus!();
    let index = tempfile::tempdir().unwrap();
    let file =
        corpus.join("oai_dc/CenterForOpenScience__scrapi__arxiv_oai_ListRecords_2014-12-24.xml.gz");
    ingest_json(index.path(), &file);
    let hits = run(
        index.path(),
        &["search", "", "--limit", "1000", "--format", "json"],
    )
    .ok()
    .json_lines();
    assert_eq!(hits.len(), 897);
    let known = hits.iter().filter(|h| {
        h["categories"].as_array().unwrap().iter().all(|c| {
            let c = c.as_str().unwrap();
            c.contains('.') || c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-')
        })
    });
    assert_eq!(
        known.count(),
        897,
        "every subject became an arXiv code or a keyword"
    );
}

#[test]
fn protocol_responses_are_recognised_by_name() {
    let corpus = require_corpus!();
    let folder = corpus.join("oai-protocol");
    let text = std::fs::read_to_string(folder.join("PROVENANCE.md")).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| l.starts_with("- `")) {
        let name = line[3..].split('`').next().unwrap();
        let stats = line.split("[stats:").nth(1).unwrap();
        let expected = stats
            .split(';')
            .find_map(|p| p.trim().strip_prefix("error: "))
            .or_else(|| {
                stats
                    .split(';')
                    .find_map(|p| p.trim().strip_prefix("verb: "))
            })
            .unwrap()
            .trim_end_matches(']')
            .to_string();
        let index = tempfile::tempdir().unwrap();
        let summary = ingest_json(index.path(), &folder.join(name));
        assert_eq!(summary["records"], 0);
        let what = summary["recordless"][0]["what"]
            .as_str()
            .unwrap_or_default();
        assert!(
            what.contains(&expected),
            "{name}: {what:?} should name {expected}"
        );
        checked += 1;
    }
    assert_eq!(checked, 19);
}

#[test]
fn the_same_paper_reads_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let paper = Fixture::new("2001.00042")
        .title("Invented lenses for \\LaTeX{} marbles")
        .categories("cs.CV cs.LG");
    let files = [
        write(dir.path(), "arxiv.xml", page(&[paper.arxiv()])),
        write(dir.path(), "raw.xml", page(&[paper.arxiv_raw()])),
        write(dir.path(), "dc.xml", page(&[paper.oai_dc()])),
        write(dir.path(), "snapshot.json", paper.snapshot() + "\n"),
    ];
    let mut seen = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let index = dir.path().join(format!("index-{i}"));
        let summary = ingest_json(&index, file);
        assert_eq!(summary["papers"], 1, "{}", file.display());
        let shown = run(&index, &["show", "2001.00042", "--format", "json"])
            .ok()
            .json();
        seen.push(json!({
            "title": shown["title"],
            "authors": shown["authors"],
            "categories": shown["categories"],
            "created": shown["created"],
            "cv": shown["cv"],
        }));
    }
    let expected = json!({
        "title": "Invented lenses for \\LaTeX{} marbles",
        "authors": ["Ada B. Quux", "Carl Zed Jr"],
        "categories": ["cs.CV", "cs.LG"],
        "created": "2020-01-06",
        "cv": true,
    });
    for (file, got) in files.iter().zip(&seen) {
        assert_eq!(got, &expected, "{}", file.display());
    }
}

#[test]
fn deleted_records_leave_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let both = write(
        dir.path(),
        "two.xml",
        page(&[
            Fixture::new("2001.00001").arxiv(),
            Fixture::new("2001.00002").arxiv(),
        ]),
    );
    ingest_json(&index, &both);
    assert_eq!(papers(&index), 2);
    let gone = write(
        dir.path(),
        "gone.xml",
        page(&[deleted("2001.00001", "2020-05-01")]),
    );
    let summary = ingest_json(&index, &gone);
    assert_eq!(summary["deleted"], 1);
    assert_eq!(papers(&index), 1);
    assert_eq!(run(&index, &["show", "2001.00001"]).status, 1);
}

#[test]
fn the_newest_record_wins_and_keeps_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let old = Fixture::new("2001.00007")
        .title("Old wording")
        .doi("10.1000/made.up")
        .datestamp("2020-01-10");
    let new = Fixture::new("2001.00007")
        .title("New wording")
        .datestamp("2020-06-01");
    ingest_json(&index, &write(dir.path(), "old.xml", page(&[old.arxiv()])));
    ingest_json(&index, &write(dir.path(), "new.xml", page(&[new.oai_dc()])));
    let shown = run(&index, &["show", "2001.00007", "--format", "json"])
        .ok()
        .json();
    assert_eq!(shown["title"], "New wording");
    assert_eq!(
        shown["doi"], "10.1000/made.up",
        "a field the newer record lacks is kept"
    );
}

#[test]
fn read_whole_or_streaming_every_real_file_gives_the_same_items() {
    let corpus = require_corpus!();
    let mut files = Vec::new();
    for dir in ["oai-arXiv", "oai-arXivRaw", "oai_dc", "oai-protocol"] {
        files.extend(arxiv_descent::ingest::source::input_files(&[corpus.join(dir)]).unwrap());
    }
    // Three pages of the harvest: the first, one from the middle, the last.
    let pages = arxiv_descent::ingest::source::input_files(&[corpus.join("cs-2016")]).unwrap();
    files.extend([&pages[0], &pages[pages.len() / 2], &pages[pages.len() - 1]].map(Clone::clone));
    let mut papers = 0;
    for file in &files {
        let whole = arxiv_descent::ingest::read_items(file, true).unwrap();
        let streamed = arxiv_descent::ingest::read_items(file, false).unwrap();
        assert_eq!(whole.len(), streamed.len(), "{}", file.display());
        for (a, b) in whole.iter().zip(&streamed) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{}", file.display());
        }
        papers += whole
            .iter()
            .filter(|i| matches!(i, Ok(Item::Paper(_))))
            .count();
    }
    assert!(papers > 3000, "{papers} papers compared");
}
