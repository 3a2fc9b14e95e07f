//! Where things are, and the checks that everything a run needs is there: the app binary,
//! tauri-driver, WebKitWebDriver and an X display. A missing piece is a panic that says how
//! to get it.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

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

pub(crate) fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

pub(crate) fn on_path(program: &str) -> Option<PathBuf> {
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

pub(crate) fn check_display() {
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        panic!(
            "DISPLAY is not set: the end-to-end tests open the real app window; run under xvfb-run, e.g. \
             `xvfb-run -a -s \"-screen 0 1280x900x24\" cargo test -p carrel-e2e -- --test-threads=1`"
        );
    }
}

pub(crate) fn check_webkit_webdriver() {
    if on_path("WebKitWebDriver").is_none() {
        panic!("WebKitWebDriver is not on PATH: install the Debian package `webkit2gtk-driver`");
    }
}
