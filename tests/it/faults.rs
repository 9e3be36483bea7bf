//! Broken input: each fault's exit status and message, strict mode, the
//! index unchanged afterwards, a locked index, and a killed ingest.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::fixtures::{page, write, Fixture};
use crate::require_corpus;
use crate::util::{command, ingest_json, papers, run, Run};

fn records(first: u32, count: u32) -> Vec<String> {
    (first..first + count)
        .map(|n| Fixture::new(&format!("2001.{n:05}")).arxiv())
        .collect()
}

/// An index holding three good papers, and the folder for fault files.
fn base() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let good = write(dir.path(), "good.xml", page(&records(1, 3)));
    run(&index, &["ingest".as_ref(), good.as_os_str()]).ok();
    (dir, index)
}

fn ingest(index: &Path, file: &Path, strict: bool) -> Run {
    let mut args = vec!["ingest".as_ref(), file.as_os_str()];
    if strict {
        args.push("--strict".as_ref());
    }
    run(index, &args)
}

/// Checks a fault both ways: by default the rest is committed and the exit
/// status is 3; with --strict nothing of the run is, and it is 1. The
/// message names the file, the byte offset and what is known.
fn check(file: PathBuf, good_in_file: u64, expected: &[&str]) {
    let (dir, index) = base();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let file = {
        let target = dir.path().join(&name);
        std::fs::rename(&file, &target).unwrap();
        target
    };
    let strict = ingest(&index, &file, true);
    assert_eq!(strict.status, 1, "strict {name}: {}", strict.stderr);
    assert!(
        strict.stderr.contains(&name) && strict.stderr.contains("byte"),
        "{}",
        strict.stderr
    );
    for word in expected {
        assert!(
            strict.stderr.contains(word),
            "{name}: {word:?} not in {}",
            strict.stderr
        );
    }
    assert_eq!(papers(&index), 3, "strict: nothing of the run is committed");
    let partial = ingest(&index, &file, false);
    assert_eq!(partial.status, 3, "{name}: {}", partial.stdout);
    assert!(
        partial.stdout.contains(&name) && partial.stdout.contains("byte"),
        "{}",
        partial.stdout
    );
    for word in expected {
        assert!(
            partial.stdout.contains(word),
            "{name}: {word:?} not in {}",
            partial.stdout
        );
    }
    assert_eq!(
        papers(&index),
        3 + good_in_file,
        "{name}: the readable records are committed"
    );
    for n in 1..=3 {
        run(&index, &["show", &format!("2001.{n:05}")]).ok();
    }
}

fn fault_file(content: impl AsRef<[u8]>, name: &str) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    write(&dir, name, content)
}

#[test]
fn malformed_xml_names_file_offset_line_and_record() {
    let mut recs = records(10, 3);
    recs[1] = recs[1].replace("</title>", "</titel>");
    check(
        fault_file(page(&recs), "malformed.xml"),
        1,
        &["line", "2001.00011", "malformed XML"],
    );
}

#[test]
fn a_record_without_an_id_is_skipped_with_a_message() {
    let mut recs = records(20, 3);
    recs[1] = recs[1]
        .replace("<id>2001.00021</id>", "")
        .replace("oai:arXiv.org:2001.00021", "");
    check(fault_file(page(&recs), "noid.xml"), 2, &["without an id"]);
}

#[test]
fn a_record_with_an_unreadable_id_is_skipped_with_a_message() {
    let mut recs = records(25, 3);
    recs[1] = recs[1]
        .replace("<id>2001.00026</id>", "<id>not an id</id>")
        .replace("oai:arXiv.org:2001.00026", "oai:arXiv.org:not-an-id");
    check(
        fault_file(page(&recs), "badid.xml"),
        2,
        &["unreadable arXiv id", "not an id"],
    );
}

#[test]
fn invalid_utf8_is_reported() {
    let mut bytes = page(&records(30, 3)).into_bytes();
    let at = bytes.windows(6).position(|w| w == b"number").unwrap();
    bytes[at] = 0xff;
    check(fault_file(bytes, "utf8.xml"), 0, &["UTF-8", "2001.00030"]);
}

#[test]
fn truncated_gzip_is_reported() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(page(&records(40, 50)).as_bytes())
        .unwrap();
    let gz = encoder.finish().unwrap();
    let file = fault_file(&gz[..gz.len() / 2], "cut.xml.gz");
    let (_dir, index) = base();
    let partial = ingest(&index, &file, false);
    assert_eq!(partial.status, 3);
    assert!(
        partial.stdout.contains("cut.xml.gz") && partial.stdout.contains("deflate"),
        "{}",
        partial.stdout
    );
    let strict = ingest(&index, &file, true);
    assert_eq!(strict.status, 1);
    assert!(papers(&index) >= 3);
}

#[test]
fn an_unparsable_json_line_names_its_line() {
    let good = Fixture::new("2001.00050").snapshot();
    let content = format!(
        "{good}\n{{\"id\": broken\n{}\n",
        Fixture::new("2001.00051").snapshot()
    );
    check(fault_file(content, "snap.json"), 2, &["line 2", "JSON"]);
}

#[test]
fn a_giant_field_is_an_error_not_an_allocation() {
    let mut recs = records(60, 3);
    recs[1] = recs[1].replace("sorting marbles.", &"x".repeat(3 << 20));
    check(
        fault_file(page(&recs), "giant.xml"),
        1,
        &["2001.00061", "KiB"],
    );
}

#[test]
fn entity_declarations_are_not_expanded() {
    let doctype = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
                   <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";
    let mut recs = records(70, 2);
    recs[0] = recs[0].replace("A made-up study", "&lol3; study");
    let body = page(&recs).replacen("\n", &format!("\n{doctype}\n"), 1);
    let (dir, index) = base();
    let file = write(dir.path(), "lolz.xml", body);
    let started = Instant::now();
    let result = ingest(&index, &file, false);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        result.status == 0 || result.status == 3,
        "{}",
        result.stderr
    );
    // The record after the DTD is read whatever became of the first.
    run(&index, &["show", "2001.00071"]).ok();
    let shown = run(&index, &["show", "2001.00070", "--format", "json"]);
    if shown.status == 0 {
        let title = shown.json()["title"].as_str().unwrap().to_string();
        assert!(!title.contains("lollol"), "no expansion: {title}");
    }
}

#[test]
fn a_gzip_bomb_is_rejected_in_bounded_memory() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(b"<?xml version=\"1.0\"?>\n<OAI-PMH><ListRecords><record>")
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..512 {
        encoder.write_all(&spaces).unwrap();
    }
    let (dir, index) = base();
    let file = write(dir.path(), "bomb.xml.gz", encoder.finish().unwrap());
    let result = ingest(&index, &file, false);
    assert_eq!(result.status, 3, "{}", result.stdout);
    assert!(result.stdout.contains("bomb.xml.gz"), "{}", result.stdout);
    assert_eq!(papers(&index), 3);
}

#[test]
fn a_second_ingest_on_a_locked_index_fails_at_once() {
    let corpus = require_corpus!();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let mut first = command(&index)
        .arg("ingest")
        .arg(corpus.join("cs-2016"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lock = index.join("papers/.tantivy-writer.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !lock.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let fixture = write(dir.path(), "one.xml", page(&records(1, 1)));
    let started = Instant::now();
    let second = ingest(&index, &fixture, false);
    let waited = started.elapsed();
    let first_status = first.wait().unwrap();
    assert!(first_status.success());
    assert_eq!(second.status, 1, "{}", second.stderr);
    assert!(second.stderr.contains("locked"), "{}", second.stderr);
    assert!(
        waited < Duration::from_secs(5),
        "fails at once, not after {waited:?}"
    );
    assert_eq!(papers(&index), 102_538, "the first ingest is not damaged");
}

#[test]
fn a_killed_ingest_leaves_a_readable_index_and_a_rerun_completes_it() {
    let corpus = require_corpus!();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let mut child = command(&index)
        .arg("ingest")
        .arg(corpus.join("cs-2016"))
        .args(["--checkpoint", "20000"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it after its first checkpoint is committed.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = 0;
    while Instant::now() < deadline {
        let stats = run(&index, &["stats", "--format", "json"]);
        if stats.status == 0 {
            seen = stats.json()["papers"].as_u64().unwrap();
            if seen > 0 {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        seen > 0 && seen < 102_538,
        "killed part way: {seen} papers, {status:?}"
    );
    let after = papers(&index);
    assert!(
        after >= seen && after < 102_538,
        "opens at its last commit: {after}"
    );
    let rerun = ingest_json(&index, &corpus.join("cs-2016"));
    assert_eq!(rerun["papers"], 102_538);
    assert_eq!(papers(&index), 102_538, "nothing doubled");
}
