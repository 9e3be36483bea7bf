//! Normalising what the formats write differently: author names, author
//! strings, and dates.

use crate::paper::{collapse_whitespace, push_collapsed};

/// A display name from the parts `arXiv` writes: "Forenames Keyname Suffix".
pub fn display_name(forenames: &str, keyname: &str, suffix: &str) -> String {
    let mut name = String::with_capacity(forenames.len() + keyname.len() + suffix.len() + 2);
    for part in [forenames, keyname, suffix] {
        push_collapsed(&mut name, part.trim());
    }
    name
}

/// Splits an `arXivRaw` / snapshot author string ("A. One, B. Two and C.
/// Three (MIT)") into names: commas and " and " separate, affiliations in
/// parentheses are dropped, TeX accents are kept as written.
pub fn split_raw_authors(text: &str) -> Vec<String> {
    let text = collapse_whitespace(text);
    let mut names = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let flush = |current: &mut String, names: &mut Vec<String>| {
        let name = collapse_whitespace(current);
        let name = name.trim_matches(|c: char| c == ',' || c.is_whitespace());
        if !name.is_empty() {
            names.push(name.to_string());
        }
        current.clear();
    };
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ',' => flush(&mut current, &mut names),
            ' ' if text[index..].starts_with(" and ") => {
                flush(&mut current, &mut names);
                for _ in 0..4 {
                    chars.next();
                }
            }
            _ => current.push(ch),
        }
    }
    flush(&mut current, &mut names);
    names
}

/// A date in any form the formats use (`2013-02-08`, `Fri, 8 Feb 2013
/// 21:00:01 GMT`, `2013-02-08T21:00:01Z`) as `YYYY-MM-DD`.
pub fn to_iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4].iter().all(u8::is_ascii_digit)
    {
        if let Some(date) = text.get(..10) {
            return Some(date.to_string());
        }
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for window in words.windows(3) {
        let (day, month, year) = (window[0], window[1], window[2]);
        let Some(month) = MONTHS
            .iter()
            .position(|m| month.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(m)))
        else {
            continue;
        };
        let (Ok(day), Ok(year)) = (day.parse::<u32>(), year.parse::<u32>()) else {
            continue;
        };
        if (1..=31).contains(&day) && (1000..=9999).contains(&year) {
            return Some(format!("{year:04}-{:02}-{day:02}", month + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(display_name("John", "Smith", "Jr"), "John Smith Jr");
        assert_eq!(
            display_name("", "Planck Collaboration", ""),
            "Planck Collaboration"
        );
        assert_eq!(display_name(" Ana  Maria ", "Lopez", ""), "Ana Maria Lopez");
    }

    #[test]
    fn raw_authors() {
        assert_eq!(
            split_raw_authors("Joshua Berger, Maxim Perelstein, Michael Saelim and Philip Tanedo"),
            vec![
                "Joshua Berger",
                "Maxim Perelstein",
                "Michael Saelim",
                "Philip Tanedo"
            ]
        );
        assert_eq!(
            split_raw_authors("C. Bal\\'azs, E. L. Berger (ANL, Chicago), C.-P. Yuan"),
            vec!["C. Bal\\'azs", "E. L. Berger", "C.-P. Yuan"]
        );
        assert_eq!(split_raw_authors("Solo\n  Author"), vec!["Solo Author"]);
        assert_eq!(
            split_raw_authors("Alexander Anderson"),
            vec!["Alexander Anderson"]
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            to_iso_date("Fri, 8 Feb 2013 21:00:01 GMT").as_deref(),
            Some("2013-02-08")
        );
        assert_eq!(
            to_iso_date("Mon, 2 Apr 2007 19:18:42 GMT").as_deref(),
            Some("2007-04-02")
        );
        assert_eq!(to_iso_date("2016-03-09").as_deref(), Some("2016-03-09"));
        assert_eq!(
            to_iso_date("2016-03-09T00:35:38Z").as_deref(),
            Some("2016-03-09")
        );
        assert_eq!(to_iso_date("soon"), None);
    }
}
