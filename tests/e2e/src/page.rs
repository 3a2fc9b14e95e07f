//! The app's page object: Carrel-specific steps and readings on top of the driver's verbs
//! (the import confirmation and summary, the search box and its results, the record view,
//! native file drags), named as a user would name them.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::driver::path_string;
use crate::{eventually, testid, App, POLL, WAIT};

/// Longer than the search box's debounce (120 ms): results unchanged over this long are final.
const SETTLE: Duration = Duration::from_millis(250);

/// The counts on the import summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportCounts {
    /// Records added or merged.
    pub imported: u64,
    /// Records that could not be read (kept in the rejects list).
    pub rejected: u64,
}

/// One row of the search results as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    /// The record id (`data-id`).
    pub id: String,
    /// The title as shown.
    pub title: String,
    /// Whether it is the selected row (`aria-selected`).
    pub selected: bool,
}

/// The search results once they have settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// The count line, e.g. "1 record".
    pub count: String,
    /// The rows, top to bottom.
    pub rows: Vec<ResultRow>,
}

impl App {
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

    /// On the confirmation dialog shown for files given on the command line: checks it lists
    /// `files` (by name), presses Import, and waits (up to `timeout`) for the summary. The
    /// summary opens by itself when nobody typed elsewhere meanwhile; when the progress panel
    /// only announces the end, its "Show summary" opens it.
    pub async fn confirm_import(&self, file_names: &[&str], timeout: Duration) -> ImportCounts {
        self.start_import(file_names).await;
        self.import_summary(timeout).await
    }

    /// On the import confirmation: checks it lists `files` (by name) and presses Import; the
    /// import then runs behind its progress panel (not modal: the window stays usable).
    pub async fn start_import(&self, file_names: &[&str]) {
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
    }

    /// Waits (up to `timeout`) until the import has ended, opens its summary when the progress
    /// panel only announced the end, and reads the counts of a finished import.
    pub async fn import_summary(&self, timeout: Duration) -> ImportCounts {
        let summary = eventually("the import summary", timeout, || async {
            for id in ["import-summary", "show-import-summary"] {
                let all = self
                    .driver
                    .find_all(testid(id))
                    .await
                    .map_err(|e| e.to_string())?;
                for el in all {
                    if el.is_displayed().await.unwrap_or(false) {
                        return Ok((id, el));
                    }
                }
            }
            Err("neither the summary nor the panel's Show summary yet".to_string())
        })
        .await;
        let summary = match summary {
            ("show-import-summary", button) => {
                button.click().await.expect("click Show summary");
                self.shown("import-summary").await
            }
            (_, dialog) => dialog,
        };
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
}

/// Which GTK file chooser a test answers: where the typed path goes differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileDialog {
    /// An open dialog: Ctrl+L opens its location field.
    Open,
    /// A save dialog: Ctrl+A selects the proposed name in its file-name field.
    Save,
}

/// Answers the native (GTK) file dialog titled `title`, which the Rust side opened, as a person
/// would: types `path` into it and presses Enter (xdotool, on the Xvfb display).
pub async fn answer_file_dialog(title: &str, path: &Path, dialog: FileDialog) {
    use std::process::Command;
    let window = eventually(
        "the native file dialog",
        Duration::from_secs(20),
        || async {
            let out = Command::new("xdotool")
                .args(["search", "--name", title])
                .output()
                .map_err(|e| format!("xdotool: {e}"))?;
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .last()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .ok_or_else(|| "no window yet".to_string())
        },
    )
    .await;
    // Give GTK a moment to put the focus in its file-name field.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let xdo = |args: &[&str]| {
        let st = Command::new("xdotool")
            .args(args)
            .status()
            .expect("xdotool");
        assert!(st.success(), "xdotool {args:?}");
    };
    let focus_keys = match dialog {
        FileDialog::Open => "ctrl+l",
        FileDialog::Save => "ctrl+a",
    };
    xdo(&["windowfocus", "--sync", &window]);
    xdo(&["key", "--window", &window, focus_keys]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    if dialog == FileDialog::Open {
        xdo(&["key", "--window", &window, "ctrl+a"]);
    }
    xdo(&[
        "type",
        "--window",
        &window,
        "--delay",
        "15",
        &path.display().to_string(),
    ]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdo(&["key", "--window", &window, "Return"]);
}
