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
    let documents = started.elapsed().as_secs_f64();
    // Tagging alone, again over every paper read (best of 3).
    let mut tagging = f64::INFINITY;
    for _ in 0..3 {
        let started = std::time::Instant::now();
        for paper in &papers {
            let tags =
                arxiv_descent::tagging::tag(&paper.categories, &paper.title, &paper.abstract_text);
            std::hint::black_box(tags);
        }
        tagging = tagging.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{n} papers: read+parse+tag {read:.2} s, documents {documents:.2} s ({} docs), tagging alone {tagging:.3} s",
        docs.len()
    );
    Ok(())
}
