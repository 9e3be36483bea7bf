//! Search on the real cs-2016 index, checked against facts of the data.

use crate::require_cs2016;
use crate::util::run;

fn search(index: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    run(index, &all).ok().json_lines()
}

fn month_of(hit: &serde_json::Value) -> String {
    let id = hit["id"].as_str().unwrap();
    id[..4].to_string()
}

#[test]
fn a_phrase_of_a_title_finds_it_and_the_exact_title_ranks_first() {
    let index = require_cs2016!();
    let hits = search(index, &["\"Super-helical Access Memory\""]);
    assert_eq!(hits[0]["id"], "0707.1151");
    let title = "An OFDM Signal Identification Method for Wireless Communications Systems";
    let hits = search(index, &[title]);
    assert_eq!(hits[0]["id"], "1501.00001");
    assert_eq!(hits[0]["title"], title);
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "BM25 order: {scores:?}"
    );
    for key in [
        "id",
        "title",
        "authors",
        "categories",
        "created",
        "cv",
        "gan",
        "architectures",
        "score",
    ] {
        assert!(hits[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn filters_hold() {
    let index = require_cs2016!();
    let hits = search(
        index,
        &["learning", "--category", "cs.CV", "--limit", "100"],
    );
    assert_eq!(hits.len(), 100);
    assert!(hits.iter().all(|h| h["categories"]
        .as_array()
        .unwrap()
        .contains(&"cs.CV".into())));
    let hits = search(
        index,
        &[
            "learning", "--from", "1405", "--until", "1407", "--limit", "200",
        ],
    );
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| ("1405".."1408").contains(&month_of(h).as_str())),
        "bounds"
    );
    let hits = search(index, &["network", "--gan", "--limit", "50"]);
    assert!(!hits.is_empty() && hits.iter().all(|h| h["gan"] == true));
    let hits = search(
        index,
        &["network", "--architecture", "resnet-50", "--limit", "50"],
    );
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["architectures"]
        .as_array()
        .unwrap()
        .contains(&"ResNet".into())));
    let hits = search(
        index,
        &["\"image classification\" AND cat:cs.CV", "--limit", "50"],
    );
    assert!(!hits.is_empty() && hits.iter().all(|h| h["cv"] == true));
}

#[test]
fn hyphenated_terms_ids_and_syntax_errors() {
    let index = require_cs2016!();
    let hits = search(index, &["U-Net", "--limit", "3"]);
    assert_eq!(
        hits[0]["id"], "1505.04597",
        "U-Net is a phrase, not U minus Net"
    );
    let hits = search(index, &["meta-learning", "--limit", "50"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let text = format!("{} {}", hit["title"], hit["abstract"]).to_lowercase();
        assert!(text.contains("meta"), "{}", hit["id"]);
    }
    for spelling in [
        "1512.03385",
        "arXiv:1512.03385v2",
        "https://arxiv.org/abs/1512.03385",
    ] {
        let hits = search(index, &[spelling]);
        assert_eq!(hits.len(), 1, "{spelling}");
        assert_eq!(hits[0]["id"], "1512.03385");
    }
    assert_eq!(search(index, &["cs/9901001"])[0]["id"], "cs/9901001");
    let broken = run(index, &["search", "title:(unclosed AND"]);
    assert_eq!(broken.status, 1);
    assert!(
        broken.stderr.contains("cannot read the query"),
        "{}",
        broken.stderr
    );
}

#[test]
fn date_order_snippets_and_explanations() {
    let index = require_cs2016!();
    let hits = search(
        index,
        &["reinforcement learning", "--sort", "date", "--limit", "30"],
    );
    let dates: Vec<&str> = hits
        .iter()
        .map(|h| h["created"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let hits = search(
        index,
        &["segmentation", "--snippets", "--explain", "--limit", "3"],
    );
    for hit in &hits {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(snippet.to_lowercase().contains("**segment"), "{snippet}");
        assert!(hit["explanation"]["value"].as_f64().unwrap() > 0.0);
    }
    let text = run(
        index,
        &["search", "segmentation", "--explain", "--limit", "1"],
    )
    .ok()
    .stdout;
    assert!(text.contains("idf"), "{text}");
    let page1 = search(index, &["segmentation", "--limit", "5"]);
    let page2 = search(index, &["segmentation", "--limit", "5", "--offset", "5"]);
    assert!(page1
        .iter()
        .all(|a| page2.iter().all(|b| a["id"] != b["id"])));
}

#[test]
fn stats_by_month_and_bibtex_export() {
    let index = require_cs2016!();
    let months = run(
        index,
        &[
            "stats",
            "--by",
            "month",
            "--category",
            "cs.CV",
            "--format",
            "json",
        ],
    )
    .ok()
    .json_lines();
    let total: u64 = months.iter().map(|m| m["papers"].as_u64().unwrap()).sum();
    let cv_hits = run(
        index,
        &["search", "", "--category", "cs.CV", "--limit", "1"],
    )
    .ok()
    .stdout;
    assert!(
        cv_hits.contains(&format!("of {total} matching")),
        "{cv_hits} vs {total}"
    );
    let bib = run(
        index,
        &["export", "--query", "1512.03385", "--format", "bibtex"],
    )
    .ok()
    .stdout;
    assert!(bib.starts_with("@misc{arXiv:1512.03385,"), "{bib}");
    assert!(bib.contains("eprint = {1512.03385}") && bib.contains("archivePrefix = {arXiv}"));
    assert!(bib.contains("primaryClass = {cs.CV}") && bib.contains("year = {2015}"));
}
