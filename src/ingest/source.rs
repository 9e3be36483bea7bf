//! Opening inputs: walking folders, sniffing gzip and the format from the
//! content, and the guards that keep one bad input from using unbounded
//! memory (a byte budget per record, a cap on the gzip expansion ratio).

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;

use crate::error::{Error, Result};

/// The most bytes one record (or anything between two records) may span.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;
/// The most a gzip stream may expand, as a ratio of its compressed size.
pub const MAX_GZIP_RATIO: u64 = 1000;
/// Expansion allowed regardless of the ratio, so tiny files are not refused.
const GZIP_RATIO_SLACK: u64 = 1 << 20;

/// The format of one input, detected from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// XML: an OAI-PMH response, a bare record or metadata document.
    Xml,
    /// JSON lines (the arXiv snapshot).
    JsonLines,
    /// Nothing but whitespace.
    Empty,
    /// Something else.
    Unknown,
}

/// Lists the input files under `paths`: files as given, folders walked
/// recursively (hidden entries skipped), in sorted order so that a run over
/// a folder is reproducible.
pub fn input_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'))
        })
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            walk(&entry, files)?;
        } else if is_input_name(&entry) {
            files.push(entry);
        }
    }
    Ok(())
}

/// Whether a file found in a folder is worth reading: dumps and pages, not
/// the READMEs and PROVENANCE notes that sit beside them.
fn is_input_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".xml", ".json", ".jsonl", ".ndjson"]
        .iter()
        .any(|ext| name.ends_with(ext))
        || !name.contains('.')
}

/// Shared count of bytes, read by the reader that owns it and by the caller.
#[derive(Clone, Default)]
pub struct Counter(Rc<Cell<u64>>);

impl Counter {
    /// Current count.
    pub fn get(&self) -> u64 {
        self.0.get()
    }
    fn add(&self, n: u64) {
        self.0.set(self.0.get() + n);
    }
}

/// Counts the bytes read through it.
struct CountingReader<R> {
    inner: R,
    count: Counter,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.add(n as u64);
        Ok(n)
    }
}

/// Refuses gzip streams that expand beyond [`MAX_GZIP_RATIO`].
struct RatioGuard<R> {
    inner: R,
    compressed: Counter,
    expanded: u64,
}

impl<R: Read> Read for RatioGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.expanded += n as u64;
        if self.expanded > self.compressed.get() * MAX_GZIP_RATIO + GZIP_RATIO_SLACK {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "gzip stream expands more than {MAX_GZIP_RATIO} times its size (a gzip bomb?)"
                ),
            ));
        }
        Ok(n)
    }
}

/// A buffered reader over an input's decompressed content that refuses to
/// hand out more than a budget of bytes between two calls to
/// [`Source::reset_budget`], so a runaway record is an error, not an
/// out-of-memory.
pub struct Source {
    inner: BufReader<Box<dyn Read>>,
    consumed: u64,
    budget_start: u64,
    budget: u64,
    raw: Counter,
    /// Whether the file is gzipped.
    pub gzipped: bool,
}

impl Source {
    /// Opens `path`, decompressing gzip (multi-member) when its content
    /// starts with the gzip magic bytes, whatever its name.
    pub fn open(path: &Path) -> Result<Source> {
        let mut file = BufReader::new(File::open(path).map_err(|e| Error::io(path, e))?);
        let head = file.fill_buf().map_err(|e| Error::io(path, e))?;
        let gzipped = head.starts_with(&[0x1f, 0x8b]);
        let raw = Counter::default();
        let counted = CountingReader {
            inner: file,
            count: raw.clone(),
        };
        let inner: Box<dyn Read> = if gzipped {
            Box::new(RatioGuard {
                inner: MultiGzDecoder::new(BufReader::with_capacity(1 << 16, counted)),
                compressed: raw.clone(),
                expanded: 0,
            })
        } else {
            Box::new(counted)
        };
        Ok(Source {
            inner: BufReader::with_capacity(1 << 17, inner),
            consumed: 0,
            budget_start: 0,
            budget: MAX_RECORD_BYTES,
            raw,
            gzipped,
        })
    }

    /// Starts a new budget of [`MAX_RECORD_BYTES`] from here.
    pub fn reset_budget(&mut self) {
        self.budget_start = self.consumed;
    }

    /// Bytes of decompressed content consumed so far.
    pub fn position(&self) -> u64 {
        self.consumed
    }

    /// Bytes of the file itself read so far (compressed bytes for gzip).
    pub fn raw_position(&self) -> u64 {
        self.raw.get()
    }

    /// Reads the rest of the content into `content` (emptied first) when it
    /// holds at most `limit` bytes, bypassing the record budget (the limit
    /// bounds it); the gzip ratio guard still applies. Returns `None` when
    /// the content is longer (what was read is then lost: open the input
    /// again to stream it), or whatever error cut it short, with the bytes
    /// read before it kept in `content`.
    pub fn read_whole(&mut self, content: &mut Vec<u8>, limit: usize) -> Option<Option<io::Error>> {
        content.clear();
        let result = (&mut self.inner)
            .take(limit as u64 + 1)
            .read_to_end(content);
        self.consumed += content.len() as u64;
        (content.len() <= limit).then(|| result.err())
    }

    /// Detects the content's format from its first non-blank bytes.
    pub fn sniff(&mut self) -> io::Result<ContentKind> {
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(ContentKind::Empty);
            }
            let skip = buf
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(buf.len());
            let rest = &buf[skip..];
            let rest = rest.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(rest);
            if let Some(first) = rest.first() {
                return Ok(match first {
                    b'<' => ContentKind::Xml,
                    b'{' => ContentKind::JsonLines,
                    _ => ContentKind::Unknown,
                });
            }
            let n = buf.len();
            self.consume(n);
        }
    }
}

impl Read for Source {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed - self.budget_start > self.budget {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                record_too_long(),
            ));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

/// What a record longer than [`MAX_RECORD_BYTES`] is told.
pub fn record_too_long() -> String {
    format!("a record spans more than {} MiB", MAX_RECORD_BYTES >> 20)
}

/// The 1-based line at byte `offset` of the decompressed content of `path`,
/// for error messages; `None` when the file cannot be read again.
pub fn line_at(path: &Path, offset: u64) -> Option<u64> {
    let mut source = Source::open(path).ok()?;
    source.budget = u64::MAX;
    let mut line = 1;
    let mut seen = 0u64;
    while seen < offset {
        let buf = source.fill_buf().ok()?;
        if buf.is_empty() {
            break;
        }
        let take = buf.len().min((offset - seen) as usize);
        line += memchr::memchr_iter(b'\n', &buf[..take]).count() as u64;
        seen += take as u64;
        source.consume(take);
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(content: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(content).expect("memory");
        encoder.finish().expect("memory")
    }

    fn opened(bytes: &[u8]) -> (tempfile::NamedTempFile, Source) {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(bytes).expect("write");
        let mut source = Source::open(file.path()).expect("opens");
        assert_eq!(source.sniff().expect("sniffs"), ContentKind::Xml);
        (file, source)
    }

    #[test]
    fn read_whole_gives_the_whole_content_or_refuses_past_the_limit() {
        let content: Vec<u8> = (0..50_000)
            .flat_map(|i| format!("<r n=\"{i}\"/>\n").into_bytes())
            .collect();
        let (_file, mut source) = opened(&gzip(&content));
        let mut whole = vec![b'x'; 10];
        assert!(matches!(source.read_whole(&mut whole, 1 << 20), Some(None)));
        assert_eq!(whole, content);
        assert_eq!(source.position(), content.len() as u64);

        let (_file, mut source) = opened(&content);
        assert!(source.read_whole(&mut whole, content.len() - 1).is_none());
        let (_file, mut source) = opened(&content);
        assert!(source.read_whole(&mut whole, content.len()).is_some());
    }

    #[test]
    fn read_whole_keeps_what_came_before_a_cut() {
        let content: Vec<u8> = (0..50_000)
            .flat_map(|i| format!("<r n=\"{i}\"/>\n").into_bytes())
            .collect();
        let gz = gzip(&content);
        let (_file, mut source) = opened(&gz[..gz.len() / 2]);
        let mut whole = Vec::new();
        let cut = source
            .read_whole(&mut whole, 1 << 20)
            .expect("within the limit");
        assert!(cut.is_some(), "the cut is reported");
        assert!(
            whole.len() > 1000 && content.starts_with(&whole),
            "{}",
            whole.len()
        );
    }
}
