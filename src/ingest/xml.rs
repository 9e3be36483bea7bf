//! Streaming reader for OAI-PMH responses in the `arXiv`, `arXivRaw` and
//! `oai_dc` formats (ListRecords and GetRecord pages, bare `<record>`
//! fragments, bare metadata documents), and for the responses that carry no
//! records (Identify, ListSets, errors, ...), which it names.

use std::path::{Path, PathBuf};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::categories::category_for_subject;
use super::normalize::{display_name, split_raw_authors, to_iso_date};
use super::source::{line_at, record_too_long, Source, MAX_RECORD_BYTES};
use super::{Item, Response};
use crate::error::{Error, Result};
use crate::paper::{collapse_whitespace, Paper, SourceFormat, Version};

/// The most bytes one field may hold.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

#[derive(Default)]
struct RecordBuilder {
    header_id: Option<String>,
    datestamp: Option<String>,
    sets: Vec<String>,
    deleted: bool,
    format: Option<SourceFormat>,
    metadata_id: Option<String>,
    paper: Paper,
    author_keyname: String,
    author_forenames: String,
    author_suffix: String,
    version_label: String,
    version_date: String,
    version_size: Option<String>,
    dc_descriptions: Vec<String>,
    dc_dates: Vec<String>,
    dc_identifiers: Vec<String>,
}

impl RecordBuilder {
    fn known_id(&self) -> Option<String> {
        self.metadata_id
            .as_deref()
            .or(self.header_id.as_deref())
            .map(|raw| {
                crate::id::ArxivId::parse(raw)
                    .map(|id| id.to_string())
                    .unwrap_or_else(|| raw.to_string())
            })
    }
}

/// An element's local name, kept inline: the reader pushes one per start
/// tag, so it must not allocate. Names longer than any this reader looks
/// for are kept as an empty name.
#[derive(Clone, Copy, Default)]
struct Name {
    len: u8,
    bytes: [u8; Name::CAPACITY],
}

impl Name {
    const CAPACITY: usize = 23;

    fn new(name: &[u8]) -> Name {
        let mut inline = Name::default();
        if name.len() <= Name::CAPACITY {
            inline.bytes[..name.len()].copy_from_slice(name);
            inline.len = name.len() as u8;
        }
        inline
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

/// What one element or event did to the record being read.
enum Handled {
    /// Nothing to report.
    Nothing,
    /// A record began: its byte budget starts here.
    Opened,
    /// A record ended and became an item.
    Item(Item),
    /// A record ended but is unusable (message, its id if known); reading
    /// goes on with the next.
    Rejected(String, Option<String>),
    /// Reading this input cannot go on.
    Failed(String),
    /// The input ended where it may.
    End,
}

/// The record being read and what the input turned out to be: the part of
/// reading XML that does not depend on where the bytes come from.
struct Parser {
    text: String,
    stack: Vec<Name>,
    record: Option<RecordBuilder>,
    capture_error: bool,
    response: Response,
}

impl Parser {
    fn new() -> Parser {
        Parser {
            text: String::with_capacity(1 << 12),
            stack: Vec::with_capacity(16),
            record: None,
            capture_error: false,
            response: Response::default(),
        }
    }

    fn record_id(&self) -> Option<String> {
        self.record.as_ref().and_then(RecordBuilder::known_id)
    }

    /// Takes one event.
    fn handle(&mut self, event: Event<'_>) -> Handled {
        let capturing = self.capturing();
        let outcome = match event {
            Event::Start(element) => {
                let was_open = self.record.is_some();
                return match self.start(&element) {
                    Ok(()) if !was_open && self.record.is_some() => Handled::Opened,
                    Ok(()) => Handled::Nothing,
                    Err(message) => Handled::Failed(message),
                };
            }
            Event::End(_) => {
                return match self.end() {
                    Some(Ok(item)) => Handled::Item(item),
                    Some(Err((message, record))) => Handled::Rejected(message, record),
                    None => Handled::Nothing,
                }
            }
            Event::Text(text) if capturing => self.push_text(&text.xml10_content()),
            Event::CData(data) if capturing => self.push_text(&data.xml10_content()),
            Event::GeneralRef(reference) if capturing => {
                let piece = resolve_reference(&reference);
                self.push_text(&piece)
            }
            Event::Eof if self.record.is_some() || !self.stack.is_empty() => {
                Err("the document ends inside an element (truncated?)".to_string())
            }
            Event::Eof => return Handled::End,
            _ => Ok(()),
        };
        match outcome {
            Ok(()) => Handled::Nothing,
            Err(message) => Handled::Failed(message),
        }
    }

    fn push_text(&mut self, piece: &str) -> std::result::Result<(), String> {
        if self.text.len() + piece.len() > MAX_FIELD_BYTES {
            return Err(format!(
                "a field holds more than {} KiB",
                MAX_FIELD_BYTES >> 10
            ));
        }
        self.text.push_str(piece);
        Ok(())
    }

    fn capturing(&self) -> bool {
        self.record.is_some() || self.capture_error
    }

    fn start(&mut self, element: &BytesStart<'_>) -> std::result::Result<(), String> {
        self.text.clear();
        let name = Name::new(element.local_name().as_ref().as_bytes());
        match name.as_bytes() {
            b"request" => {
                if let Some(verb) = attribute(element, b"verb") {
                    self.response.verb.get_or_insert(verb);
                }
            }
            b"error" if self.stack.last().map(Name::as_bytes) == Some(b"OAI-PMH") => {
                self.response.error_code = attribute(element, b"code");
                self.capture_error = true;
            }
            b"Identify"
            | b"ListSets"
            | b"ListMetadataFormats"
            | b"ListIdentifiers"
            | b"ListRecords"
            | b"GetRecord"
                if self.record.is_none() =>
            {
                self.response.verb = Some(String::from_utf8_lossy(name.as_bytes()).into_owned());
            }
            b"record" if self.record.is_none() => {
                self.record = Some(RecordBuilder::default());
            }
            b"header" => {
                if let Some(record) = self.record.as_mut() {
                    if attribute(element, b"status").as_deref() == Some("deleted") {
                        record.deleted = true;
                    }
                }
            }
            b"arXiv" | b"arXivRaw" | b"dc" => {
                let format = match name.as_bytes() {
                    b"arXiv" => SourceFormat::Arxiv,
                    b"arXivRaw" => SourceFormat::ArxivRaw,
                    _ => SourceFormat::OaiDc,
                };
                if self.record.is_none() {
                    // A bare metadata document without the OAI envelope.
                    self.record = Some(RecordBuilder::default());
                }
                let record = self.record.as_mut().expect("record open");
                if record.format.is_none() {
                    record.format = Some(format);
                }
            }
            b"version" => {
                if let Some(record) = self.record.as_mut() {
                    record.version_label = attribute(element, b"version").unwrap_or_default();
                    record.version_date.clear();
                    record.version_size = None;
                }
            }
            _ => {}
        }
        self.stack.push(name);
        Ok(())
    }

    /// Handles the end of an element; returns a finished item, if any.
    fn end(&mut self) -> Option<std::result::Result<Item, (String, Option<String>)>> {
        let name = self.stack.pop().unwrap_or_default();
        let name = name.as_bytes();
        let parent = self.stack.last().map(Name::as_bytes).unwrap_or_default();
        if self.capture_error && name == b"error" {
            self.capture_error = false;
            self.response.error_message = Some(collapse_whitespace(&self.text));
            return None;
        }
        let record = self.record.as_mut()?;
        let in_header = parent == b"header";
        if in_header {
            let value = collapse_whitespace(&self.text);
            match name {
                b"identifier" => record.header_id = Some(value),
                b"datestamp" => record.datestamp = Some(value),
                b"setSpec" => record.sets.push(value),
                _ => {}
            }
            return None;
        }
        let closes_bare = record.header_id.is_none()
            && record.datestamp.is_none()
            && matches!(name, b"arXiv" | b"arXivRaw" | b"dc")
            && !self.stack.iter().any(|n| n.as_bytes() == b"record");
        if name == b"record" || closes_bare {
            let record = self.record.take().expect("record open");
            return Some(finish(record));
        }
        let text = &self.text;
        let paper = &mut record.paper;
        match record.format {
            Some(SourceFormat::Arxiv) => match name {
                b"keyname" => set_text(&mut record.author_keyname, text),
                b"forenames" => set_text(&mut record.author_forenames, text),
                b"suffix" => set_text(&mut record.author_suffix, text),
                b"author" => {
                    let name = display_name(
                        &record.author_forenames,
                        &record.author_keyname,
                        &record.author_suffix,
                    );
                    if !name.is_empty() {
                        paper.authors.push(name);
                    }
                    record.author_keyname.clear();
                    record.author_forenames.clear();
                    record.author_suffix.clear();
                }
                _ => common_field(record, name, text),
            },
            Some(SourceFormat::ArxivRaw) => match name {
                b"authors" => paper.authors = split_raw_authors(text),
                b"date" if parent == b"version" => record.version_date = collapse_whitespace(text),
                b"size" if parent == b"version" => {
                    record.version_size = Some(collapse_whitespace(text))
                }
                b"version" => paper.versions.push(Version {
                    version: std::mem::take(&mut record.version_label),
                    date: std::mem::take(&mut record.version_date),
                    size: record.version_size.take(),
                }),
                b"submitter" => paper.submitter = non_empty(text),
                _ => common_field(record, name, text),
            },
            Some(SourceFormat::OaiDc) => {
                let value = collapse_whitespace(text);
                match name {
                    b"title" => paper.title = value,
                    b"creator" => {
                        let name = dc_creator(&value);
                        if !name.is_empty() {
                            paper.authors.push(name);
                        }
                    }
                    b"subject" => match category_for_subject(&value) {
                        Some(code) if !paper.categories.iter().any(|c| c == code) => {
                            paper.categories.push(code.to_string())
                        }
                        Some(_) => {}
                        None if !value.is_empty() => paper.keywords.push(value),
                        None => {}
                    },
                    b"description" => record.dc_descriptions.push(value),
                    b"date" => record.dc_dates.push(value),
                    b"identifier" => record.dc_identifiers.push(value),
                    _ => {}
                }
            }
            Some(SourceFormat::Snapshot) | None => {}
        }
        None
    }
}

/// Replaces `slot` with `text`, keeping the slot's buffer.
fn set_text(slot: &mut String, text: &str) {
    slot.clear();
    slot.push_str(text);
}

fn non_empty(text: &str) -> Option<String> {
    let value = collapse_whitespace(text);
    (!value.is_empty()).then_some(value)
}

/// Fields `arXiv` and `arXivRaw` share.
fn common_field(record: &mut RecordBuilder, name: &[u8], text: &str) {
    let paper = &mut record.paper;
    match name {
        b"id" => record.metadata_id = Some(collapse_whitespace(text)),
        b"title" => paper.title = collapse_whitespace(text),
        b"abstract" => paper.abstract_text = collapse_whitespace(text),
        b"categories" => paper.categories = text.split_whitespace().map(str::to_string).collect(),
        b"created" => paper.created = non_empty(text),
        b"updated" => paper.updated = non_empty(text),
        b"comments" => paper.comments = non_empty(text),
        b"journal-ref" => paper.journal_ref = non_empty(text),
        b"doi" => paper.doi = non_empty(text),
        b"license" => paper.license = non_empty(text),
        b"report-no" => paper.report_no = non_empty(text),
        b"msc-class" => paper.msc_class = non_empty(text),
        b"acm-class" => paper.acm_class = non_empty(text),
        _ => {}
    }
}

/// Turns a finished record into an item: a paper, or a deletion.
fn finish(mut record: RecordBuilder) -> std::result::Result<Item, (String, Option<String>)> {
    let raw_id = record
        .metadata_id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .or_else(|| record.header_id.clone().filter(|id| !id.trim().is_empty()))
        .or_else(|| {
            record
                .dc_identifiers
                .iter()
                .find(|i| i.contains("arxiv.org/abs/"))
                .cloned()
        });
    let Some(raw_id) = raw_id else {
        return Err(("a record without an id".to_string(), None));
    };
    let Some(id) = crate::id::ArxivId::parse(&raw_id) else {
        return Err((format!("unreadable arXiv id {raw_id:?}"), record.known_id()));
    };
    let id = id.to_string();
    if record.deleted {
        return Ok(Item::Deleted {
            id,
            datestamp: record.datestamp,
        });
    }
    let format = record.format.unwrap_or_default();
    let mut paper = std::mem::take(&mut record.paper);
    paper.id = id;
    paper.datestamp = record.datestamp.take();
    paper.sets = std::mem::take(&mut record.sets);
    paper.formats = vec![format];
    match format {
        SourceFormat::ArxivRaw => {
            if let Some(first) = paper.versions.first() {
                paper.created = to_iso_date(&first.date);
            }
            if paper.versions.len() > 1 {
                paper.updated = paper.versions.last().and_then(|v| to_iso_date(&v.date));
            }
        }
        SourceFormat::OaiDc => {
            for description in record.dc_descriptions.drain(..) {
                if let Some(comment) = description.strip_prefix("Comment:") {
                    paper.comments = Some(comment.trim().to_string());
                } else if paper.abstract_text.is_empty() {
                    paper.abstract_text = description;
                }
            }
            paper.created = record.dc_dates.first().and_then(|d| to_iso_date(d));
            if record.dc_dates.len() > 1 {
                paper.updated = record.dc_dates.last().and_then(|d| to_iso_date(d));
            }
            for identifier in record.dc_identifiers.drain(..) {
                if let Some(doi) = identifier.strip_prefix("doi:") {
                    paper.doi = Some(doi.trim().to_string());
                } else if !identifier.contains("arxiv.org/abs/") && paper.journal_ref.is_none() {
                    paper.journal_ref = Some(identifier);
                }
            }
        }
        SourceFormat::Arxiv | SourceFormat::Snapshot => {}
    }
    if paper.datestamp.is_none() {
        paper.datestamp = paper.updated.clone().or_else(|| paper.created.clone());
    }
    Ok(Item::Paper(Box::new(paper)))
}

fn attribute(element: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref().as_bytes() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn resolve_reference(reference: &BytesRef<'_>) -> String {
    if let Ok(Some(ch)) = reference.resolve_char_ref() {
        return ch.to_string();
    }
    let name: &str = reference.as_ref();
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(text) => text.to_string(),
        // Entities a DTD declares are never expanded: they stay as written.
        None => format!("&{name};"),
    }
}

/// Reads the items of one XML input as it streams in, holding at most one
/// record's bytes (see [`Source`]'s budget).
pub struct XmlRecords {
    reader: Reader<Source>,
    path: PathBuf,
    buf: Vec<u8>,
    parser: Parser,
    done: bool,
}

impl XmlRecords {
    /// Reads `source`, the content of `path`.
    pub fn new(source: Source, path: &Path) -> XmlRecords {
        XmlRecords {
            reader: configured(Reader::from_reader(source)),
            path: path.to_path_buf(),
            buf: Vec::with_capacity(1 << 12),
            parser: Parser::new(),
            done: false,
        }
    }

    /// What kind of response the input turned out to be (complete once the
    /// iterator is exhausted).
    pub fn response(&self) -> &Response {
        &self.parser.response
    }

    /// Bytes of the file itself read so far.
    pub fn raw_position(&self) -> u64 {
        self.reader.get_ref().raw_position()
    }
}

impl Iterator for XmlRecords {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        while !self.done {
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let handled = match self.reader.read_event_into(&mut buf) {
                Ok(event) => self.parser.handle(event),
                Err(error) => Handled::Failed(format!("malformed XML: {error}")),
            };
            self.buf = buf;
            if let Handled::Opened = handled {
                self.reader.get_mut().reset_budget();
            }
            let position = self.reader.buffer_position();
            let error = |message, record| input_error(&self.path, position, message, record);
            if let Some(result) = settle(handled, &self.parser, &mut self.done, error) {
                return Some(result);
            }
        }
        None
    }
}

/// Reads the items of one XML input already in memory, with events that
/// borrow from it (no copy of each event's bytes, as streaming needs).
/// The same checks as [`XmlRecords`]: a record may span at most
/// [`MAX_RECORD_BYTES`], and what cut the input short (a truncated gzip
/// stream, say) is reported where the content read ends.
pub struct SliceRecords<'a> {
    reader: Reader<&'a [u8]>,
    path: &'a Path,
    parser: Parser,
    /// Where the open record began.
    record_start: u64,
    /// Why the content ends early, if it does.
    cut: Option<String>,
    /// The content's length: a cut shows where reading reaches it.
    len: u64,
    done: bool,
}

impl<'a> SliceRecords<'a> {
    /// Reads `content`, all that could be read of `path`; `cut` says why
    /// reading stopped early, if it did.
    pub fn new(content: &'a [u8], path: &'a Path, cut: Option<std::io::Error>) -> SliceRecords<'a> {
        SliceRecords {
            reader: configured(Reader::from_reader(content)),
            path,
            parser: Parser::new(),
            record_start: 0,
            cut: cut.map(|e| format!("malformed XML: {}", quick_xml::Error::Io(e.into()))),
            len: content.len() as u64,
            done: false,
        }
    }

    /// What kind of response the input turned out to be (complete once the
    /// iterator is exhausted).
    pub fn response(&self) -> &Response {
        &self.parser.response
    }
}

impl Iterator for SliceRecords<'_> {
    type Item = Result<Item>;

    fn next(&mut self) -> Option<Result<Item>> {
        while !self.done {
            let handled = match self.reader.read_event() {
                // Where the content was cut short, the cut is the problem.
                Ok(Event::Eof) | Err(_)
                    if self.cut.is_some() && self.reader.buffer_position() >= self.len =>
                {
                    Handled::Failed(self.cut.take()?)
                }
                Ok(event) => self.parser.handle(event),
                Err(error) => Handled::Failed(format!("malformed XML: {error}")),
            };
            let spanned = self.reader.buffer_position() - self.record_start;
            let handled = match handled {
                Handled::Nothing if self.parser.record.is_some() && spanned > MAX_RECORD_BYTES => {
                    // Worded as the streaming reader words it.
                    Handled::Failed(format!("malformed XML: I/O error: {}", record_too_long()))
                }
                other => other,
            };
            let position = self.reader.buffer_position();
            if let Handled::Opened = handled {
                self.record_start = position;
            }
            let error = |message, record| input_error(self.path, position, message, record);
            if let Some(result) = settle(handled, &self.parser, &mut self.done, error) {
                return Some(result);
            }
        }
        None
    }
}

/// What a reader returns for what its parser made of one event (`None`:
/// read on); `error` places a message at the reader's position.
fn settle(
    handled: Handled,
    parser: &Parser,
    done: &mut bool,
    error: impl Fn(String, Option<String>) -> Error,
) -> Option<Result<Item>> {
    match handled {
        Handled::Nothing | Handled::Opened => None,
        Handled::Item(item) => Some(Ok(item)),
        Handled::Rejected(message, record) => Some(Err(error(message, record))),
        Handled::Failed(message) => {
            *done = true;
            Some(Err(error(message, parser.record_id())))
        }
        Handled::End => {
            *done = true;
            None
        }
    }
}

fn configured<R>(mut reader: Reader<R>) -> Reader<R> {
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = true;
    reader
}

fn input_error(path: &Path, offset: u64, message: String, record: Option<String>) -> Error {
    Error::input(path, offset, line_at(path, offset), record, message)
}

/// A `dc:creator` as a display name. arXiv writes "Keyname, Forenames",
/// "Keyname Jr., Forenames" or, with the suffix apart, "Keyname, Jr,
/// Forenames"; all become "Forenames Keyname [Suffix]".
pub fn dc_creator(value: &str) -> String {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    match parts.as_slice() {
        [keyname, suffix, forenames] => display_name(forenames, keyname, suffix),
        [keyname, forenames] => display_name(forenames, keyname, ""),
        _ => value.to_string(),
    }
}
