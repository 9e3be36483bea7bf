//! How long work reports its progress: a small trait the library calls and
//! the binary implements with progress bars.

/// Receives progress from long work. Every method has a default that does
/// nothing, so an implementation only overrides what it shows.
pub trait Progress: Sync {
    /// A stage starts; `total` is its size in its own units, when known.
    fn start(&self, _stage: &str, _total: Option<u64>) {}
    /// `delta` more units are done.
    fn advance(&self, _delta: u64) {}
    /// A short status line (counts, rates).
    fn message(&self, _message: &str) {}
    /// The stage is over.
    fn finish(&self) {}
}

/// Shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {}
