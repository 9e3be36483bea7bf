//! Questions asked of the paper index: one paper, corpus statistics,
//! full-text search.

use serde::Serialize;
use serde_json::json;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::error::{Error, Result};
use crate::index::{Fields, PaperIndex};

pub mod search;

/// An architecture and how many papers name it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArchitectureCount {
    /// Canonical name.
    pub name: String,
    /// Papers naming it.
    pub count: u64,
}

/// Index statistics.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Live papers.
    pub papers: u64,
    /// Papers with new-style ids (the descent space).
    pub new_style: u64,
    /// Earliest month of a new-style id (`YYMM`).
    pub first_month: Option<String>,
    /// Latest month of a new-style id (`YYMM`).
    pub last_month: Option<String>,
    /// Months with at least one new-style paper.
    pub months: u64,
    /// Papers tagged `cv`.
    pub cv: u64,
    /// Papers tagged `gan`.
    pub gan: u64,
    /// Architectures named, most frequent first.
    pub architectures: Vec<ArchitectureCount>,
}

/// One month's count, for `stats --by month`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MonthCount {
    /// `YYMM`.
    pub month: String,
    /// Papers.
    pub papers: u64,
}

/// Filters on tags and category, shared by stats and search.
#[derive(Debug, Clone, Default)]
pub struct TagFilter {
    /// Only `cv` papers.
    pub cv: bool,
    /// Only `gan` papers.
    pub gan: bool,
    /// Only papers listing this category.
    pub category: Option<String>,
    /// Only papers naming this architecture (canonical name).
    pub architecture: Option<String>,
}

impl TagFilter {
    /// The filter's clauses as `Must` sub-queries.
    pub fn clauses(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term = |term: Term| -> Box<dyn Query> {
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        if self.cv {
            clauses.push((Occur::Must, term(Term::from_field_u64(fields.cv, 1))));
        }
        if self.gan {
            clauses.push((Occur::Must, term(Term::from_field_u64(fields.gan, 1))));
        }
        if let Some(category) = &self.category {
            clauses.push((
                Occur::Must,
                term(Term::from_field_text(fields.category, category)),
            ));
        }
        if let Some(architecture) = &self.architecture {
            clauses.push((
                Occur::Must,
                term(Term::from_field_text(fields.architecture, architecture)),
            ));
        }
        clauses
    }

    /// The filter as a query (all papers when empty).
    pub fn query(&self, fields: &Fields) -> Box<dyn Query> {
        let clauses = self.clauses(fields);
        if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }
}

fn aggregate(
    index: &PaperIndex,
    searcher: &Searcher,
    query: &dyn Query,
    request: serde_json::Value,
) -> Result<serde_json::Value> {
    let aggregations: Aggregations = serde_json::from_value(request)
        .map_err(|e| Error::Invalid(format!("aggregation request: {e}")))?;
    let collector = AggregationCollector::from_aggs(aggregations, Default::default());
    let results: AggregationResults = searcher
        .search(query, &collector)
        .map_err(|e| Error::index(index.path(), e))?;
    serde_json::to_value(results).map_err(|e| Error::Invalid(format!("aggregation result: {e}")))
}

fn count(index: &PaperIndex, searcher: &Searcher, query: &dyn Query) -> Result<u64> {
    Ok(searcher
        .search(query, &Count)
        .map_err(|e| Error::index(index.path(), e))? as u64)
}

/// `YYYYMM` as `YYMM`.
fn yymm(month_key: u64) -> String {
    format!("{:02}{:02}", (month_key / 100) % 100, month_key % 100)
}

/// Computes the index statistics.
pub fn stats(index: &PaperIndex) -> Result<Stats> {
    let searcher = index.searcher();
    let fields = &index.fields;
    let new_style_query = TermQuery::new(
        Term::from_field_u64(fields.new_style, 1),
        IndexRecordOption::Basic,
    );
    let months = aggregate(
        index,
        &searcher,
        &new_style_query,
        json!({
            "first": { "min": { "field": "month" } },
            "last": { "max": { "field": "month" } },
            "months": { "cardinality": { "field": "month" } },
        }),
    )?;
    let architectures = aggregate(
        index,
        &searcher,
        &AllQuery,
        json!({ "arch": { "terms": { "field": "arch", "size": 10000 } } }),
    )?;
    let month_of = |name: &str| months[name]["value"].as_f64().map(|v| yymm(v as u64));
    let mut architectures: Vec<ArchitectureCount> = architectures["arch"]["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|b| {
                    Some(ArchitectureCount {
                        name: b["key"].as_str()?.to_string(),
                        count: b["doc_count"].as_u64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    architectures.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    let new_style = count(index, &searcher, &new_style_query)?;
    let tag = |field| TermQuery::new(Term::from_field_u64(field, 1), IndexRecordOption::Basic);
    Ok(Stats {
        papers: searcher.num_docs(),
        new_style,
        first_month: if new_style > 0 {
            month_of("first")
        } else {
            None
        },
        last_month: if new_style > 0 {
            month_of("last")
        } else {
            None
        },
        months: months["months"]["value"].as_f64().unwrap_or(0.0) as u64,
        cv: count(index, &searcher, &tag(fields.cv))?,
        gan: count(index, &searcher, &tag(fields.gan))?,
        architectures,
    })
}

/// Paper counts per month of the id (new-style and old-style ids alike),
/// from a tantivy histogram aggregation, oldest first; months with no paper
/// inside the range are listed with 0.
pub fn stats_by_month(index: &PaperIndex, filter: &TagFilter) -> Result<Vec<MonthCount>> {
    let searcher = index.searcher();
    let query = filter.query(&index.fields);
    let result = aggregate(
        index,
        &searcher,
        query.as_ref(),
        json!({ "by_month": { "terms": { "field": "month", "size": 100000, "order": { "_key": "asc" } } } }),
    )?;
    let mut counts: Vec<(u64, u64)> = result["by_month"]["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|b| Some((b["key"].as_f64()? as u64, b["doc_count"].as_u64()?)))
                .collect()
        })
        .unwrap_or_default();
    counts.sort();
    let mut out = Vec::new();
    if let (Some(&(first, _)), Some(&(last, _))) = (counts.first(), counts.last()) {
        let mut lookup = counts.into_iter().peekable();
        let mut month = first;
        while month <= last {
            let papers = match lookup.peek() {
                Some(&(m, n)) if m == month => {
                    lookup.next();
                    n
                }
                _ => 0,
            };
            out.push(MonthCount {
                month: yymm(month),
                papers,
            });
            month = if month % 100 == 12 {
                month + 89
            } else {
                month + 1
            };
        }
    }
    Ok(out)
}
