//! A synthetic arXiv in the exact OAI-PMH `arXiv` format of real harvests:
//! gzipped ListRecords pages with resumption tokens, monthly counts from
//! arXiv's real submission statistics, category, GAN and architecture shares
//! that move over the years as they did, and landmark papers at their real
//! ids. Every text is written from the project's own vocabulary.

mod text;

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::id::Month;
use crate::progress::Progress;

pub use text::{Landmark, LANDMARKS};

/// arXiv's monthly submissions (`month,submissions,historical_delta`),
/// source named in `data/README.md`.
const MONTHLY_SUBMISSIONS: &str = include_str!("../../data/monthly_submissions.csv");

/// The first month of new-style ids.
pub const FIRST_NEW_STYLE: Month = Month(2007 * 12 + 3);

/// The file `synth` writes last, naming its parameters and counts: its
/// presence means the folder is complete.
pub const DONE_FILE: &str = "SYNTH.txt";

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthConfig {
    /// Output folder (created).
    pub out: PathBuf,
    /// First month (clipped to 0704, the first new-style month).
    pub from: Month,
    /// Last month (clipped to the table's last).
    pub until: Month,
    /// 1.0 is arXiv's real volume.
    pub scale: f64,
    /// Seed of every draw.
    pub seed: u64,
    /// Records per ListRecords page (arXiv's is 1000).
    pub page_size: usize,
}

/// What `synth` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct SynthSummary {
    /// Output folder.
    pub out: PathBuf,
    /// Pages written.
    pub files: u64,
    /// Records written.
    pub records: u64,
    /// Gzipped bytes written.
    pub bytes: u64,
    /// First month (`YYMM`).
    pub first_month: String,
    /// Last month (`YYMM`).
    pub last_month: String,
    /// Seconds taken.
    pub seconds: f64,
}

/// The monthly submission table: (month, submissions), oldest first.
pub fn monthly_submissions() -> Vec<(Month, u64)> {
    MONTHLY_SUBMISSIONS
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.split(',');
            let month = Month::parse(parts.next()?)?;
            let count = parts.next()?.trim().parse().ok()?;
            Some((month, count))
        })
        .collect()
}

/// The last month of the table.
pub fn latest_month() -> Month {
    monthly_submissions()
        .last()
        .map(|&(m, _)| m)
        .unwrap_or(FIRST_NEW_STYLE)
}

/// The papers each month gets: the table's count times `scale`, rounded,
/// raised where a landmark's real number lies beyond it.
pub fn plan(from: Month, until: Month, scale: f64) -> Vec<(Month, u32)> {
    let from = Month(from.0.max(FIRST_NEW_STYLE.0));
    monthly_submissions()
        .into_iter()
        .filter(|&(m, _)| m >= from && m <= until)
        .map(|(month, submissions)| {
            let mut count = (submissions as f64 * scale).round() as u32;
            for landmark in LANDMARKS.iter().filter(|l| l.month() == month) {
                count = count.max(landmark.number());
            }
            (month, count)
        })
        .collect()
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The XML records of one month, concatenated, and their count.
fn month_records(seed: u64, month: Month, count: u32) -> Vec<u8> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(splitmix(seed ^ splitmix(month.0 as u64)));
    let mut out = Vec::with_capacity(count as usize * 1700);
    for number in 1..=count {
        let landmark = LANDMARKS
            .iter()
            .find(|l| l.month() == month && l.number() == number);
        text::record(&mut out, &mut rng, month, number, count, landmark);
    }
    out
}

fn page_head(out: &mut Vec<u8>, seed: u64, cursor: u64, until: Month) {
    let token = 1_000_000 + seed % 9_000_000;
    let request = if cursor == 0 {
        "metadataPrefix=\"arXiv\"".to_string()
    } else {
        format!("resumptionToken=\"{token}|{}\"", cursor + 1)
    };
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ \
         http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n<responseDate>{:04}-{:02}-28T00:00:00Z</responseDate>\n\
         <request verb=\"ListRecords\" {request}>http://export.arxiv.org/oai2</request>\n<ListRecords>\n",
        until.year(),
        until.month()
    );
}

fn page_tail(out: &mut Vec<u8>, seed: u64, cursor: u64, records: u64, total: u64) {
    let token = 1_000_000 + seed % 9_000_000;
    let next = cursor + records;
    if next < total {
        let _ = writeln!(
            out,
            "<resumptionToken cursor=\"{cursor}\" completeListSize=\"{total}\">{token}|{}</resumptionToken>",
            next + 1
        );
    } else {
        let _ = writeln!(
            out,
            "<resumptionToken cursor=\"{cursor}\" completeListSize=\"{total}\"></resumptionToken>"
        );
    }
    out.extend_from_slice(b"</ListRecords>\n</OAI-PMH>\n");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::fast(),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Writes the synthetic harvest into `config.out` as `page-NNNNN.xml.gz`,
/// then [`DONE_FILE`]. The same parameters give the same bytes.
pub fn synth(config: &SynthConfig, progress: &dyn Progress) -> Result<SynthSummary> {
    let started = Instant::now();
    if !(config.scale > 0.0 && config.scale <= 100.0) {
        return Err(Error::Invalid(format!(
            "--scale {}: expected a number in (0, 100]",
            config.scale
        )));
    }
    let plan = plan(config.from, config.until, config.scale);
    let (Some(&(first, _)), Some(&(last, _))) = (plan.first(), plan.last()) else {
        return Err(Error::Invalid(format!(
            "no month of the table ({}..{}) lies in {}..{}",
            FIRST_NEW_STYLE,
            latest_month(),
            config.from,
            config.until
        )));
    };
    let total: u64 = plan.iter().map(|&(_, n)| n as u64).sum();
    fs::create_dir_all(&config.out).map_err(|e| Error::io(&config.out, e))?;
    let _ = fs::remove_file(config.out.join(DONE_FILE));
    for entry in fs::read_dir(&config.out).map_err(|e| Error::io(&config.out, e))? {
        let path = entry.map_err(|e| Error::io(&config.out, e))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("page-") && name.ends_with(".xml.gz") {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    progress.start("synth", Some(total));
    let page_size = config.page_size.max(1) as u64;
    let mut summary = SynthSummary {
        out: config.out.clone(),
        files: 0,
        records: 0,
        bytes: 0,
        first_month: format!("{first}"),
        last_month: format!("{last}"),
        seconds: 0.0,
    };
    let threads = rayon::current_num_threads().max(1);
    let mut page = Vec::new();
    let mut in_page = 0u64;
    let mut cursor = 0u64;
    let mut ready: Vec<Vec<u8>> = Vec::new();
    let write_pages = |ready: &mut Vec<Vec<u8>>, summary: &mut SynthSummary| -> Result<()> {
        let compressed: Vec<Vec<u8>> = ready.par_iter().map(|p| gzip(p)).collect();
        for bytes in compressed {
            summary.files += 1;
            let path = config.out.join(format!("page-{:05}.xml.gz", summary.files));
            fs::write(&path, &bytes).map_err(|e| Error::io(&path, e))?;
            summary.bytes += bytes.len() as u64;
        }
        ready.clear();
        Ok(())
    };
    for chunk in plan.chunks(threads * 2) {
        let months: Vec<(Vec<u8>, u32)> = chunk
            .par_iter()
            .map(|&(month, count)| (month_records(config.seed, month, count), count))
            .collect();
        for (bytes, count) in months {
            // Records end with "</record>\n": split the month at those ends.
            let mut at = 0;
            for _ in 0..count {
                if in_page == 0 {
                    page_head(&mut page, config.seed, cursor, last);
                }
                let end = memchr::memmem::find(&bytes[at..], b"</record>\n")
                    .map(|i| at + i + 10)
                    .unwrap_or(bytes.len());
                page.extend_from_slice(&bytes[at..end]);
                at = end;
                in_page += 1;
                summary.records += 1;
                if in_page == page_size {
                    page_tail(&mut page, config.seed, cursor, in_page, total);
                    cursor += in_page;
                    in_page = 0;
                    ready.push(std::mem::take(&mut page));
                }
            }
            progress.advance(count as u64);
        }
        write_pages(&mut ready, &mut summary)?;
    }
    if in_page > 0 {
        page_tail(&mut page, config.seed, cursor, in_page, total);
        ready.push(page);
        write_pages(&mut ready, &mut summary)?;
    }
    progress.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    let done = config.out.join(DONE_FILE);
    fs::write(&done, done_text(config, &summary)).map_err(|e| Error::io(&done, e))?;
    Ok(summary)
}

/// The text of [`DONE_FILE`]: the parameters (what makes two folders the
/// same) and the counts.
pub fn done_text(config: &SynthConfig, summary: &SynthSummary) -> String {
    format!(
        "{}records {}\npages {}\n",
        parameters_text(config),
        summary.records,
        summary.files
    )
}

/// The parameters line of [`DONE_FILE`].
pub fn parameters_text(config: &SynthConfig) -> String {
    format!(
        "arxiv-descent synth: synthetic arXiv metadata, not real papers\nfrom {} until {} scale {} seed {} page-size {}\n",
        Month(config.from.0.max(FIRST_NEW_STYLE.0)),
        config.until,
        config.scale,
        config.seed,
        config.page_size
    )
}

/// Whether `config.out` already holds a complete harvest of `config`.
pub fn is_complete(config: &SynthConfig) -> bool {
    fs::read_to_string(config.out.join(DONE_FILE))
        .is_ok_and(|text| text.starts_with(&parameters_text(config)))
}

/// Draws a uniform number in [0, 1) (53 bits).
fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Draws an index below `n`.
fn below(rng: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_follows_the_table_and_holds_the_landmarks() {
        let plan = plan(
            Month::parse("1801").unwrap(),
            Month::parse("1812").unwrap(),
            1.0,
        );
        assert_eq!(plan.len(), 12);
        let table = monthly_submissions();
        for (month, count) in &plan {
            let real = table.iter().find(|(m, _)| m == month).unwrap().1;
            assert_eq!(*count as u64, real, "{month}");
        }
        let small = super::plan(
            Month::parse("1802").unwrap(),
            Month::parse("1802").unwrap(),
            0.01,
        );
        assert!(
            small[0].1 >= 1548,
            "AmoebaNet's number is kept: {}",
            small[0].1
        );
        assert_eq!(
            super::plan(
                Month::parse("0001").unwrap(),
                Month::parse("0705").unwrap(),
                1.0
            )[0]
            .0,
            FIRST_NEW_STYLE
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_records() {
        let month = Month::parse("1710").unwrap();
        assert_eq!(month_records(5, month, 50), month_records(5, month, 50));
        assert_ne!(month_records(5, month, 50), month_records(6, month, 50));
    }
}
