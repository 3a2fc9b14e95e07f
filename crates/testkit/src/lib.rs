//! Test support shared by every Carrel test suite (core, MARC, command line, end-to-end).
//!
//! Tests that read the shared sample data (`$CARREL_TEST_DATA`, default `<repo>/../shared/data`)
//! or run an outside tool (yaz-marcdump, pdftotext, LibreOffice, pymarc…) ask here first. When the
//! data or the tool is missing:
//! - with `CI` set (to anything but `""`, `0` or `false`) the test **fails**, naming what is missing:
//!   CI installs everything (`scripts/setup --test`), so a missing piece is a broken set-up, not a
//!   reason to pass;
//! - otherwise the test says on standard error what did not run and appends one line to the file
//!   named by `$CARREL_SKIP_LOG`; `scripts/test` prints those lines and their count at the end, so
//!   a run without the data never looks like a full pass.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository's root folder (this crate lives in `<repo>/crates/testkit`).
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The shared sample data folder: `$CARREL_TEST_DATA` when set and not empty, else
/// `<repo>/../shared/data`. It may not exist; see [`shared_data`].
pub fn data_dir() -> PathBuf {
    std::env::var_os("CARREL_TEST_DATA")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/data"))
}

/// True when running in CI (`CI` set, and not `""`, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI")
        .map(|v| !matches!(v.trim(), "" | "0" | "false"))
        .unwrap_or(false)
}

/// Records that part of `test` did not run because `missing` is missing. In CI this panics (the
/// test fails with that message); elsewhere it prints a line and appends it to `$CARREL_SKIP_LOG`.
pub fn skip(test: &str, missing: &str) {
    let line = format!("{test}: not run: {missing}");
    if in_ci() {
        panic!("{line} (CI must have it: scripts/setup --test installs the tools; the data is ../shared/data or $CARREL_TEST_DATA)");
    }
    eprintln!("SKIPPED {line}");
    append_to_log(&line);
}

fn append_to_log(line: &str) {
    if let Some(log) = std::env::var_os("CARREL_SKIP_LOG").filter(|v| !v.is_empty()) {
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            let _ = writeln!(f, "{line}");
        }
    }
}

/// The shared sample data folder when it holds `subfolder` (e.g. `"marc"`), else `None` after
/// [`skip`] (which fails the test in CI).
pub fn shared_data_with(test: &str, subfolder: &str) -> Option<PathBuf> {
    let dir = data_dir();
    if dir.join(subfolder).is_dir() {
        Some(dir)
    } else {
        skip(
            test,
            &format!(
                "shared test data ({}) not found (set CARREL_TEST_DATA)",
                dir.join(subfolder).display()
            ),
        );
        None
    }
}

/// The shared sample data folder (it must hold `marc/`), else `None` after [`skip`].
pub fn shared_data(test: &str) -> Option<PathBuf> {
    shared_data_with(test, "marc")
}

/// One file of the shared sample data (`relative` to [`data_dir`]), else `None` after [`skip`].
pub fn shared_file(test: &str, relative: &str) -> Option<PathBuf> {
    let path = data_dir().join(relative);
    if path.is_file() {
        Some(path)
    } else {
        skip(
            test,
            &format!(
                "shared test file {} not found (set CARREL_TEST_DATA)",
                path.display()
            ),
        );
        None
    }
}

/// Where `program` is on `PATH`, if it is there and executable.
pub fn find_program(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| {
            p.metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

/// True when the outside `program` is on `PATH`; else false after [`skip`], naming the Debian
/// `package` that brings it. A program named in `$CARREL_SKIP_TOOLS` (comma or space separated;
/// `scripts/test --quick` sets it) is left out on purpose: false, listed, never a failure.
pub fn tool(test: &str, program: &str, package: &str) -> bool {
    let left_out = std::env::var("CARREL_SKIP_TOOLS").unwrap_or_default();
    if left_out.split([',', ' ']).any(|t| t == program) {
        // `scripts/test --quick` leaves slow tools out on purpose: said, never a failure.
        eprintln!("SKIPPED {test}: not run: {program} left out (CARREL_SKIP_TOOLS)");
        append_to_log(&format!("{test}: not run: {program} left out by --quick"));
        return false;
    }
    if find_program(program).is_some() {
        true
    } else {
        skip(
            test,
            &format!("{program} is not installed (Debian package {package}; scripts/setup --test installs it)"),
        );
        false
    }
}

/// True when `python3` can import `module`; else false after [`skip`], naming the PyPI package.
pub fn python_module(test: &str, module: &str, pypi: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        skip(
            test,
            &format!("the Python module {module} is not installed (pip install {pypi}; scripts/setup --test installs it)"),
        );
    }
    ok
}
