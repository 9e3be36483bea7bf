//! Full-text search: tantivy's query syntax over title, abstract, authors
//! and categories, with hyphenated terms read as phrases, arXiv ids looked
//! up directly, filters, date or relevance order, explanations and snippets.

use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, Term};

use crate::error::{Error, Result};
use crate::id::{ArxivId, Month};
use crate::index::PaperIndex;
use crate::paper::Paper;
use crate::query::TagFilter;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sort {
    /// BM25 score, best first.
    #[default]
    Relevance,
    /// Submission date, newest first.
    Date,
}

/// One search request.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query text (tantivy syntax, or an arXiv id).
    pub query: String,
    /// Tag and category filters.
    pub filter: TagFilter,
    /// First month of the id (inclusive).
    pub from: Option<Month>,
    /// Last month of the id (inclusive).
    pub until: Option<Month>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Order.
    pub sort: Sort,
    /// Explain each hit's score.
    pub explain: bool,
    /// Highlight the matching part of each abstract.
    pub snippets: bool,
}

/// One hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The paper.
    #[serde(flatten)]
    pub paper: Paper,
    /// BM25 score (0 for id look-ups and pure filters).
    pub score: f32,
    /// The matching part of the abstract, terms marked `**like this**`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// Why the hit scored as it did (tantivy's explanation, as JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
}

/// The answer to a request.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Papers matching (before limit and offset).
    pub total: u64,
    /// The hits asked for.
    pub hits: Vec<Hit>,
}

/// Field prefixes a query may use, for `--help` and error messages.
pub const FIELD_HELP: &str =
    "title:, abstract:, authors:, cat: (cs.CV), arch: (ResNet), id:, exact: (unstemmed title)";

/// A reusable searcher: one per process, many queries.
pub struct Search<'a> {
    index: &'a PaperIndex,
    searcher: Searcher,
    parser: QueryParser,
}

/// Rewrites phrases for the fields they search. Hyphenated words outside
/// quotes become phrases (`meta-learning`, `title:U-Net`), so a hyphen
/// inside a word never reads as a negation; a leading `-` stays a negation.
/// A phrase with no field prefix and no `~`/`^` after it also searches the
/// unstemmed title: `"image classification"` becomes
/// `("image classification" OR exact:"image classification"^1.5)`. Plain
/// words search the stemmed fields only.
pub fn quote_hyphenated(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 16);
    let mut word = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut phrase = String::new();
                let mut closed = false;
                for p in chars.by_ref() {
                    if p == '"' {
                        closed = true;
                        break;
                    }
                    phrase.push(p);
                }
                let operator_after = matches!(chars.peek(), Some('~' | '^'));
                let sign_only = matches!(word.as_str(), "" | "+" | "-");
                out.push_str(&word);
                if closed && sign_only && !operator_after && !phrase.trim().is_empty() {
                    out.push_str(&with_exact(&phrase));
                } else {
                    out.push('"');
                    out.push_str(&phrase);
                    if closed {
                        out.push('"');
                    }
                }
                word.clear();
            }
            c if c.is_whitespace() || "()[]{}^~".contains(c) => {
                out.push_str(&quote_word(&word));
                word.clear();
                out.push(c);
            }
            c => word.push(c),
        }
    }
    out.push_str(&quote_word(&word));
    out
}

/// A phrase over the default fields and, boosted, the unstemmed title.
fn with_exact(phrase: &str) -> String {
    format!("(\"{phrase}\" OR exact:\"{phrase}\"^1.5)")
}

fn quote_word(word: &str) -> String {
    // Split an optional leading operator and field prefix off the value.
    let (sign, rest) = match word.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &word[1..]),
        _ => (String::new(), word),
    };
    let (field, value) = match rest.find(':') {
        Some(at)
            if rest[..at]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            (&rest[..=at], &rest[at + 1..])
        }
        _ => ("", rest),
    };
    let hyphenated = value.contains('-')
        && !value.starts_with('-')
        && !value.ends_with('-')
        && value
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(char::is_alphanumeric));
    // Category and architecture values are raw terms: leave them to the parser.
    if hyphenated && field.is_empty() {
        format!("{sign}{}", with_exact(value))
    } else if hyphenated && !matches!(field, "cat:" | "arch:" | "id:") {
        format!("{sign}{field}\"{value}\"")
    } else {
        word.to_string()
    }
}

impl<'a> Search<'a> {
    /// A searcher over the index's last commit.
    pub fn new(index: &'a PaperIndex) -> Search<'a> {
        let fields = &index.fields;
        let mut parser = QueryParser::for_index(
            &index.index,
            vec![fields.title, fields.abstract_text, fields.authors],
        );
        parser.set_field_boost(fields.title, 2.0);
        parser.set_field_boost(fields.authors, 1.5);
        Search {
            index,
            searcher: index.searcher(),
            parser,
        }
    }

    /// Parses the query text into a tantivy query (ids become id terms).
    pub fn parse(&self, text: &str) -> Result<Box<dyn Query>> {
        let fields = &self.index.fields;
        let trimmed = text.trim();
        if !trimmed.contains(char::is_whitespace) {
            if let Some(id) = ArxivId::parse(trimmed).filter(|_| looks_like_id(trimmed)) {
                return Ok(Box::new(TermQuery::new(
                    Term::from_field_text(fields.id, &id.to_string()),
                    IndexRecordOption::Basic,
                )));
            }
        }
        let rewritten = quote_hyphenated(trimmed);
        let rewritten = rewrite_aliases(&rewritten);
        tracing::debug!(query = text, rewritten = %rewritten, "search query");
        self.parser.parse_query(&rewritten).map_err(|e| {
            Error::Query(format!(
                "cannot read the query {text:?}: {e} (fields: {FIELD_HELP}; operators AND, OR, -term, \"phrase\")"
            ))
        })
    }

    /// Runs a request.
    pub fn run(&self, request: &SearchRequest) -> Result<SearchResults> {
        let fields = &self.index.fields;
        let text_query: Option<Box<dyn Query>> = if request.query.trim().is_empty() {
            None
        } else {
            Some(self.parse(&request.query)?)
        };
        let mut clauses = request.filter.clauses(fields);
        if request.from.is_some() || request.until.is_some() {
            let key = |m: Month| (m.year() * 100 + m.month()) as u64;
            let lower = request.from.map_or(Bound::Unbounded, |m| {
                Bound::Included(Term::from_field_u64(fields.month, key(m)))
            });
            let upper = request.until.map_or(Bound::Unbounded, |m| {
                Bound::Included(Term::from_field_u64(fields.month, key(m)))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        let query: Box<dyn Query> = match (text_query, clauses.is_empty()) {
            (Some(text), true) => text,
            (Some(text), false) => {
                // Filters must match but add nothing to the score.
                let mut all = vec![(Occur::Must, text)];
                all.extend(clauses.into_iter().map(|(occur, q)| {
                    (
                        occur,
                        Box::new(tantivy::query::ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>,
                    )
                }));
                Box::new(BooleanQuery::new(all))
            }
            (None, false) => Box::new(BooleanQuery::new(clauses)),
            (None, true) => Box::new(tantivy::query::AllQuery),
        };
        let fail = |e| Error::index(self.index.path(), e);
        let limit = request.limit.max(1);
        let addresses: Vec<(f32, DocAddress)> = match request.sort {
            Sort::Relevance => {
                let collector = TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_score();
                if request.limit == 0 {
                    Vec::new()
                } else {
                    self.searcher
                        .search(query.as_ref(), &collector)
                        .map_err(fail)?
                }
            }
            Sort::Date => {
                let collector = TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_fast_field::<u64>("created", Order::Desc);
                let hits: Vec<(Option<u64>, DocAddress)> = if request.limit == 0 {
                    Vec::new()
                } else {
                    self.searcher
                        .search(query.as_ref(), &collector)
                        .map_err(fail)?
                };
                hits.into_iter()
                    .map(|(_, address)| (0.0, address))
                    .collect()
            }
        };
        let total = self.searcher.search(query.as_ref(), &Count).map_err(fail)? as u64;
        let snippets = if request.snippets {
            Some(
                SnippetGenerator::create(&self.searcher, query.as_ref(), fields.abstract_text)
                    .map_err(fail)?,
            )
        } else {
            None
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let paper = self.index.paper_at(&self.searcher, address)?;
            let score = if request.sort == Sort::Date && !request.query.trim().is_empty() {
                query
                    .explain(&self.searcher, address)
                    .map(|e| e.value())
                    .unwrap_or(0.0)
            } else {
                score
            };
            let explanation = if request.explain {
                let explanation = query.explain(&self.searcher, address).map_err(fail)?;
                Some(
                    serde_json::from_str(&explanation.to_pretty_json())
                        .unwrap_or(serde_json::Value::Null),
                )
            } else {
                None
            };
            let snippet = snippets
                .as_ref()
                .map(|generator| mark(&generator.snippet(&paper.abstract_text)));
            hits.push(Hit {
                paper,
                score,
                snippet,
                explanation,
            });
        }
        Ok(SearchResults { total, hits })
    }
}

/// Whether the text is written as an id (digits and dots, an archive slash,
/// an `arXiv:` prefix or an abs URL), so `1802.01548` is a look-up but a
/// word never is.
fn looks_like_id(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("arxiv:")
        || lower.contains("arxiv.org/")
        || text.chars().next().is_some_and(|c| c.is_ascii_digit())
        || (text.contains('/') && text.chars().last().is_some_and(|c| c.is_ascii_digit()))
}

/// Lets users write `author:` and `category:` for the `authors` and `cat`
/// fields, and maps category values through unchanged.
fn rewrite_aliases(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut in_quotes = false;
    let mut at_word_start = true;
    let mut rest = query;
    while let Some(c) = rest.chars().next() {
        if !in_quotes && at_word_start {
            for (alias, field) in [
                ("author:", "authors:"),
                ("category:", "cat:"),
                ("architecture:", "arch:"),
            ] {
                if rest
                    .get(..alias.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(alias))
                {
                    out.push_str(field);
                    rest = &rest[alias.len()..];
                    break;
                }
            }
            if !rest.starts_with(c) {
                at_word_start = false;
                continue;
            }
        }
        if c == '"' {
            in_quotes = !in_quotes;
        }
        at_word_start = c.is_whitespace() || "(+-".contains(c);
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A snippet's fragment with its highlighted ranges marked `**...**`.
fn mark(snippet: &tantivy::snippet::Snippet) -> String {
    let fragment = snippet.fragment();
    let mut out = String::with_capacity(fragment.len() + 16);
    let mut at = 0;
    for range in snippet.highlighted() {
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        out.push_str(&fragment[at..range.start]);
        out.push_str("**");
        out.push_str(&fragment[range.clone()]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&fragment[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_words_and_phrases_are_rewritten() {
        let check =
            |input: &str, expected: &str| assert_eq!(quote_hyphenated(input), expected, "{input}");
        let exact = |p: &str| format!("(\"{p}\" OR exact:\"{p}\"^1.5)");
        check("meta-learning", &exact("meta-learning"));
        check(
            "U-Net segmentation",
            &format!("{} segmentation", exact("U-Net")),
        );
        check("title:ResNet-50", "title:\"ResNet-50\"");
        check("-negated word", "-negated word");
        check("+must-have", &format!("+{}", exact("must-have")));
        check(
            "\"already-quoted phrase\" x-y",
            &format!("{} {}", exact("already-quoted phrase"), exact("x-y")),
        );
        check("(a-b OR c)", &format!("({} OR c)", exact("a-b")));
        check("cat:cs.CV gan", "cat:cs.CV gan");
        check("a - b", "a - b");
        check("-\"two words\"", &format!("-{}", exact("two words")));
        check("title:\"two words\"", "title:\"two words\"");
        check("\"two words\"~2", "\"two words\"~2");
        check("\"two words\"^3 x", "\"two words\"^3 x");
        check("\"unclosed phrase", "\"unclosed phrase");
        check("\"\"", "\"\"");
    }

    #[test]
    fn aliases_are_rewritten_outside_quotes() {
        assert_eq!(rewrite_aliases("author:hinton"), "authors:hinton");
        assert_eq!(rewrite_aliases("Category:cs.CV AND x"), "cat:cs.CV AND x");
        assert_eq!(rewrite_aliases("\"author: x\""), "\"author: x\"");
        assert_eq!(rewrite_aliases("-architecture:VGG"), "-arch:VGG");
    }

    proptest::proptest! {
        #[test]
        fn query_rewrites_never_panic(text in "\\PC{0,40}") {
            let _ = rewrite_aliases(&quote_hyphenated(&text));
            let _ = looks_like_id(&text);
        }
    }

    #[test]
    fn ids_are_recognised_but_words_are_not() {
        assert!(looks_like_id("1802.01548"));
        assert!(looks_like_id("arXiv:1802.01548v2"));
        assert!(looks_like_id("cs/9901001"));
        assert!(!looks_like_id("learning"));
    }
}
