//! The synthetic arXiv: it ingests, follows the table, holds the landmarks
//! tagged with their architectures, repeats byte for byte; Figure 2 draws a
//! path per student; the demo runs end to end and reuses its work.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{ingest_json, run};

fn synth(dir: &Path, out: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["synth", "--out", out, "--format", "json"];
    args.extend_from_slice(extra);
    let index = dir.join("unused");
    let mut command = crate::util::command(&index);
    command.current_dir(dir).args(&args);
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn table() -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/monthly_submissions.csv"),
    )
    .unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let mut parts = l.split(',');
            let month = parts.next().unwrap();
            // 2017-10 -> 1710
            let yymm = format!("{}{}", &month[2..4], &month[5..7]);
            (yymm, parts.next().unwrap().parse().unwrap())
        })
        .collect()
}

#[test]
fn synth_ingests_follows_the_table_and_holds_the_landmarks() {
    let dir = tempfile::tempdir().unwrap();
    let scale = 0.05;
    let summary = synth(
        dir.path(),
        "syn",
        &[
            "--from", "1702", "--until", "1803", "--scale", "0.05", "--seed", "9",
        ],
    );
    let index = dir.path().join("index");
    let ingested = ingest_json(&index, &dir.path().join("syn"));
    assert_eq!(ingested["records"], summary["records"]);
    assert_eq!(ingested["papers"], summary["records"]);
    assert!(ingested["problems"].as_array().unwrap().is_empty());
    // Pages of 1000 records, resumption tokens, the last one empty.
    let pages: Vec<_> = std::fs::read_dir(dir.path().join("syn"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            p.to_string_lossy().ends_with(".xml.gz").then_some(p)
        })
        .collect();
    assert_eq!(pages.len() as u64, summary["files"].as_u64().unwrap());
    assert_eq!(
        summary["files"].as_u64().unwrap(),
        summary["records"].as_u64().unwrap().div_ceil(1000)
    );
    // Counts per month follow the table (landmark months may hold more).
    let months = run(&index, &["stats", "--by", "month", "--format", "json"])
        .ok()
        .json_lines();
    assert_eq!(months.len(), 14);
    let table = table();
    let landmark_months: Vec<&str> = arxiv_descent::synth::LANDMARKS
        .iter()
        .map(|l| &l.id[..4])
        .collect();
    for month in &months {
        let name = month["month"].as_str().unwrap();
        let expected = (table[name] as f64 * scale).round() as u64;
        let got = month["papers"].as_u64().unwrap();
        if landmark_months.contains(&name) {
            // Raised to the highest landmark number of the month.
            let highest = arxiv_descent::synth::LANDMARKS
                .iter()
                .filter(|l| &l.id[..4] == name)
                .map(|l| l.number() as u64)
                .max()
                .unwrap();
            assert_eq!(got, expected.max(highest), "{name}");
        } else {
            assert_eq!(got, expected, "{name}");
        }
    }
    for (id, architecture) in [
        ("1802.01548", "AmoebaNet"),
        ("1710.09829", "CapsNet"),
        ("1707.07012", "NASNet"),
        ("1703.10593", "CycleGAN"),
        ("1703.06870", "Mask R-CNN"),
    ] {
        let paper = run(&index, &["show", id, "--format", "json"]).ok().json();
        assert_eq!(paper["architectures"][0], architecture, "{id}");
        assert!(paper["title"].as_str().unwrap().contains("synthetic"));
    }
    // 5-digit numbers from 1501 (4-digit ones are checked below).
    let ids = run(&index, &["search", "", "--limit", "3", "--format", "json"])
        .ok()
        .json_lines();
    assert!(ids.iter().all(|h| h["id"].as_str().unwrap().len() == 10));
}

#[test]
fn the_same_seed_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--from", "1412", "--until", "1501", "--scale", "0.02", "--seed", "4",
    ];
    synth(dir.path(), "a", &args);
    synth(dir.path(), "b", &args);
    let mut other = args;
    other[7] = "5";
    synth(dir.path(), "c", &other);
    let read = |name: &str| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir.path().join(name))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .filter(|(n, _)| n.ends_with(".gz"))
            .collect();
        files.sort();
        files
    };
    assert_eq!(read("a"), read("b"));
    assert_ne!(read("a"), read("c"));
    // 1412 has 4-digit ids, 1501 5-digit ones.
    let mut text = String::new();
    use std::io::Read;
    flate2::read::MultiGzDecoder::new(&read("a")[0].1[..])
        .read_to_string(&mut text)
        .unwrap();
    assert!(text.contains("<id>1412.0001</id>") && text.contains("<id>1501.00001</id>"));
    assert!(text.contains("completeListSize="));
}

#[test]
fn figure_2_holds_a_path_per_drawn_student() {
    let dir = tempfile::tempdir().unwrap();
    synth(
        dir.path(),
        "syn",
        &["--from", "1801", "--until", "1806", "--scale", "0.05"],
    );
    let index = dir.path().join("index");
    run(
        &index,
        &["ingest".as_ref(), dir.path().join("syn").as_os_str()],
    )
    .ok();
    run(&index, &["descend", "--students", "500", "--name", "fig"]).ok();
    let svg = dir.path().join("fig.svg");
    let figure = run(
        &index,
        &[
            "plot".as_ref(),
            "--run".as_ref(),
            "fig".as_ref(),
            "--out".as_ref(),
            svg.as_os_str(),
            "--students".as_ref(),
            "120".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    )
    .ok()
    .json();
    assert_eq!(figure["students_drawn"], 120);
    let text = std::fs::read_to_string(&svg).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut polylines = 0;
    let mut texts = String::new();
    loop {
        match reader.read_event().expect("the SVG is well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().as_ref() == "polyline" =>
            {
                polylines += 1;
            }
            quick_xml::events::Event::Text(t) => texts.push_str(&t.xml10_content()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    // One line per student, the measured curve and the fit (legend lines aside).
    assert!(polylines >= 120 + 2, "{polylines} polylines");
    assert!(texts.contains("Figure 2: Experimental results"));
    assert!(texts.contains("step") && texts.contains("fraction converged"));
}

#[test]
fn the_demo_runs_end_to_end_and_reuses_its_work() {
    let dir = tempfile::tempdir().unwrap();
    let demo = |dir: &Path| {
        let output = crate::util::command(&dir.join("index"))
            .current_dir(dir)
            .args([
                "demo",
                "--from",
                "1710",
                "--until",
                "1803",
                "--scale",
                "0.05",
                "--students",
                "2000",
                "--confirmations",
                "5",
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let first = demo(dir.path());
    assert!(first.contains("Hypothesis AmoebaNet"), "{first}");
    assert!(first.contains("papers visited, most visited first"));
    assert!(dir.path().join("index/figure-2-demo.svg").exists());
    let second = demo(dir.path());
    assert!(second.contains("reusing corpus/synth-demo"), "{second}");
    assert!(second.contains("reusing the index") && second.contains("reusing run"));
}
