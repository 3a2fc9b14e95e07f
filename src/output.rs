//! Writing a file the user named, safely: the data goes to a hidden temporary file in the same
//! folder, renamed over the name only when complete, so a cancelled or failed export never leaves
//! a half-written file under that name (and never deletes an unrelated file). A name that is a
//! symbolic link writes to the link's target; a FIFO or device (e.g. `/dev/stdout`) is written
//! directly; a folder is refused.
//!
//! A new file gets the permissions the user's umask gives (like any program's new file); a
//! replaced file keeps its mode; a file without write permission is not replaced. Temporary
//! files are named `.NAME.PID.XXXXXX.part`; those a killed export left behind (older than an
//! hour, or whose process is gone) are removed when the next export to NAME starts.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// Where the data is going.
pub struct Output {
    /// Written to; after [`Output::commit`] it is the file at `path`.
    pub file: File,
    finish: Finish,
    path: PathBuf,
}

enum Finish {
    /// A temporary file renamed over `path` on commit, deleted if dropped first.
    Rename(tempfile::TempPath),
    /// `path` itself (a FIFO or device) was opened for writing.
    Direct,
}

impl Output {
    /// Prepares to write `path`. Errors: [`Error::InvalidInput`] for a folder, or for an existing
    /// file this user may not write (a read-only file is not replaced); [`Error::Io`] when the
    /// folder cannot be written (the message names the path).
    pub fn create(path: &Path) -> Result<Output> {
        let io = |e: std::io::Error| Error::io(format!("cannot write {}", path.display()), e);
        // Follow a symbolic link so that the link stays and its target gets the data.
        let mut existing_mode = None;
        let target = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
            }
            _ => path.to_path_buf(),
        };
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => {
                return Err(Error::InvalidInput(format!(
                    "{} is a folder, not a file",
                    path.display()
                )))
            }
            Ok(m) if !m.is_file() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(io)?;
                return Ok(Output {
                    file,
                    finish: Finish::Direct,
                    path: target,
                });
            }
            Ok(m) => {
                if std::fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .is_err()
                {
                    return Err(Error::InvalidInput(format!(
                        "{} is read-only: Carrel does not replace a file it may not write; \
                         choose another name, or make the file writable first",
                        path.display()
                    )));
                }
                existing_mode = Some(m.permissions());
            }
            Err(_) => {}
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.{}.", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        // tempfile makes 0600 files by default; asking for 0666 lets the umask decide, as for
        // any new file.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temp = builder.tempfile_in(&dir).map_err(io)?;
        let (file, temp_path) = temp.into_parts();
        // The new file's own time stamp is "now" as the file system tells it: the core reads no
        // clock.
        if let Ok(now) = file.metadata().and_then(|m| m.modified()) {
            remove_stale_parts(&dir, &name, now, STALE_AFTER);
        }
        if let Some(mode) = existing_mode {
            // The replaced file keeps its permissions (set explicitly, so the umask plays no part).
            file.set_permissions(mode).map_err(io)?;
        }
        Ok(Output {
            file,
            finish: Finish::Rename(temp_path),
            path: target,
        })
    }

    /// Makes the written data the file at the path (renames the temporary file over it).
    pub fn commit(self) -> Result<()> {
        let Output { file, finish, path } = self;
        file.sync_all()
            .or_else(|e| {
                if matches!(finish, Finish::Direct) {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        drop(file);
        match finish {
            Finish::Rename(temp) => temp
                .persist(&path)
                .map(|_| ())
                .map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error)),
            Finish::Direct => Ok(()),
        }
    }
}

/// A temporary file older than this is left from an export that died (`kill -9`, power cut).
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Removes the temporary files of earlier, dead writes to `name` in `dir`: Carrel's own naming
/// only (`.NAME.PID.XXXXXX.part`, or `.NAME.XXXXXX.part` of older versions), and only those
/// older than `stale_after` before `now` or whose process no longer runs. Failures are ignored:
/// the files are litter, not data.
fn remove_stale_parts(dir: &Path, name: &str, now: SystemTime, stale_after: Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    let own = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(middle) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".part"))
        else {
            continue;
        };
        let random_ok = |r: &str| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric());
        let pid = match middle.split_once('.') {
            Some((pid, random)) if random_ok(random) => match pid.parse::<u32>() {
                Ok(pid) => Some(pid),
                Err(_) => continue,
            },
            None if random_ok(middle) => None,
            _ => continue,
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= stale_after);
        let gone = pid.is_some_and(|p| p != own && !process_alive(p));
        if old || gone {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (Linux: `/proc/PID`). Elsewhere, or when `/proc` is not
/// mounted, every process is taken to run, so only age removes its files.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_file_appears_only_on_commit_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.mrc");
        std::fs::write(dir.path().join("notes.part"), "keep me").unwrap();
        let mut out = Output::create(&path).unwrap();
        out.file.write_all(b"data").unwrap();
        assert!(!path.exists());
        out.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"data");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.part")).unwrap(),
            "keep me"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
    }

    #[test]
    fn dropped_without_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.mrc");
        let out = Output::create(&path).unwrap();
        drop(out);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_symlink_keeps_pointing_at_its_target_which_gets_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.mrc");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.mrc");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut out = Output::create(&link).unwrap();
        out.file.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Output::create(dir.path()).err().unwrap().kind(),
            crate::ErrorKind::InvalidInput
        );
    }
}
