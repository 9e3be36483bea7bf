//! Search latency in process: 200 queries of 1 to 3 words drawn from real
//! titles of the index (seeded), answered with the default request (10 hits,
//! papers loaded), p50 and p99 printed. With `BENCH_RUN=NAME`, also the
//! `visited` answers of that run (top 100 papers; runs visiting a paper).
//! Run: `scripts/bench-search.sh`, or
//! `ARXIV_DESCENT_INDEX=DIR cargo bench --bench query`.

use std::time::Instant;

use arxiv_descent::index::PaperIndex;
use arxiv_descent::query::search::{Search, SearchRequest};
use arxiv_descent::runs;
use rand_core::Rng;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use tantivy::collector::TopDocs;
use tantivy::query::AllQuery;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::var("ARXIV_DESCENT_INDEX").unwrap_or_else(|_| "index".into());
    let dir = std::path::PathBuf::from(dir);
    let index = PaperIndex::open(&dir)?;
    let searcher = index.searcher();
    let total = searcher.num_docs();
    // Draw 200 titles at random and 1 to 3 consecutive words from each.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2016);
    let addresses = searcher.search(
        &AllQuery,
        &TopDocs::with_limit(total as usize).order_by_score(),
    )?;
    let mut queries = Vec::new();
    while queries.len() < 200 {
        let (_, address) = addresses[(rng.next_u64() % addresses.len() as u64) as usize];
        let paper = index.paper_at(&searcher, address)?;
        let words: Vec<String> = paper
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        let n = (1 + rng.next_u64() % 3) as usize;
        let n = n.min(words.len());
        let start = (rng.next_u64() % (words.len() - n + 1) as u64) as usize;
        queries.push(words[start..start + n].join(" "));
    }
    let search = Search::new(&index);
    // One warm-up pass, then the measured one.
    for query in &queries {
        search.run(&SearchRequest {
            query: query.clone(),
            limit: 10,
            ..Default::default()
        })?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0u64;
    for query in &queries {
        let started = Instant::now();
        let results = search.run(&SearchRequest {
            query: query.clone(),
            limit: 10,
            ..Default::default()
        })?;
        times.push(started.elapsed().as_secs_f64() * 1e3);
        hits += results.total;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "search: {} queries of 1-3 title words over {total} papers: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} matches in all)",
        queries.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1],
        hits
    );
    if let Ok(run) = std::env::var("BENCH_RUN") {
        let manifest = runs::manifest(&dir, &run)?;
        let started = Instant::now();
        let top = runs::visited(&dir, &run, false, false, 100)?;
        let top_ms = started.elapsed().as_secs_f64() * 1e3;
        let paper = top.first().map(|v| v.id.clone()).unwrap_or_default();
        let started = Instant::now();
        let visiting = runs::runs_visiting(&dir, &paper)?;
        let paper_ms = started.elapsed().as_secs_f64() * 1e3;
        println!(
            "visited: run {run} of {} visits: top 100 papers in {top_ms:.2} ms; runs visiting {paper}: {} in {paper_ms:.2} ms",
            manifest.visits,
            visiting.len()
        );
    }
    Ok(())
}
