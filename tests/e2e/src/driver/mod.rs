//! The plumbing: one app start through tauri-driver ([`run`]), and the WebDriver verbs the
//! tests use on its window (find, wait, click, type, run a script, screenshot). Nothing here
//! knows what Carrel's pages look like; that is in [`crate::page`].

mod locate;
mod process;

use std::fmt::Debug;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use thirtyfour::prelude::*;
use thirtyfour::{Capabilities, Key, TypingData};

pub use locate::{app_binary, artifacts_dir, tauri_driver, workspace_root};
use locate::{check_display, check_webkit_webdriver};
use process::{free_port_pair, DriverProcess};

use crate::{BODY_TIMEOUT, POLL, SESSION_TIMEOUT, WAIT};

/// One app window at a time: the machine is small and the tests share one X display.
static SERIAL: Mutex<()> = Mutex::new(());

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
    run_prepared(name, files, |_| {}, body);
}

/// [`run`], with `prepare` given the library's path before the app starts (the file does not
/// exist yet): a test that needs a library made beforehand (a damaged one) writes it there.
pub fn run_prepared<P, F, Fut>(name: &str, files: &[PathBuf], prepare: P, body: F)
where
    P: FnOnce(&Path),
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
    prepare(&library);
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

pub(crate) fn path_string(p: &Path) -> String {
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

/// The running app.
#[derive(Clone)]
pub struct App {
    /// The WebDriver session on the app's window.
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

    /// The element with `data-testid`, once it is present and displayed, waiting up to `timeout`.
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

    /// Clicks the element with `data-testid` once it is shown.
    pub async fn click(&self, id: &str) {
        self.shown(id)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click [data-testid={id}]: {e}"));
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

    /// Saves `artifacts/<name>.png` of the window, saying so (not failing) when it cannot.
    pub async fn shot(&self, name: &str) {
        let path = artifacts_dir().join(format!("{name}.png"));
        if let Err(e) = self.screenshot(&path).await {
            eprintln!("no screenshot {}: {e}", path.display());
        }
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
