//! Writing a file the user named, safely: the data goes to a hidden temporary file in the same
//! folder, renamed over the name only when complete, so a cancelled or failed export never leaves
//! a half-written file under that name (and never deletes an unrelated file). A name that is a
//! symbolic link writes to the link's target; a FIFO or device (e.g. `/dev/stdout`) is written
//! directly; a folder is refused.

use std::fs::File;
use std::path::{Path, PathBuf};

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
    /// Prepares to write `path`. Errors: [`Error::InvalidInput`] for a folder; [`Error::Io`] when the
    /// folder cannot be written (the message names the path).
    pub fn create(path: &Path) -> Result<Output> {
        let io = |e: std::io::Error| Error::io(format!("cannot write {}", path.display()), e);
        // Follow a symbolic link so that the link stays and its target gets the data.
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
            _ => {}
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(&dir)
            .map_err(io)?;
        let (file, temp_path) = temp.into_parts();
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
