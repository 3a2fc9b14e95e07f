//! Harness for Carrel's end-to-end tests: the real `carrel-app` window, driven through
//! `tauri-driver` (which starts Debian's `WebKitWebDriver`, which starts the app).
//!
//! [`run`] does one app start: it checks the prerequisites (the app binary, tauri-driver,
//! WebKitWebDriver, `DISPLAY`), starts `tauri-driver` on its own port pair, opens a WebDriver
//! session that launches the app on a fresh temporary library, runs the test body, saves a
//! screenshot to `tests/e2e/artifacts/<name>.png`, ends the session and stops tauri-driver with
//! SIGTERM — also when the body fails or hangs.
//!
//! Run (from the workspace root):
//!
//! ```text
//! cargo build -p carrel-app
//! xvfb-run -a -s "-screen 0 1280x900x24" cargo test -p carrel-e2e -- --test-threads=1
//! ```
//!
//! Environment: `CARREL_APP_BIN` (default `<workspace>/target/debug/carrel-app`),
//! `TAURI_DRIVER` (default `tauri-driver` on `PATH`, else `~/.cargo/bin/tauri-driver`),
//! `CARREL_TEST_DATA` (default `<workspace>/../shared/data`).
//!
//! Modules: [`driver`] is the plumbing (tauri-driver, the session, WebDriver verbs), [`page`]
//! is Carrel's page object, [`axe`] runs axe-core over the page. Everything a test uses is
//! re-exported here.

use std::time::Duration;

pub mod axe;
pub mod driver;
pub mod page;

/// The shared sample data (folder, or one file in it), or `None` after saying the test did not
/// run (a failure in CI): the one definition all of Carrel's test suites use.
pub use carrel_testkit::{shared_data, shared_file};
pub use driver::{
    app_binary, artifacts_dir, eventually, run, run_prepared, tauri_driver, testid, workspace_root,
    App,
};
pub use page::{answer_file_dialog, FileDialog, ImportCounts, ResultRow, Results};

/// How long a window may take to come up (creating the session launches the app; it hangs
/// rather than fails when the app cannot start).
pub const SESSION_TIMEOUT: Duration = Duration::from_secs(40);
/// The usual wait for something to appear on screen.
pub const WAIT: Duration = Duration::from_secs(10);
/// The most one app start's test body may take.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(240);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);
