//! Fuzzing of the record readers with proptest: arbitrary bytes, and valid
//! dumps in every format with bytes flipped, cut, inserted or gzipped, must
//! give records or errors, never a panic or a hang. `FUZZ_SECONDS=600 cargo
//! test --release --lib ingest::fuzz` runs it for ten minutes.

use std::io::Write;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{read_one, Message, Scratch};

const SEEDS: &[&str] = &[
    "<?xml version=\"1.0\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords>\
     <record><header><identifier>oai:arXiv.org:1802.00001</identifier><datestamp>2018-02-03</datestamp></header>\
     <metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>1802.00001</id><created>2018-02-01</created>\
     <authors><author><keyname>Quux</keyname><forenames>Ada</forenames><suffix>Jr</suffix></author></authors>\
     <title>Made-up &amp; marbles</title><categories>cs.CV cs.LG</categories><abstract>AmoebaNet-A on images.</abstract>\
     </arXiv></metadata></record><record><header status=\"deleted\"><identifier>oai:arXiv.org:cs/9901001</identifier>\
     <datestamp>2019-01-01</datestamp></header></record><resumptionToken cursor=\"0\">1|1001</resumptionToken></ListRecords></OAI-PMH>",
    "<record><header><identifier>oai:arXiv.org:0704.0001</identifier><datestamp>2008-01-01</datestamp></header>\
     <metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>0704.0001</id><submitter>A B</submitter>\
     <version version=\"v1\"><date>Mon, 2 Apr 2007 19:18:42 GMT</date></version><title>T</title>\
     <authors>A. B\\'ezout and C. D</authors><categories>hep-ph</categories><abstract>x</abstract></arXivRaw></metadata></record>",
    "<OAI-PMH><GetRecord><record><header><identifier>oai:arXiv.org:1711.04702</identifier><datestamp>2017-11-14</datestamp></header>\
     <metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
     <dc:title>T</dc:title><dc:creator>Zed, Jr, Carl</dc:creator><dc:subject>Computer Science - Learning</dc:subject>\
     <dc:subject>68T05</dc:subject><dc:date>2017-11-13</dc:date><dc:identifier>http://arxiv.org/abs/1711.04702v1</dc:identifier>\
     </oai_dc:dc></metadata></record></GetRecord></OAI-PMH>",
    "{\"id\":\"2001.00001\",\"title\":\"T\",\"authors\":\"A B and C D\",\"categories\":\"cs.LG\",\"abstract\":\"a\",\
     \"versions\":[{\"version\":\"v1\",\"created\":\"Mon, 6 Jan 2020 10:00:00 GMT\"}],\"update_date\":\"2020-01-07\",\
     \"authors_parsed\":[[\"B\",\"A\",\"\"]]}\n{\"id\":\"2001.00002\"}\n",
    "<OAI-PMH><error code=\"badResumptionToken\">gone</error></OAI-PMH>",
];

/// A valid dump with a few edits, maybe gzipped; or arbitrary bytes.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let edit = (any::<usize>(), 0u8..4, any::<u8>(), 0usize..64);
    let mutated = (
        0..SEEDS.len(),
        proptest::collection::vec(edit, 0..6),
        any::<bool>(),
    )
        .prop_map(|(seed, edits, gzip)| {
            let mut bytes = SEEDS[seed].as_bytes().to_vec();
            for (at, kind, byte, len) in edits {
                if bytes.is_empty() {
                    break;
                }
                let at = at % bytes.len();
                match kind {
                    0 => bytes[at] = byte,
                    1 => bytes.truncate(at),
                    2 => {
                        let end = (at + len).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    _ => {
                        let copy: Vec<u8> = bytes[at..(at + len).min(bytes.len())].to_vec();
                        bytes.splice(at..at, copy);
                    }
                }
            }
            if gzip {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(&bytes).expect("memory");
                let mut gz = encoder.finish().expect("memory");
                if bytes.len().is_multiple_of(3) {
                    gz.truncate(gz.len() * 2 / 3);
                }
                gz
            } else {
                bytes
            }
        });
    prop_oneof![3 => mutated, 1 => proptest::collection::vec(any::<u8>(), 0..512)]
}

/// Reads `bytes` as a file whole, streaming, and with a limit too small for
/// it (read whole, found too long, opened again to stream): the number of
/// items (and errors) read each way.
fn read_each_way(bytes: &[u8]) -> [usize; 3] {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(bytes).expect("write");
    let count = |scratch: &mut Scratch| {
        let mut items = 0;
        let _ = read_one(file.path(), scratch, &mut |message, _| {
            if let Message::Item(_) = message {
                items += 1;
            }
            true
        });
        items
    };
    [
        count(&mut Scratch::default()),
        count(&mut Scratch::new(0)),
        count(&mut Scratch::new(64)),
    ]
}

fn read(bytes: &[u8]) -> usize {
    let [whole, streamed, too_long] = read_each_way(bytes);
    assert_eq!(whole, streamed, "read whole and streamed, the same items");
    assert_eq!(
        whole, too_long,
        "found too long and streamed, the same items"
    );
    whole
}

proptest! {
    #[test]
    fn id_and_date_parsers_never_panic(text in "\\PC{0,24}") {
        let _ = crate::id::ArxivId::parse(&text);
        let _ = super::normalize::to_iso_date(&text);
        let _ = super::normalize::split_raw_authors(&text);
        let _ = crate::id::Month::parse(&text);
    }
}

#[test]
fn a_date_cut_inside_a_character_is_no_date() {
    assert_eq!(super::normalize::to_iso_date("2013-02-0\u{265}x"), None);
    assert_eq!(super::normalize::to_iso_date("1 fe\u{265} 2013"), None);
    assert_eq!(crate::id::ArxivId::parse("arXi\u{265}1802.01548"), None);
}

#[test]
fn the_seeds_are_read() {
    assert_eq!(read(SEEDS[0].as_bytes()), 2);
    assert_eq!(read(SEEDS[1].as_bytes()), 1);
    assert_eq!(read(SEEDS[2].as_bytes()), 1);
    assert_eq!(read(SEEDS[3].as_bytes()), 2);
}

#[test]
fn readers_never_panic_on_mutated_or_arbitrary_input() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut cases = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: 300,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&input(), |bytes| {
                let started = Instant::now();
                read(&bytes);
                prop_assert!(
                    started.elapsed() < Duration::from_secs(5),
                    "slow on {} bytes",
                    bytes.len()
                );
                Ok(())
            })
            .expect("no input makes a reader panic");
        cases += 300;
        if Instant::now() >= deadline {
            break;
        }
    }
    assert!(cases >= 300);
}
