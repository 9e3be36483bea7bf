//! arxiv-descent: offline arXiv metadata. Ingest OAI-PMH and snapshot dumps
//! into a tantivy index, simulate arXiv descent over the identifier space,
//! and query papers and runs.

#![warn(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod descent;
pub mod error;
pub mod export;
pub mod id;
pub mod index;
pub mod ingest;
pub mod paper;
pub mod plot;
pub mod progress;
pub mod tagging;

pub use error::{Error, Result};
pub mod query;
pub mod report;
pub mod runs;
pub mod stem;
pub mod synth;
