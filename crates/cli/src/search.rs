//! `carrel search`: the search box on the command line (query syntax, sorts, facets, paging).

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use carrel::catalogue::{search_request, FacetFilter, SearchRequest, SortOrder};
use carrel::Error;

use crate::{emit, now, print_json};

#[derive(Args)]
pub struct SearchArgs {
    /// What to search for (see docs/search.md: words, "phrases", prefix*, OR, -word, title:,
    /// author:, subject:, isbn:, callno:, barcode:, year:1990-2000). Empty lists every record.
    query: String,
    /// Order of the results.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,
    /// At most this many records (1-500).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Only records with this facet value, as FACET=VALUE (repeatable; e.g. language=fre,
    /// subject="Contracts -- England", decade=1990, location=Main, availability=available).
    #[arg(long = "filter", value_name = "FACET=VALUE")]
    filters: Vec<String>,
    /// Count facet values (subject, format, item type, location, availability, language, decade).
    #[arg(long)]
    facets: bool,
    /// Start after this cursor (the `next` of a previous page).
    #[arg(long, value_name = "CURSOR")]
    after: Option<String>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Relevance,
    Title,
    Author,
    DateAsc,
    DateDesc,
    CallNumber,
}

pub fn run(library: Option<&Path>, a: SearchArgs) -> Result<ExitCode, Error> {
    let lib = carrel::open_library(library, now())?;
    let filters = a
        .filters
        .iter()
        .map(|f| match f.split_once('=') {
            Some((facet, value)) => Ok(FacetFilter {
                facet: facet.trim().to_string(),
                value: value.to_string(),
            }),
            None => Err(Error::InvalidInput(format!(
                "--filter {f:?} is not FACET=VALUE (e.g. language=fre)"
            ))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sort = match a.sort {
        Sort::Relevance => SortOrder::Relevance,
        Sort::Title => SortOrder::Title,
        Sort::Author => SortOrder::Author,
        Sort::DateAsc => SortOrder::DateAsc,
        Sort::DateDesc => SortOrder::DateDesc,
        Sort::CallNumber => SortOrder::CallNumber,
    };
    let request = SearchRequest {
        query: a.query,
        sort,
        filters,
        after: a.after,
        limit: a.limit,
        facets: a.facets,
    };
    let results = search_request(&lib, &request)?;
    if a.json {
        print_json(&results);
        return Ok(ExitCode::SUCCESS);
    }
    for hit in &results.hits {
        let resp = hit
            .responsibility
            .as_deref()
            .map(|r| format!(" / {r}"))
            .unwrap_or_default();
        let date = hit
            .date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        emit(&format!("{:>7}  {}{resp}{date}\n", hit.id, hit.title));
    }
    for facet in &results.facets {
        emit(&format!("\n{}:\n", facet.label));
        for v in &facet.values {
            emit(&format!(
                "{:>7}  {}{}\n",
                v.count,
                v.label,
                if v.selected { " [chosen]" } else { "" }
            ));
        }
    }
    if let Some(notice) = &results.notice {
        eprintln!("note: {notice}");
    }
    if let Some(j) = &results.jump {
        match &j.item_barcode {
            Some(b) => eprintln!("item {b} is on record {}", j.record_id),
            None => eprintln!("this number identifies record {}", j.record_id),
        }
    }
    let plus = if results.total_is_lower_bound {
        "+"
    } else {
        ""
    };
    let noun = if results.total == 1 && plus.is_empty() {
        "record matches"
    } else {
        "records match"
    };
    let sampled = if results.facets_sampled {
        " (facets counted over the first 2,000)"
    } else {
        ""
    };
    eprintln!("{}{plus} {noun}{sampled}", results.total);
    if let Some(next) = &results.next {
        eprintln!("more: --after {next}");
    }
    Ok(ExitCode::SUCCESS)
}
