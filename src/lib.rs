//! Carrel's core: the catalogue and its storage, for a one-person special library.
//!
//! No Tauri and no async runtime here: the desktop shell (`src-tauri`) and the command line
//! (`crates/cli`) are thin layers over these functions. Decisions are pure functions of values;
//! the core never reads the clock for a decision (callers pass timestamps and dates in).

pub mod archive;
pub mod bibliography;
pub mod catalogue;
pub mod circulation;
pub mod demo;
pub mod error;
pub mod fonts;
pub mod ids;
pub mod intake;
pub mod maintenance;
pub mod output;
pub mod storage;
pub mod timestamp;

pub use error::{ApiError, Error, ErrorKind, Result};
pub use ids::RecordId;
pub use storage::{Library, LibraryInfo};
pub use timestamp::Timestamp;

/// Opens the library a user means: `explicit` (`--library FILE`), else `$CARREL_LIBRARY`, else the
/// platform default. A default library that does not exist yet is created and seeded with the
/// demo collection ([`demo::seed`]), so that a first start shows records (its folder is created);
/// an explicit file is created empty, in a folder that must exist (a typo is not a new library).
/// The work a schema upgrade left pending is done here ([`catalogue::finish_pending_work`]). `now` is the caller's timestamp (the clock's, read by the CLI or the shell) for the seeded records and for removing
/// records deleted more than 30 days before it ([`catalogue::trash::purge_deleted`]).
pub fn open_library(explicit: Option<&std::path::Path>, now: Timestamp) -> Result<Library> {
    let (path, is_default) = storage::resolve_library_path(explicit)?;
    let is_new = !path.exists();
    if is_default {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("cannot create folder {}", parent.display()), e))?;
        }
    }
    let mut lib = Library::open(&path)?;
    if lib.damaged().is_some() {
        // Nothing is written into a damaged library: no pending work, no purge, no demo.
        return Ok(lib);
    }
    // What an upgrade of the schema left to the catalogue (records read again, keys computed).
    catalogue::finish_pending_work(&mut lib)?;
    if is_default && is_new {
        demo::seed(&mut lib, now)?;
    }
    // Records deleted more than 30 days before `now` go for good at each opening (app start,
    // each command). A failure (the library busy with another program's import) is not a reason
    // to refuse the library: the next opening purges them.
    let _ = catalogue::trash::purge_deleted(&mut lib, now);
    Ok(lib)
}
