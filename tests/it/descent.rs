//! Descent on the real cs-2016 index: the report makes sense, threads do
//! not change a run, and `visited` agrees with the stored visits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::require_cs2016;
use crate::util::run;

fn descend(index: &Path, name: &str, extra: &[&str]) -> Value {
    let mut args = vec!["descend", "--name", name, "--format", "json"];
    args.extend_from_slice(extra);
    run(index, &args).ok().json()
}

fn without_name(mut run: Value) -> Value {
    run.as_object_mut().unwrap().remove("run");
    run
}

#[test]
fn one_and_two_threads_give_identical_runs_and_seeds_differ() {
    let index = require_cs2016!();
    let one = descend(
        index,
        "threads-1",
        &["--students", "3000", "--seed", "11", "--threads", "1"],
    );
    let two = descend(
        index,
        "threads-2",
        &["--students", "3000", "--seed", "11", "--threads", "2"],
    );
    assert_eq!(without_name(one.clone()), without_name(two));
    let other = descend(index, "seed-12", &["--students", "3000", "--seed", "12"]);
    assert_ne!(one["outcomes"], other["outcomes"]);
    assert_eq!(one["students"], 3000);
    assert_eq!(one["outcomes"].as_array().unwrap().len(), 3000);
}

#[test]
fn the_report_on_cs_2016_makes_sense() {
    let index = require_cs2016!();
    let result = descend(index, "report", &["--students", "5000", "--seed", "3"]);
    let outcomes = result["outcomes"].as_array().unwrap();
    let steps: u64 = outcomes.iter().map(|o| o["steps"].as_u64().unwrap()).sum();
    assert_eq!(result["visits"].as_u64().unwrap(), steps);
    let picks = result["picks"].as_array().unwrap();
    assert!(!picks.is_empty());
    let mut adapted = 0;
    for outcome in outcomes.iter().filter(|o| o["status"] == "adapted") {
        adapted += 1;
        let architecture = &outcome["architecture"];
        if outcome["hintonian_override"] == true {
            assert_eq!(architecture, "CapsNet");
            continue;
        }
        // A pick is an image-related paper's first architecture (or the paper).
        let paper = run(
            index,
            &[
                "show",
                outcome["paper"].as_str().unwrap(),
                "--format",
                "json",
            ],
        )
        .ok()
        .json();
        assert!(
            paper["cv"] == true || paper["gan"] == true,
            "{}",
            paper["id"]
        );
        let named = paper["architectures"].as_array().unwrap();
        // The pick is the paper's first architecture, or the paper itself.
        match named.first() {
            Some(first) => assert_eq!(first, architecture),
            None => assert!(architecture.is_null()),
        }
        if adapted > 40 {
            break;
        }
    }
    assert!(adapted > 0);
    let text = run(
        index,
        &["descend", "--name", "report-text", "--students", "500"],
    )
    .ok()
    .stdout;
    assert!(
        text.contains("report-text") && text.contains("adapted"),
        "{text}"
    );
}

#[test]
fn visited_agrees_with_the_stored_visits() {
    let index = require_cs2016!();
    let a = descend(index, "visits-a", &["--students", "400", "--seed", "21"]);
    descend(index, "visits-b", &["--students", "400", "--seed", "22"]);
    // Every visit, from the export.
    let mut per_run: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for name in ["visits-a", "visits-b"] {
        per_run.insert(
            name,
            run(index, &["export", "--run", name, "--format", "json"])
                .ok()
                .json_lines(),
        );
    }
    let rows = &per_run["visits-a"];
    assert_eq!(rows.len() as u64, a["visits"].as_u64().unwrap());
    // The papers' visits sum to the run's visits that found a paper.
    let papers = run(
        index,
        &[
            "visited", "--run", "visits-a", "--limit", "1000000", "--format", "json",
        ],
    )
    .ok()
    .json_lines();
    let sum: u64 = papers.iter().map(|p| p["visits"].as_u64().unwrap()).sum();
    let present = rows.iter().filter(|r| r["present"] == true).count() as u64;
    assert_eq!(sum, present);
    assert_eq!(
        sum + a["visits_absent"].as_u64().unwrap(),
        a["visits"].as_u64().unwrap()
    );
    let text = run(index, &["visited", "--run", "visits-a"]).ok().stdout;
    assert!(text.contains(&a["visits_absent"].to_string()), "{text}");
    // Distinct students per paper agree with the rows.
    let mut students: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r["present"] == true) {
        students
            .entry(row["id"].as_str().unwrap())
            .or_default()
            .insert(row["student"].as_u64().unwrap());
    }
    for paper in papers.iter().take(50) {
        assert_eq!(
            paper["students"].as_u64().unwrap(),
            students[paper["id"].as_str().unwrap()].len() as u64
        );
    }
    // A student's path is its rows, ends where its outcome says, and obeys adapt-last.
    for student in [0u64, 7, 399] {
        let path = run(
            index,
            &[
                "visited",
                "--run",
                "visits-a",
                "--student",
                &student.to_string(),
                "--format",
                "json",
            ],
        )
        .ok()
        .json_lines();
        let (outcome, visits) = path.split_last().unwrap();
        let expected: Vec<&Value> = rows.iter().filter(|r| r["student"] == student).collect();
        assert_eq!(visits.len(), expected.len());
        for (visit, row) in visits.iter().zip(expected) {
            for key in ["step", "id", "present", "action"] {
                assert_eq!(visit[key], row[key]);
            }
        }
        assert_eq!(outcome["steps"].as_u64().unwrap(), visits.len() as u64);
        assert_eq!(outcome["final_id"], visits.last().unwrap()["id"]);
        assert_eq!(outcome, &a["outcomes"][student as usize]);
        let adapts = visits.iter().filter(|v| v["action"] == "adapt").count();
        assert!(adapts <= 1);
        if adapts == 1 {
            assert_eq!(visits.last().unwrap()["action"], "adapt");
        }
    }
    // --paper lists exactly the runs whose paths hold the paper.
    let probe = papers[papers.len() / 2]["id"].as_str().unwrap().to_string();
    for paper in [probe.as_str(), papers[0]["id"].as_str().unwrap()] {
        let listed: BTreeSet<String> =
            run(index, &["visited", "--paper", paper, "--format", "json"])
                .ok()
                .json_lines()
                .iter()
                .map(|r| r["run"].as_str().unwrap().to_string())
                .filter(|r| r.starts_with("visits-"))
                .collect();
        let expected: BTreeSet<String> = per_run
            .iter()
            .filter(|(_, rows)| {
                rows.iter()
                    .any(|r| r["id"] == paper && r["present"] == true)
            })
            .map(|(name, _)| name.to_string())
            .collect();
        assert_eq!(listed, expected, "{paper}");
    }
}

#[test]
fn a_runs_picks_export_as_bibtex() {
    let index = require_cs2016!();
    let result = descend(index, "picks-bib", &["--students", "3000", "--seed", "5"]);
    let picked: BTreeSet<&str> = result["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["paper"].as_str())
        .collect();
    assert!(!picked.is_empty());
    let bib = run(
        index,
        &[
            "export",
            "--run",
            "picks-bib",
            "--picks",
            "--format",
            "bibtex",
        ],
    )
    .ok()
    .stdout;
    let entries: BTreeSet<&str> = bib
        .lines()
        .filter_map(|l| l.strip_prefix("  eprint = {"))
        .map(|l| l.trim_end_matches("},"))
        .collect();
    // CapsNet's landmark is not in cs-2016: every other pick is an entry.
    let expected: BTreeSet<&str> = picked
        .into_iter()
        .filter(|id| *id != "1710.09829")
        .collect();
    assert_eq!(entries, expected);
    assert_eq!(bib.matches("@misc{").count(), expected.len());
    assert!(bib.contains("archivePrefix = {arXiv}") && bib.contains("primaryClass = {"));
    let csv = run(index, &["export", "--run", "picks-bib", "--format", "csv"])
        .ok()
        .stdout;
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("student,step,id,present,action"));
    assert_eq!(lines.count() as u64, result["visits"].as_u64().unwrap());
}
