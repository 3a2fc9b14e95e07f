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

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};
use thirtyfour::prelude::*;
use thirtyfour::{Capabilities, Key, TypingData};

/// How long a window may take to come up (creating the session launches the app; it hangs
/// rather than fails when the app cannot start).
pub const SESSION_TIMEOUT: Duration = Duration::from_secs(40);
/// The usual wait for something to appear on screen.
pub const WAIT: Duration = Duration::from_secs(10);
/// The most one app start's test body may take.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(240);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);
/// Longer than the search box's debounce (120 ms): results unchanged over this long are final.
const SETTLE: Duration = Duration::from_millis(250);

/// One app window at a time: the machine is small and the tests share one X display.
static SERIAL: Mutex<()> = Mutex::new(());

// ---------------------------------------------------------------------------------------------
// Locations and prerequisites

/// The cargo workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Where screenshots and driver logs go: `tests/e2e/artifacts/` (git-ignored).
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// The shared test data folder (`$CARREL_TEST_DATA`, default `<workspace>/../shared/data`), or
/// `None` after saying plainly that the test is skipped.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CARREL_TEST_DATA")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "{test}: shared test data not found at {}; skipped",
            dir.display()
        );
        None
    }
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// The app binary: `$CARREL_APP_BIN`, else `<target dir>/debug/carrel-app`.
pub fn app_binary() -> PathBuf {
    let root = workspace_root();
    let bin = env_path("CARREL_APP_BIN").unwrap_or_else(|| {
        let target = env_path("CARGO_TARGET_DIR")
            .map(|t| root.join(t))
            .unwrap_or_else(|| root.join("target"));
        target.join("debug").join("carrel-app")
    });
    if !is_executable(&bin) {
        panic!(
            "the Carrel app binary was not found at {}: `cargo test` does not build it; build it first with \
             `cargo build -p carrel-app` (in {}), or point CARREL_APP_BIN at it",
            bin.display(),
            root.display()
        );
    }
    warn_if_stale(&bin, &root);
    bin
}

/// A note (not a failure) when the app binary is older than the UI or Rust sources it is built
/// from: `cargo test` of this crate does not rebuild it.
fn warn_if_stale(bin: &Path, root: &Path) {
    let Ok(built) = bin.metadata().and_then(|m| m.modified()) else {
        return;
    };
    let sources = ["ui/dist", "src-tauri/src", "src", "crates/marc/src"];
    let newest = sources
        .iter()
        .filter_map(|s| newest_mtime(&root.join(s)))
        .max();
    if let Some((when, path)) = newest {
        if when > built {
            eprintln!(
                "NOTE: {} is older than {}: run `cargo build -p carrel-app` (and `npm run build` in ui/ after UI changes)",
                bin.display(),
                path.display()
            );
        }
    }
}

fn newest_mtime(dir: &Path) -> Option<(SystemTime, PathBuf)> {
    let mut best: Option<(SystemTime, PathBuf)> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(p);
            } else if let Ok(m) = meta.modified() {
                if best.as_ref().is_none_or(|(b, _)| m > *b) {
                    best = Some((m, p));
                }
            }
        }
    }
    best
}

/// tauri-driver: `$TAURI_DRIVER`, else on `PATH`, else `~/.cargo/bin/tauri-driver`.
pub fn tauri_driver() -> PathBuf {
    if let Some(p) = env_path("TAURI_DRIVER") {
        if is_executable(&p) {
            return p;
        }
        panic!(
            "TAURI_DRIVER is {}, which is not an executable file",
            p.display()
        );
    }
    if let Some(p) = on_path("tauri-driver") {
        return p;
    }
    if let Some(home) = env_path("HOME") {
        let p = home.join(".cargo/bin/tauri-driver");
        if is_executable(&p) {
            return p;
        }
    }
    panic!(
        "tauri-driver was not found (not on PATH, not in ~/.cargo/bin): install it with \
         `cargo install tauri-driver --locked`, or point TAURI_DRIVER at it"
    );
}

fn check_display() {
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        panic!(
            "DISPLAY is not set: the end-to-end tests open the real app window; run under xvfb-run, e.g. \
             `xvfb-run -a -s \"-screen 0 1280x900x24\" cargo test -p carrel-e2e -- --test-threads=1`"
        );
    }
}

fn check_webkit_webdriver() {
    if on_path("WebKitWebDriver").is_none() {
        panic!("WebKitWebDriver is not on PATH: install the Debian package `webkit2gtk-driver`");
    }
}

// ---------------------------------------------------------------------------------------------
// tauri-driver process

/// A running tauri-driver. Stopped with SIGTERM (never SIGKILL: that would orphan
/// WebKitWebDriver on the native port) when stopped or dropped, so a failing test cleans up too.
struct DriverProcess {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl DriverProcess {
    fn start(program: &Path, port: u16, home: &Path, log: PathBuf) -> DriverProcess {
        let out = std::fs::File::create(&log)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let err = out.try_clone().expect("log file handle");
        let child = Command::new(program)
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg((port + 1).to_string())
            // The app gets its library from --library; keep a developer's own settings out.
            .env_remove("CARREL_LIBRARY")
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        DriverProcess { child, port, log }
    }

    /// Waits until tauri-driver and the WebKitWebDriver behind it both accept connections.
    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        for port in [self.port, self.port + 1] {
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            loop {
                if let Ok(Some(status)) = self.child.try_wait() {
                    return Err(format!(
                        "tauri-driver exited ({status}) before listening on port {port}"
                    ));
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!(
                        "nothing listened on 127.0.0.1:{port} within {WAIT:?}"
                    ));
                }
                std::thread::sleep(POLL);
            }
        }
        Ok(())
    }

    fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        // tauri-driver kills WebKitWebDriver on SIGTERM; if a session was still open, the app
        // and its web process would be left behind, so note our descendants first.
        let leftovers = descendants(self.child.id());
        // SAFETY: kill(2) on the id of a child we started and have not yet reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() > deadline => {
                    eprintln!(
                        "WARNING: tauri-driver (pid {}) did not exit within 10 s of SIGTERM",
                        self.child.id()
                    );
                    return;
                }
                Ok(None) => std::thread::sleep(POLL),
            }
        }
        end_leftovers(&leftovers);
    }

    fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// (pid, command name) of every process below `root`, read from /proc.
fn descendants(root: u32) -> Vec<(u32, String)> {
    let mut parent_of: HashMap<u32, (u32, String)> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Some((ppid, comm, _)) = proc_stat(pid) {
                parent_of.insert(pid, (ppid, comm));
            }
        }
    }
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for (pid, (ppid, comm)) in &parent_of {
            if *ppid == p {
                out.push((*pid, comm.clone()));
                frontier.push(*pid);
            }
        }
    }
    out
}

/// (ppid, comm, state) from /proc/PID/stat.
fn proc_stat(pid: u32) -> Option<(u32, String, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat[open + 1..close].to_string();
    let mut rest = stat[close + 1..].split_whitespace();
    let state = rest.next()?.chars().next()?;
    let ppid = rest.next()?.parse().ok()?;
    Some((ppid, comm, state))
}

fn alive_as(pid: u32, comm: &str) -> bool {
    matches!(proc_stat(pid), Some((_, c, state)) if c == comm && state != 'Z' && state != 'X')
}

/// SIGTERMs processes this test started that outlived tauri-driver (matched by id and name).
fn end_leftovers(leftovers: &[(u32, String)]) {
    std::thread::sleep(Duration::from_millis(100));
    let alive: Vec<&(u32, String)> = leftovers
        .iter()
        .filter(|(pid, comm)| alive_as(*pid, comm))
        .collect();
    for (pid, comm) in &alive {
        eprintln!("NOTE: ending leftover {comm} (pid {pid}) with SIGTERM");
        // SAFETY: kill(2) on a process this test started, checked by id and name just above.
        unsafe { libc::kill(*pid as libc::pid_t, libc::SIGTERM) };
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive.iter().any(|(pid, comm)| alive_as(*pid, comm)) && Instant::now() < deadline {
        std::thread::sleep(POLL);
    }
}

/// A port P with P+1 also free, for `tauri-driver --port P --native-port P+1`.
fn free_port_pair() -> u16 {
    for _ in 0..200 {
        let Ok(first) = TcpListener::bind("127.0.0.1:0") else {
            continue;
        };
        let Ok(addr) = first.local_addr() else {
            continue;
        };
        let port = addr.port();
        if port < u16::MAX && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
    panic!("no free pair of neighbouring TCP ports on 127.0.0.1");
}

// ---------------------------------------------------------------------------------------------
// One app start

/// Starts the app with `files` on its command line and a new empty library, runs `body`, saves
/// the screenshot `artifacts/<name>.png`, and closes everything. Panics (after cleaning up) when
/// the body panics or takes longer than [`BODY_TIMEOUT`].
pub fn run<F, Fut>(name: &str, files: &[PathBuf], body: F)
where
    F: FnOnce(App) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let bin = app_binary();
    let tauri_driver = tauri_driver();
    check_webkit_webdriver();
    check_display();

    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let started = Instant::now();
    let home = tempfile::Builder::new()
        .prefix("carrel-e2e-")
        .tempdir()
        .expect("temporary folder");
    let library = home.path().join("library.sqlite");
    let artifacts = artifacts_dir();
    let shot = artifacts.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&shot);

    let mut args: Vec<String> = vec!["--library".into(), path_string(&library)];
    for f in files {
        let abs = f
            .canonicalize()
            .unwrap_or_else(|e| panic!("fixture {}: {e}", f.display()));
        args.push(path_string(&abs));
    }

    let port = free_port_pair();
    let mut driver_process = DriverProcess::start(
        &tauri_driver,
        port,
        home.path(),
        artifacts.join(format!("{name}.log")),
    );
    if let Err(why) = driver_process.wait_ready() {
        driver_process.stop();
        panic!(
            "{name}: tauri-driver did not come up: {why}\n--- {} ---\n{}",
            driver_process.log.display(),
            driver_process.log_tail(40)
        );
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");

    let outcome: Result<(), Failure> = runtime.block_on(async {
        let mut caps = Capabilities::new();
        caps.set("tauri:options", json!({ "application": path_string(&bin), "args": args })).expect("capabilities");
        let url = format!("http://127.0.0.1:{port}");
        let session = WebDriver::builder(url, caps).request_timeout(Duration::from_secs(60));
        let driver = match tokio::time::timeout(SESSION_TIMEOUT, session).await {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => return Err(Failure::Setup(format!("could not open a session (start the app): {e}"))),
            Err(_) => {
                return Err(Failure::Setup(format!(
                    "the app window did not come up within {SESSION_TIMEOUT:?} (session creation hangs when the app cannot start)"
                )))
            }
        };
        let app = App { driver: driver.clone(), library: library.clone() };

        let mut task = tokio::spawn(body(app.clone()));
        let result = match tokio::time::timeout(BODY_TIMEOUT, &mut task).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(join)) if join.is_panic() => Err(Failure::Panic(join.into_panic())),
            Ok(Err(join)) => Err(Failure::Setup(format!("the test body was cancelled: {join}"))),
            Err(_) => {
                task.abort();
                Err(Failure::Setup(format!("the test body took longer than {BODY_TIMEOUT:?}")))
            }
        };

        // After the DOM assertions (screenshots lag the DOM), also when they failed.
        match tokio::time::timeout(Duration::from_secs(15), app.screenshot(&shot)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("{name}: no screenshot: {e}"),
            Err(_) => eprintln!("{name}: no screenshot: timed out"),
        }
        drop(app);
        match tokio::time::timeout(Duration::from_secs(15), driver.quit()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("{name}: ending the session failed: {e}"),
            Err(_) => eprintln!("{name}: ending the session timed out"),
        }
        result
    });
    runtime.shutdown_timeout(Duration::from_secs(5));
    driver_process.stop();
    eprintln!(
        "{name}: app session done in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    match outcome {
        Ok(()) => {}
        Err(Failure::Panic(payload)) => {
            eprintln!(
                "{name}: {}driver log at {}",
                screenshot_note(&shot),
                driver_process.log.display()
            );
            std::panic::resume_unwind(payload);
        }
        Err(Failure::Setup(why)) => panic!(
            "{name}: {why}\n{}--- last lines of {} ---\n{}",
            screenshot_note(&shot),
            driver_process.log.display(),
            driver_process.log_tail(40)
        ),
    }
}

fn screenshot_note(shot: &Path) -> String {
    if shot.is_file() {
        format!("screenshot at {}; ", shot.display())
    } else {
        String::new()
    }
}

enum Failure {
    Panic(Box<dyn std::any::Any + Send + 'static>),
    Setup(String),
}

fn path_string(p: &Path) -> String {
    p.to_str()
        .unwrap_or_else(|| panic!("path is not UTF-8: {}", p.display()))
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Waiting

/// Polls `probe` until it gives `Ok`, or panics after `timeout` with `what` and the last thing
/// the probe saw (its `Err`).
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        match probe().await {
            Ok(v) => return v,
            Err(seen) if Instant::now() >= deadline => {
                panic!("timed out after {timeout:?} waiting for {what}; last seen: {seen}")
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// `By` for a `data-testid`.
pub fn testid(id: &str) -> By {
    By::Css(format!("[data-testid='{id}']"))
}

/// The counts on the import summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportCounts {
    pub imported: u64,
    pub rejected: u64,
}

/// One row of the search results as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    pub id: String,
    pub title: String,
    pub selected: bool,
}

/// The search results once they have settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// The count line, e.g. "1 record".
    pub count: String,
    pub rows: Vec<ResultRow>,
}

/// The running app.
#[derive(Clone)]
pub struct App {
    pub driver: WebDriver,
    /// This app start's library file.
    pub library: PathBuf,
}

impl App {
    /// Runs `script` in the page and converts its `return` value.
    pub async fn js<T: serde::de::DeserializeOwned + Debug>(&self, script: &str) -> T {
        let ret = self
            .driver
            .execute(script, Vec::<Value>::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"));
        serde_json::from_value(ret.json().clone())
            .unwrap_or_else(|e| panic!("script gave {:?}: {e}\n{script}", ret.json()))
    }

    /// The element with `data-testid`, once it is present and displayed.
    pub async fn shown(&self, id: &str) -> WebElement {
        self.shown_within(id, WAIT).await
    }

    pub async fn shown_within(&self, id: &str, timeout: Duration) -> WebElement {
        eventually(
            &format!("[data-testid={id}] to be shown"),
            timeout,
            || async {
                let all = self
                    .driver
                    .find_all(testid(id))
                    .await
                    .map_err(|e| e.to_string())?;
                for el in all {
                    if el.is_displayed().await.unwrap_or(false) {
                        return Ok(el);
                    }
                }
                Err("not present or not displayed".to_string())
            },
        )
        .await
    }

    /// Waits until no element with `data-testid` is displayed.
    pub async fn gone(&self, id: &str) {
        eventually(&format!("[data-testid={id}] to go away"), WAIT, || async {
            let all = self
                .driver
                .find_all(testid(id))
                .await
                .map_err(|e| e.to_string())?;
            for el in all {
                if el.is_displayed().await.unwrap_or(false) {
                    return Err("still displayed".to_string());
                }
            }
            Ok(())
        })
        .await
    }

    /// Waits until the shown element's text is `expected`.
    pub async fn wait_text(&self, id: &str, expected: &str) {
        eventually(
            &format!("[data-testid={id}] to read {expected:?}"),
            WAIT,
            || async {
                let el = self
                    .driver
                    .find(testid(id))
                    .await
                    .map_err(|e| e.to_string())?;
                let text = el.text().await.map_err(|e| e.to_string())?;
                if text == expected {
                    Ok(())
                } else {
                    Err(format!("{text:?}"))
                }
            },
        )
        .await
    }

    /// The `data-testid` of the focused element (None for an element without one).
    pub async fn focused_testid(&self) -> Option<String> {
        self.js("return document.activeElement?.getAttribute('data-testid') ?? null;")
            .await
    }

    /// A short description of the focused element, for messages.
    pub async fn focused_description(&self) -> String {
        self.js(
            "const e = document.activeElement; if (!e) return 'nothing'; \
             return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
             (e.dataset.testid ? '[data-testid=' + e.dataset.testid + ']' : '') + ' ' + JSON.stringify((e.textContent || '').trim().slice(0, 40));",
        )
        .await
    }

    /// Waits until the search box has the keyboard focus.
    pub async fn wait_search_focused(&self, after: &str) {
        eventually(
            &format!("the search box to have focus after {after}"),
            WAIT,
            || async {
                if self.focused_testid().await.as_deref() == Some("search") {
                    Ok(())
                } else {
                    Err(format!("focus on {}", self.focused_description().await))
                }
            },
        )
        .await
    }

    /// Types into whatever has the focus, as a user at the keyboard would.
    pub async fn press(&self, keys: impl Into<TypingData>) {
        self.driver
            .action_chain()
            .send_keys(keys)
            .perform()
            .await
            .expect("keyboard input");
    }

    /// Ctrl + `key` to whatever has the focus.
    pub async fn press_ctrl(&self, key: &str) {
        self.driver
            .action_chain()
            .key_down(Key::Control)
            .send_keys(key)
            .key_up(Key::Control)
            .perform()
            .await
            .expect("keyboard input");
    }

    /// On the confirmation dialog shown for files given on the command line: checks it lists
    /// `files` (by name), presses Import, and waits (up to `timeout`) for the summary.
    pub async fn confirm_import(&self, file_names: &[&str], timeout: Duration) -> ImportCounts {
        let dialog = self.shown("pending-files").await;
        let listed = dialog.text().await.expect("pending files");
        for name in file_names {
            assert!(
                listed.contains(name),
                "the confirmation dialog should list {name}; it lists {listed:?}"
            );
        }
        self.shown("confirm-import")
            .await
            .click()
            .await
            .expect("click Import");
        let summary = self.shown_within("import-summary", timeout).await;
        let heading = summary
            .find(By::Tag("h2"))
            .await
            .expect("summary heading")
            .text()
            .await
            .unwrap_or_default();
        assert_eq!(heading, "Import finished", "the summary heading");
        ImportCounts {
            imported: self.number("import-imported").await,
            rejected: self.number("import-rejected").await,
        }
    }

    /// Closes the import summary and waits until the dialog has gone.
    pub async fn close_summary(&self) {
        self.shown("close-summary")
            .await
            .click()
            .await
            .expect("click Close");
        self.gone("import-summary").await;
    }

    /// The raw number in `data-value` of the element, checked against its formatted text.
    pub async fn number(&self, id: &str) -> u64 {
        let el = self.shown(id).await;
        let raw = el
            .attr("data-value")
            .await
            .expect("data-value")
            .unwrap_or_default();
        let value: u64 = raw
            .parse()
            .unwrap_or_else(|_| panic!("[data-testid={id}] data-value {raw:?} is not a number"));
        let text = el.text().await.expect("text");
        assert_eq!(
            text.replace(',', "").split_whitespace().next(),
            Some(value.to_string().as_str()),
            "[data-testid={id}] shows {text:?} for {value}"
        );
        value
    }

    /// Waits until the element's `data-value` is `expected` (and its text shows that number).
    pub async fn wait_number(&self, id: &str, expected: u64) {
        eventually(
            &format!("[data-testid={id}] to show {expected}"),
            WAIT,
            || async {
                let el = self
                    .driver
                    .find(testid(id))
                    .await
                    .map_err(|e| e.to_string())?;
                let raw = el
                    .attr("data-value")
                    .await
                    .map_err(|e| e.to_string())?
                    .unwrap_or_default();
                let text = el.text().await.map_err(|e| e.to_string())?;
                let shown = text.replace(',', "");
                if raw == expected.to_string()
                    && shown.split_whitespace().next() == Some(raw.as_str())
                {
                    Ok(())
                } else {
                    Err(format!("data-value {raw:?}, text {text:?}"))
                }
            },
        )
        .await
    }

    /// Replaces the search box's text with `query` by typing, then waits for its results.
    pub async fn search(&self, query: &str) -> Results {
        let search = self.shown("search").await;
        search.clear().await.expect("clear the search box");
        search
            .send_keys(query)
            .await
            .expect("type in the search box");
        self.settled_results(query).await
    }

    /// The results for `query` once they have stopped changing for longer than the debounce.
    pub async fn settled_results(&self, query: &str) -> Results {
        let deadline = Instant::now() + WAIT;
        let mut last: Option<(Results, Instant)> = None;
        loop {
            let seen = match self.results_now(query).await {
                Ok(now) => match &last {
                    Some((before, since)) if *before == now && since.elapsed() >= SETTLE => {
                        return now
                    }
                    Some((before, _)) if *before == now => format!("{now:?} (settling)"),
                    _ => {
                        let msg = format!("{now:?}");
                        last = Some((now, Instant::now()));
                        msg
                    }
                },
                Err(seen) => {
                    last = None;
                    seen
                }
            };
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for the results for {query:?} to settle; last seen: {seen}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The results on screen now, if they are finished and for `query`.
    async fn results_now(&self, query: &str) -> Result<Results, String> {
        let state: Value = self
            .driver
            .execute(
                "const box = document.querySelector('[data-testid=search]');
                 const list = document.getElementById('catalogue-results');
                 const count = document.querySelector('[data-testid=result-count]');
                 return {
                   value: box ? box.value : null,
                   busy: list ? list.getAttribute('aria-busy') : null,
                   recent: !!document.querySelector('.search-view .context'),
                   count: count ? count.textContent.trim() : null,
                 };",
                Vec::<Value>::new(),
            )
            .await
            .map_err(|e| e.to_string())?
            .json()
            .clone();
        if state["value"] != json!(query) {
            return Err(format!("search box holds {}", state["value"]));
        }
        if state["busy"] != json!("false") {
            return Err("still searching".into());
        }
        if !query.trim().is_empty() && state["recent"] == json!(true) {
            return Err("still showing the most recent records".into());
        }
        let count = state["count"].as_str().unwrap_or_default().to_string();
        if count.is_empty() {
            return Err("no count yet".into());
        }
        let mut rows = Vec::new();
        for el in self
            .driver
            .find_all(testid("result"))
            .await
            .map_err(|e| e.to_string())?
        {
            // textContent rather than WebDriver's visible text: a virtualised list positions its
            // rows in ways WebKitWebDriver does not always count as displayed.
            let title = el
                .find(By::ClassName("title"))
                .await
                .map_err(|e| e.to_string())?
                .prop("textContent")
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default()
                .trim()
                .to_string();
            let id = el
                .attr("data-id")
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            let selected = el
                .attr("aria-selected")
                .await
                .map_err(|e| e.to_string())?
                .as_deref()
                == Some("true");
            rows.push(ResultRow {
                id,
                title,
                selected,
            });
        }
        Ok(Results { count, rows })
    }

    /// Index of the selected result (`aria-selected="true"`), checking there is at most one and
    /// that the search box's `aria-activedescendant` points at it.
    pub async fn selected_result(&self) -> Option<usize> {
        let state: (Vec<bool>, Vec<String>, Option<String>) = self
            .js(
                "const rows = [...document.querySelectorAll('[data-testid=result]')];
                 return [rows.map(r => r.getAttribute('aria-selected') === 'true'), rows.map(r => r.id),
                         document.querySelector('[data-testid=search]').getAttribute('aria-activedescendant')];",
            )
            .await;
        let (flags, ids, active) = state;
        let picked: Vec<usize> = flags
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| i)
            .collect();
        assert!(
            picked.len() <= 1,
            "more than one result is aria-selected: {picked:?}"
        );
        let index = picked.first().copied();
        assert_eq!(
            active,
            index.map(|i| ids[i].clone()),
            "the search box's aria-activedescendant should name the selected row"
        );
        index
    }

    /// Waits until the result at `index` is the selected one.
    pub async fn wait_selected(&self, index: usize, after: &str) {
        eventually(
            &format!("result {index} to be selected after {after}"),
            WAIT,
            || async {
                match self.selected_result().await {
                    Some(i) if i == index => Ok(()),
                    other => Err(format!("selected {other:?}")),
                }
            },
        )
        .await
    }

    /// Delivers a native file-drag event to the page exactly as Tauri 2 does when files are
    /// dragged over the window (WebDriver cannot drag files from the desktop): `kind` is
    /// `"enter"`, `"over"`, `"drop"` or `"leave"`. Returns how many listeners the page has for it.
    ///
    /// The page's listeners are only there if the core accepted the page's `listen` calls (the
    /// `core:event:allow-listen` permission), so this checks that part of the real path too. It
    /// relies on the names Tauri's event script gives its globals
    /// (`__internal_unstable_listeners_object_id__`, `__internal_unstable_listeners_function_id__`,
    /// tauri 2.12 `src/event/mod.rs`); if a Tauri upgrade renames them, this fails saying so.
    pub async fn native_file_drag(&self, kind: &str, paths: &[&Path]) -> usize {
        let event = format!("tauri://drag-{kind}");
        let paths: Vec<String> = paths.iter().map(|p| path_string(p)).collect();
        let payload = match kind {
            "enter" | "drop" => json!({ "paths": paths, "position": { "x": 400, "y": 300 } }),
            "over" => json!({ "position": { "x": 400, "y": 300 } }),
            _ => Value::Null,
        };
        let delivered: Value = self
            .driver
            .execute(
                "const [event, payload] = arguments;
                 const emit = window.__internal_unstable_listeners_function_id__;
                 const all = window.__internal_unstable_listeners_object_id__;
                 if (typeof emit !== 'function') return 'no Tauri event function';
                 const ids = Object.getOwnPropertyNames((all && all[event]) || {}).map(Number);
                 emit({ event, payload }, ids);
                 return ids.length;",
                vec![json!(event), payload],
            )
            .await
            .unwrap_or_else(|e| panic!("delivering {event} failed: {e}"))
            .json()
            .clone();
        match delivered.as_u64() {
            Some(n) => n as usize,
            None => panic!(
                "cannot deliver {event}: {delivered} (did a Tauri upgrade rename its event globals?)"
            ),
        }
    }

    /// Opens-record view: waits until it shows a loaded record and returns its title.
    pub async fn record_title(&self) -> String {
        let view = self.shown("record-view").await;
        eventually("the record to load", WAIT, || async {
            if view
                .attr("aria-busy")
                .await
                .map_err(|e| e.to_string())?
                .as_deref()
                == Some("false")
            {
                Ok(())
            } else {
                Err("loading".into())
            }
        })
        .await;
        self.shown("record-title")
            .await
            .text()
            .await
            .expect("record title")
    }

    /// Saves a PNG of the window once the page has painted its latest state.
    pub async fn screenshot(&self, path: &Path) -> Result<(), String> {
        // Two animation frames: the paint of the last DOM change has been done.
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            self.driver.execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                Vec::<Value>::new(),
            ),
        )
        .await;
        let png = self
            .driver
            .screenshot_as_png()
            .await
            .map_err(|e| e.to_string())?;
        std::fs::write(path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}
