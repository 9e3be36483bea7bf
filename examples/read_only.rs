//! Times reading, parsing and tagging alone: `cargo run --release --example read_only -- PATH...`

/// The same allocator as the binary, so the comparison is fair.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() -> anyhow::Result<()> {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let started = std::time::Instant::now();
    let papers = arxiv_descent::ingest::read_papers(&paths)?;
    let (schema_fields, n) = (arxiv_descent::index::schema().1, papers.len());
    let read = started.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let docs: Vec<_> = papers
        .iter()
        .map(|p| arxiv_descent::index::to_document(&schema_fields, p))
        .collect();
    println!(
        "{n} papers: read+parse+tag {read:.2} s, documents {:.2} s ({} docs)",
        started.elapsed().as_secs_f64(),
        docs.len()
    );
    Ok(())
}
