//! Writing the site: into a staging directory beside the output, then one
//! swap. A failed build leaves the previous output as it was, and nothing is
//! ever written outside the output directory.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Position};

/// The file that marks a directory as boardpack's output, so a directory
/// that holds anything else is never replaced.
pub const MARKER: &str = ".boardpack";

/// A build's output being written.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    /// The lock beside the output that keeps a second build out.
    lock: PathBuf,
    committed: bool,
    /// Every path written so far: a second write to one is refused, so two
    /// pages that claim one address can never silently replace each other.
    written: Mutex<HashSet<String>>,
}

fn refuse(output: &Path, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::error(
        output,
        Position::new(1, 1),
        format!("refusing to write the site to {}: {why}", output.display()),
    )
    .with_hint(hint.to_string())
}

/// Resolves `path` component by component, following links where they
/// exist and reading `..` as the folder above what is resolved so far, so
/// that neither links nor `new/..` can disguise a path, and a refused path
/// is judged before anything on it is created.
fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => {
                resolved.push(other);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

/// Checks that `output` is a safe place to replace with the site.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let out = resolve(output);
    let root = resolve(root);
    let hint = "choose a folder of its own, such as `output/` in the site";
    if out.parent().is_none() {
        return Err(refuse(output, "it is the file system's root", hint));
    }
    if std::env::var_os("HOME").is_some_and(|home| resolve(Path::new(&home)) == out) {
        return Err(refuse(output, "it is the home directory", hint));
    }
    if out == root || root.starts_with(&out) {
        return Err(refuse(output, "it is the site itself or holds it", hint));
    }
    if out.starts_with(root.join("content")) {
        return Err(refuse(output, "it lies inside content/", hint));
    }
    if out.join("content").exists() || out.join("site.yaml").exists() {
        return Err(refuse(output, "it holds a site's sources", hint));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refuse(output, "it is a file", hint));
        }
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).exists() {
            return Err(refuse(
                output,
                "it holds files that boardpack did not write",
                "empty it first, or choose another folder",
            ));
        }
    }
    Ok(())
}

impl Staging {
    /// Starts a build beside `output` (which is checked first).
    pub fn begin(root: &Path, output: &Path) -> Result<Self, Diagnostic> {
        check_output_dir(root, output)?;
        let output = resolve(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lock = take_lock(&parent.join(format!(".{name}.lock")), &output)?;
        remove_leftovers(&parent, &name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let io_error = |e: io::Error| {
            Diagnostic::error(
                &staging,
                Position::new(1, 1),
                format!("cannot create the staging directory: {e}"),
            )
        };
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io_error)?;
        }
        std::fs::create_dir_all(&staging).map_err(io_error)?;
        std::fs::write(
            staging.join(MARKER),
            "This folder is written by boardpack build; it replaces the folder on each build.\n",
        )
        .map_err(io_error)?;
        Ok(Staging {
            output,
            staging,
            lock,
            committed: false,
            written: Mutex::new(HashSet::new()),
        })
    }

    /// Writes one file at `relative` (a path with `/` separators), once:
    /// a second write to the same path in one build is an error.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = Path::new(relative);
        if path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path {relative}"),
            ));
        }
        let first = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(relative.to_string());
        if !first {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "another file of this build was already written there",
            ));
        }
        let target = self.staging.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)
    }

    /// How many files have been written so far.
    pub fn written_count(&self) -> usize {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Swaps the staged site in place of the output.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        if self.output.exists() && exchange(&self.staging, &self.output).is_ok() {
            // The old site is now at the staging path.
            self.committed = true;
            std::fs::remove_dir_all(&self.staging)?;
            return Ok(self.output.clone());
        }
        let old = self.staging.with_file_name(format!(
            "{}.old",
            self.staging
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        if self.output.exists() {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.output) {
            if old.exists() {
                std::fs::rename(&old, &self.output)?;
            }
            return Err(err);
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(self.output.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// Takes the lock file `lock` for a build into `output`: created only if
/// absent, holding this process's id. A lock left by a build that no
/// longer runs (killed) is taken over; one held by a running build is an
/// error, so two builds never write one output at once.
fn take_lock(lock: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(lock)
            .and_then(|mut file| {
                use std::io::Write;
                write!(file, "{}", std::process::id())
            })
    };
    let held = match create() {
        Ok(()) => return Ok(lock.to_path_buf()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::read_to_string(lock).unwrap_or_default()
        }
        Err(err) => {
            return Err(Diagnostic::error(
                lock,
                Position::new(1, 1),
                format!("cannot create the build's lock file: {err}"),
            ));
        }
    };
    let holder = held.trim().parse::<u32>().ok();
    if holder.is_some_and(is_running) {
        return Err(Diagnostic::error(
            output,
            Position::new(1, 1),
            format!(
                "another build (process {}) is writing to {}",
                held.trim(),
                output.display()
            ),
        )
        .with_hint(format!(
            "wait for it to finish; if no build is running, delete {}",
            lock.display()
        )));
    }
    // Left by a build that was stopped: take it over.
    let _ = std::fs::remove_file(lock);
    create().map(|()| lock.to_path_buf()).map_err(|err| {
        Diagnostic::error(
            lock,
            Position::new(1, 1),
            format!("cannot take over the build's lock file: {err}"),
        )
    })
}

/// Swaps two paths in one step, where the system can (Linux's
/// `renameat2` with `RENAME_EXCHANGE`), so that a build killed while it
/// replaces the output leaves the old site or the new one, never neither.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call, and AT_FDCWD makes them relative to the working directory.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the two renames of [`Staging::commit`] are used.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes the staging folders of earlier builds into `name` that were
/// stopped before they finished: with the lock held, none is running.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` is running. Where that cannot be told, a lock is
/// taken as held: refusing is safer than two builds at once.
fn is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content/out")).is_err());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, &root.join("content/../..")).is_err());
        assert!(check_output_dir(root, &root.join("output")).is_ok());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        assert!(check_output_dir(root, &root.join("mine")).is_err());
    }

    #[test]
    fn a_commit_replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let output = root.join("output");
        let first = Staging::begin(root, &output).unwrap();
        first.write("a/index.html", b"one").unwrap();
        first.commit().unwrap();
        let second = Staging::begin(root, &output).unwrap();
        second.write("b.txt", b"two").unwrap();
        assert!(second.write("../escape.txt", b"x").is_err());
        let twice = second.write("b.txt", b"three").unwrap_err();
        assert_eq!(twice.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(second.staging.join("b.txt")).unwrap(), b"two");
        drop(second);
        assert_eq!(std::fs::read(output.join("a/index.html")).unwrap(), b"one");
        let third = Staging::begin(root, &output).unwrap();
        third.write("b.txt", b"two").unwrap();
        third.commit().unwrap();
        assert!(!output.join("a").exists());
        assert!(output.join("b.txt").exists());
    }
}
