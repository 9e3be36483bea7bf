//! Integration tests: the real `arxiv-descent` executable run in temporary
//! folders, on the real corpus at `../shared/corpus-real` (or
//! `ARXIV_DESCENT_CORPUS`) and on small fixtures written here.

mod descent;
mod faults;
mod fixtures;
mod formats;
mod ingest;
mod query;
mod synth;

mod util;
