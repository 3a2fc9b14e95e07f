//! The catalogue: bibliographic records stored whole, with extracted columns and a full-text
//! index; finding and showing them.

pub mod barcode;
pub(crate) mod batches;
pub mod callnumber;
pub mod editor;
pub mod export;
pub mod extract;
pub mod facets;
pub mod fold;
pub mod history;
pub mod holdings;
pub mod import;
pub mod items;
pub mod keys;
pub mod marcfile;
pub mod query;
pub mod rejects;
pub mod search;
pub mod settings;
pub mod shelflist;
pub mod standard_numbers;
pub mod store;
pub mod subjects;
pub mod trash;
pub mod upgrade;
pub mod view;

use crate::error::Result;
use crate::storage::Library;
pub use extract::{extract, Extract};
pub use facets::{Facet, FacetFilter, FacetValue};
pub use search::{
    fts_query, lookup, search_request, Jump, SearchRequest, SearchResults, SortOrder,
};

pub use crate::ids::RecordId;
pub use store::add_records;
pub(crate) use store::{
    find_duplicate, insert_record, insert_record_then, parse_stored, replace_record, reread_record,
    unindex_record, Incoming,
};
pub use upgrade::finish_pending_work;
pub use view::{get_marc, get_record, Identifier, RecordSummary, RecordView};

/// Searches the catalogue; see [`search::search`].
pub fn search(lib: &Library, query: &str, limit: u32) -> Result<SearchResults> {
    search::search(lib, query, limit)
}
