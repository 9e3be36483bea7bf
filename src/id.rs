//! arXiv identifiers: parsing every form dumps use, canonical text, and months.

use std::fmt;

/// A calendar month, counted as `year * 12 + (month - 1)` so that months
/// subtract and add by the Gregorian calendar (`1712` + 1 is `1801`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub u32);

impl Month {
    /// The month of a four-digit `YYMM` as written in arXiv ids (`91`-`99`
    /// are the 1990s, `00`-`90` the 2000s).
    pub fn from_yymm(yymm: u32) -> Option<Month> {
        let yy = yymm / 100;
        let mm = yymm % 100;
        if yymm > 9999 || !(1..=12).contains(&mm) {
            return None;
        }
        let year = if yy >= 91 { 1900 + yy } else { 2000 + yy };
        Some(Month(year * 12 + mm - 1))
    }

    /// The month of a calendar year and month (1-12).
    pub fn from_year_month(year: u32, month: u32) -> Option<Month> {
        if !(1..=12).contains(&month) || !(1991..=2090).contains(&year) {
            return None;
        }
        Some(Month(year * 12 + month - 1))
    }

    /// Parses `YYMM` (`1712`) or `YYYY-MM` (`2017-12`).
    pub fn parse(text: &str) -> Option<Month> {
        let text = text.trim();
        if let Some((year, month)) = text.split_once('-') {
            return Month::from_year_month(year.parse().ok()?, month.parse().ok()?);
        }
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Month::from_yymm(text.parse().ok()?);
        }
        None
    }

    /// Calendar year.
    pub fn year(self) -> u32 {
        self.0 / 12
    }

    /// Calendar month, 1-12.
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }

    /// The `YYMM` number arXiv ids use.
    pub fn yymm(self) -> u32 {
        (self.year() % 100) * 100 + self.month()
    }

    /// The next calendar month.
    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    /// The previous calendar month.
    pub fn prev(self) -> Month {
        Month(self.0 - 1)
    }

    /// How many digits a new-style submission number has in this month:
    /// four up to `1412`, five from `1501`.
    pub fn number_digits(self) -> usize {
        if self.year() >= 2015 {
            5
        } else {
            4
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.yymm())
    }
}

/// An arXiv identifier without its version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArxivId {
    /// `0704.0001`, `1501.00001`: the descent space.
    New {
        /// The month.
        month: Month,
        /// The submission number, from 1.
        number: u32,
    },
    /// `cs/9901001`, `math.GT/0309136`: searchable, not walked.
    Old {
        /// The archive (`cs`, `hep-th`, `math.GT`).
        archive: String,
        /// The month.
        month: Month,
        /// The number within the archive's month.
        number: u32,
    },
}

impl ArxivId {
    /// Parses an id in any of the forms dumps and users write: bare
    /// (`0704.0001`, `cs/9901001`), with a version (`v2`), with an `arXiv:`
    /// prefix, as an OAI identifier (`oai:arXiv.org:0704.0001`) or as an abs
    /// URL (`http://arxiv.org/abs/0704.0001v1`).
    pub fn parse(text: &str) -> Option<ArxivId> {
        let mut s = text.trim();
        for prefix in ["oai:arXiv.org:", "oai:arxiv.org:"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest;
            }
        }
        // A URL holds slashes; a bare id at most one (only these are common).
        if s.matches('/').nth(1).is_some() {
            if let Some(pos) = s.find("arxiv.org/abs/") {
                s = &s[pos + "arxiv.org/abs/".len()..];
            } else if let Some(pos) = s.find("arxiv.org/pdf/") {
                s = &s[pos + "arxiv.org/pdf/".len()..];
                s = s.strip_suffix(".pdf").unwrap_or(s);
            }
        }
        if s.len() > 6 && s.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("arxiv:")) {
            s = &s[6..];
        }
        let s = strip_version(s);
        if let Some((archive, rest)) = s.split_once('/') {
            if archive.is_empty()
                || !archive
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'.')
                || rest.len() != 7
                || !rest.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let month = Month::from_yymm(rest[..4].parse().ok()?)?;
            let number = rest[4..].parse().ok()?;
            return Some(ArxivId::Old {
                archive: archive.to_string(),
                month,
                number,
            });
        }
        let (yymm, number) = s.split_once('.')?;
        if yymm.len() != 4
            || !(4..=5).contains(&number.len())
            || !yymm.bytes().all(|b| b.is_ascii_digit())
            || !number.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let month = Month::from_yymm(yymm.parse().ok()?)?;
        if month.number_digits() != number.len() || month < Month::from_yymm(704)? {
            return None;
        }
        let number: u32 = number.parse().ok()?;
        if number == 0 {
            return None;
        }
        Some(ArxivId::New { month, number })
    }

    /// A new-style id from its point in the descent space.
    pub fn new_style(month: Month, number: u32) -> ArxivId {
        ArxivId::New { month, number }
    }

    /// The month the id was assigned in.
    pub fn month(&self) -> Month {
        match self {
            ArxivId::New { month, .. } | ArxivId::Old { month, .. } => *month,
        }
    }

    /// The submission number within the month.
    pub fn number(&self) -> u32 {
        match self {
            ArxivId::New { number, .. } | ArxivId::Old { number, .. } => *number,
        }
    }

    /// Whether the id is new-style (part of the descent space).
    pub fn is_new_style(&self) -> bool {
        matches!(self, ArxivId::New { .. })
    }
}

fn strip_version(s: &str) -> &str {
    if let Some(pos) = s.rfind('v') {
        let tail = &s[pos + 1..];
        if pos > 0 && !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
            return &s[..pos];
        }
    }
    s
}

impl fmt::Display for ArxivId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArxivId::New { month, number } => {
                write!(f, "{month}.{number:0width$}", width = month.number_digits())
            }
            ArxivId::Old {
                archive,
                month,
                number,
            } => write!(f, "{archive}/{month}{number:03}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            ArxivId::parse(input).map(|id| id.to_string()).as_deref(),
            expected,
            "{input}"
        );
    }

    #[test]
    fn parses_every_form() {
        check("0704.0001", Some("0704.0001"));
        check("0704.0001v3", Some("0704.0001"));
        check("arXiv:1501.00001v1", Some("1501.00001"));
        check("oai:arXiv.org:1603.01251", Some("1603.01251"));
        check("http://arxiv.org/abs/1802.01548v7", Some("1802.01548"));
        check("https://arxiv.org/pdf/1710.09829.pdf", Some("1710.09829"));
        check("cs/9901001", Some("cs/9901001"));
        check("oai:arXiv.org:hep-th/0408048", Some("hep-th/0408048"));
        check("math.GT/0309136v2", Some("math.GT/0309136"));
        check("1412.12345", None);
        check("1501.0001", None);
        check("0703.0001", None);
        check("1713.0001", None);
        check("not an id", None);
        check("1501.00000", None);
    }

    #[test]
    fn month_arithmetic_is_gregorian() {
        let dec = Month::parse("1712").unwrap();
        assert_eq!(dec.next().to_string(), "1801");
        assert_eq!(Month::parse("1801").unwrap().prev(), dec);
        assert_eq!(Month::parse("2017-12").unwrap(), dec);
        assert_eq!(Month::parse("9901").unwrap().year(), 1999);
        assert_eq!(Month::parse("1412").unwrap().number_digits(), 4);
        assert_eq!(Month::parse("1501").unwrap().number_digits(), 5);
    }
}
