//! Ingest of the `arXiv` format: the complete cs-2016 harvest, real papers
//! field by field, upserts, tags, show and stats.

use crate::fixtures::{page, write, Fixture};
use crate::util::{ingest_json, papers, provenance_counts, run};
use crate::{require_corpus, require_cs2016};

#[test]
fn the_complete_cs_2016_harvest_gives_every_paper_and_month() {
    let index = require_cs2016!();
    let stats = run(index, &["stats", "--format", "json"]).ok().json();
    assert_eq!(stats["papers"], 102_538);
    assert_eq!(stats["first_month"], "0704");
    assert_eq!(stats["last_month"], "1603");
    assert_eq!(stats["months"], 108);
    let architectures = stats["architectures"].as_array().unwrap();
    let counts: Vec<u64> = architectures
        .iter()
        .map(|a| a["count"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first"
    );
    assert!(stats["cv"].as_u64().unwrap() > 1000);
}

fn show(index: &std::path::Path, id: &str) -> serde_json::Value {
    run(index, &["show", id, "--format", "json"]).ok().json()
}

#[test]
fn real_papers_match_their_xml_field_by_field() {
    let index = require_cs2016!();
    // Title wraps a line and holds `&amp;` twice (page-001).
    let paper = show(index, "0707.1151");
    assert_eq!(
        paper["title"],
        "Logic, Design & Organization of PTVD-SHAM; A Parallel Time Varying & Data Super-helical Access Memory"
    );
    assert_eq!(paper["authors"], serde_json::json!(["P. B. Alipour"]));
    assert_eq!(paper["categories"], serde_json::json!(["cs.AR"]));
    assert_eq!(paper["created"], "2007-07-09");
    assert_eq!(paper["updated"], "2007-10-02");
    assert_eq!(paper["datestamp"], "2015-03-13");
    assert_eq!(paper["doi"], serde_json::Value::Null);
    // Keyname with a trailing comma and a suffix; primary category first.
    let paper = show(index, "0704.0802");
    assert_eq!(
        paper["authors"],
        serde_json::json!(["Caleb K. Lo", "Robert W. Heath, Jr.", "Sriram Vishwanath"])
    );
    assert_eq!(paper["categories"], serde_json::json!(["cs.IT", "math.IT"]));
    // Authors without forenames keep their keyname alone.
    let paper = show(index, "0705.2274");
    assert_eq!(
        paper["authors"],
        serde_json::json!(["Wei Dai", "Youjian", "Liu", "Brian Rider"])
    );
    // Old-style id, journal-ref over two lines.
    let paper = show(index, "cs/9901001");
    assert_eq!(paper["id"], "cs/9901001");
    assert_eq!(paper["created"], "1999-01-04");
    assert_eq!(
        paper["journal_ref"],
        "Australian Journal of Intelligent Information Processing Systems, ISSN 1321-2133, Vol. 5 No. 1, Autumn 1998, pages 39-43"
    );
    assert_eq!(paper["categories"], serde_json::json!(["cs.LG", "cs.AI"]));
    // A 5-digit id, licence, and the id in other spellings.
    let paper = show(index, "arXiv:1501.00001v2");
    assert_eq!(paper["id"], "1501.00001");
    assert_eq!(
        paper["license"],
        "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"
    );
    assert_eq!(paper["created"], "2014-12-29");
    for key in [
        "id",
        "title",
        "abstract",
        "authors",
        "categories",
        "created",
        "updated",
        "datestamp",
        "doi",
        "journal_ref",
        "comments",
        "license",
        "cv",
        "gan",
        "architectures",
    ] {
        assert!(paper.get(key).is_some(), "show --format json lacks {key}");
    }
}

#[test]
fn real_papers_are_tagged() {
    let index = require_cs2016!();
    let resnet = show(index, "1512.03385");
    assert_eq!(resnet["cv"], true);
    assert_eq!(resnet["architectures"][0], "ResNet");
    let unet = show(index, "1505.04597");
    assert!(unet["architectures"]
        .as_array()
        .unwrap()
        .contains(&"U-Net".into()));
    // Every cs.CV paper is cv, and says so by category.
    let hits = run(
        index,
        &[
            "search",
            "network",
            "--category",
            "cs.CV",
            "--limit",
            "50",
            "--format",
            "json",
        ],
    )
    .ok()
    .json_lines();
    assert_eq!(hits.len(), 50);
    for hit in &hits {
        assert_eq!(hit["cv"], true, "{}", hit["id"]);
        assert!(
            hit["cv_reason"].as_str().unwrap().contains("cs.CV"),
            "{}",
            hit["cv_reason"]
        );
    }
    let text = run(index, &["show", "1512.03385"]).ok().stdout;
    assert!(text.contains("cs.CV"), "show explains the cv tag: {text}");
}

#[test]
fn every_arxiv_format_file_ingests_with_its_provenance_count() {
    let corpus = require_corpus!();
    let files = provenance_counts(&corpus.join("oai-arXiv"));
    assert!(files.len() >= 28, "{} files listed", files.len());
    for (file, records) in files {
        let index = tempfile::tempdir().unwrap();
        let summary = ingest_json(index.path(), &file);
        assert_eq!(summary["records"], records, "{}", file.display());
        assert_eq!(summary["papers"], records, "{}", file.display());
        assert_eq!(summary["problems"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn ingesting_twice_doubles_nothing_and_newer_records_replace() {
    let corpus = require_corpus!();
    let index = tempfile::tempdir().unwrap();
    let page = corpus.join("oai-arXiv/shishir167__arxivXMLParser__xml_001.xml");
    let first = ingest_json(index.path(), &page);
    assert_eq!(first["added"], 1000);
    let second = ingest_json(index.path(), &page);
    assert_eq!(second["added"], 0);
    assert_eq!(second["skipped"], 1000);
    assert_eq!(papers(index.path()), 1000);
}

#[test]
fn a_newer_datestamp_replaces_and_an_older_one_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let write_one =
        |name: &str, fixture: Fixture| write(dir.path(), name, page(&[fixture.arxiv()]));
    let a = write_one(
        "a.xml",
        Fixture::new("2001.00001")
            .title("First wording")
            .datestamp("2020-01-10"),
    );
    let b = write_one(
        "b.xml",
        Fixture::new("2001.00001")
            .title("Second wording")
            .datestamp("2020-03-01"),
    );
    let c = write_one(
        "c.xml",
        Fixture::new("2001.00001")
            .title("Stale wording")
            .datestamp("2019-12-01"),
    );
    run(&index, &["ingest".as_ref(), a.as_os_str()]).ok();
    let updated = ingest_json(&index, &b);
    assert_eq!(updated["updated"], 1);
    let skipped = ingest_json(&index, &c);
    assert_eq!(skipped["skipped"], 1);
    assert_eq!(show(&index, "2001.00001")["title"], "Second wording");
    assert_eq!(papers(&index), 1);
}

#[test]
fn fixtures_are_tagged_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let records = [
        Fixture::new("1802.00001")
            .categories("cs.NE cs.LG")
            .title("Scaling an evolved classifier")
            .abstract_text("We train AmoebaNet-A and compare it with a residual network and NASNet on image classification."),
        Fixture::new("1802.00002").categories("cs.LG").title("Adversarial games with CycleGAN").abstract_text("Generative adversarial networks learn to translate."),
        Fixture::new("1802.00003").categories("eess.IV").title("Denoising by filters"),
        Fixture::new("1802.00004").categories("math.CO").title("Graphs of marbles").abstract_text("Counting GANs is not a thing here; we count images of graphs."),
    ];
    let file = write(
        dir.path(),
        "tags.xml",
        page(&records.iter().map(Fixture::arxiv).collect::<Vec<_>>()),
    );
    run(&index, &["ingest".as_ref(), file.as_os_str()]).ok();
    let amoeba = show(&index, "1802.00001");
    assert_eq!(
        amoeba["architectures"],
        serde_json::json!(["AmoebaNet", "ResNet", "NASNet"])
    );
    assert_eq!(amoeba["cv"], true, "image vocabulary in an ML paper");
    let gan = show(&index, "1802.00002");
    assert_eq!(gan["gan"], true);
    assert!(gan["architectures"]
        .as_array()
        .unwrap()
        .contains(&"CycleGAN".into()));
    assert!(gan["gan_reason"].as_str().unwrap().len() > 3);
    let iv = show(&index, "1802.00003");
    assert_eq!(iv["cv"], true);
    assert!(iv["cv_reason"].as_str().unwrap().contains("eess.IV"));
    let math = show(&index, "1802.00004");
    assert_eq!(math["cv"], false, "image words outside ML do not make cv");
    let unknown = run(&index, &["show", "1802.09999"]);
    assert_eq!(unknown.status, 1);
    assert!(unknown.stderr.contains("1802.09999"), "{}", unknown.stderr);
}

#[test]
fn repeats_in_one_run_merge_across_checkpoints_and_before_any_commit() {
    let dir = tempfile::tempdir().unwrap();
    let old = Fixture::new("2001.00001")
        .title("Old wording")
        .doi("10.1000/made.up")
        .datestamp("2020-01-10");
    let new = Fixture::new("2001.00001")
        .title("New wording")
        .datestamp("2020-03-01");
    let mut records = vec![old.arxiv()];
    records.extend((2..=6).map(|n| Fixture::new(&format!("2001.{n:05}")).arxiv()));
    records.push(new.arxiv());
    records.push(Fixture::new("2001.00003").arxiv());
    let file = write(dir.path(), "repeats.xml", page(&records));
    for (name, extra) in [
        ("small-checkpoints", vec!["--checkpoint", "2"]),
        ("one-commit", vec![]),
        ("strict", vec!["--strict"]),
    ] {
        let index = dir.path().join(name);
        let mut args = vec![
            "ingest".as_ref(),
            file.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let summary = run(&index, &args).ok().json();
        assert_eq!(summary["added"], 6, "{name}");
        assert_eq!(summary["updated"], 1, "{name}");
        assert_eq!(summary["skipped"], 1, "{name}");
        assert_eq!(papers(&index), 6, "{name}: nothing doubled");
        let shown = show(&index, "2001.00001");
        assert_eq!(shown["title"], "New wording", "{name}");
        assert_eq!(
            shown["doi"], "10.1000/made.up",
            "{name}: kept from the older record"
        );
    }
}
