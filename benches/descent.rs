//! Steps per second of the descent walk alone: the table is built from an
//! index, then `--students` walk with no storage (and once recording visits
//! in memory, as `descend` does). Run: `scripts/bench-descent.sh`, or
//! `ARXIV_DESCENT_INDEX=DIR cargo bench --bench descent`.

use std::time::Instant;

use arxiv_descent::descent::{self, DescentConfig, SpaceTable};
use arxiv_descent::index::PaperIndex;

fn main() -> anyhow::Result<()> {
    let dir = std::env::var("ARXIV_DESCENT_INDEX").unwrap_or_else(|_| "index".into());
    let students: u32 = std::env::var("BENCH_STUDENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let index = PaperIndex::open(std::path::Path::new(&dir))?;
    let started = Instant::now();
    let table = SpaceTable::build(&index.table_papers()?, None, None)
        .ok_or_else(|| anyhow::anyhow!("no new-style paper in {dir}"))?;
    println!(
        "table: {} papers over {} months ({}..{}) built in {:.3} s",
        table.papers(),
        table.months(),
        table.first(),
        table.last(),
        started.elapsed().as_secs_f64()
    );
    let config = DescentConfig {
        students,
        ..DescentConfig::default()
    };
    println!(
        "threads: {}, students: {students}, best of {rounds}",
        rayon::current_num_threads()
    );
    let mut best_walk = f64::INFINITY;
    let mut steps = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        let result = descent::run::<false>(&table, &config)?;
        best_walk = best_walk.min(started.elapsed().as_secs_f64());
        steps = result.visits();
    }
    println!(
        "walk alone:       {steps} steps in {best_walk:.3} s = {:.1} M steps/s",
        steps as f64 / best_walk / 1e6
    );
    let mut best_recorded = f64::INFINITY;
    for _ in 0..rounds {
        let started = Instant::now();
        let result = descent::run::<true>(&table, &config)?;
        best_recorded = best_recorded.min(started.elapsed().as_secs_f64());
        assert_eq!(result.visits(), steps, "recording changes nothing");
    }
    println!(
        "walk + recording: {steps} steps in {best_recorded:.3} s = {:.1} M steps/s",
        steps as f64 / best_recorded / 1e6
    );
    Ok(())
}
