//! Writing an output file without clobbering what is at its path: a regular file is
//! replaced atomically and keeps its permissions, a symbolic link keeps pointing where it
//! did (its target gets the content), and a FIFO, a device or `-` is written in place.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How many links a path may go through before it is taken for a loop, as the kernel's
/// own limit.
const MAX_LINKS: usize = 40;

/// Writes an output. A regular file (or a path with nothing there yet) is written through
/// a temporary file beside it that replaces it only once everything was written, so a
/// failed run leaves no partial file and the old one untouched; an existing file keeps
/// its mode. A symbolic link is followed to its target, and only where the kernel itself
/// would follow it (so `fs.protected_symlinks` holds). A FIFO, a device or a socket is
/// written in place, since renaming over it would replace it with a plain file; `-` is
/// standard output. A directory is an error.
///
/// The temporary file has a random name and is created exclusively (`tempfile`), so a
/// file or link planted beside the output is never written through; it is removed when
/// the write fails, and when the process is stopped by SIGINT, SIGTERM or SIGHUP.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if path == Path::new("-") {
        let mut out = io::stdout().lock();
        write(&mut out)?;
        return out.flush();
    }
    let target = follow_links(path)?;
    match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a directory", target.display()),
        )),
        Ok(meta) if !meta.is_file() => {
            // Opened by its own path, so the kernel follows any link with its own rules.
            let mut file = fs::OpenOptions::new().write(true).open(path)?;
            write(&mut file)?;
            file.flush()
        }
        Ok(meta) => {
            kernel_follows(path, &target)?;
            replace(&target, Some(meta.permissions()), write)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            kernel_follows(path, &target)?;
            replace(&target, None, write)
        }
        Err(e) => Err(e),
    }
}

/// Where `path` is a link, asks the kernel whether it would follow it for this process, by
/// opening it for writing without creating or truncating anything; the rename that follows
/// replaces the target. A link the kernel refuses (a stranger's link in a sticky,
/// world-writable directory under `fs.protected_symlinks`) is refused here too.
fn kernel_follows(path: &Path, target: &Path) -> io::Result<()> {
    if path == target {
        return Ok(());
    }
    match fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!(
                "{} is a symbolic link the system does not let this user follow for writing: {e}",
                path.display()
            ),
        )),
    }
}

/// The path a chain of symbolic links leads to (the path itself when it is no link), even
/// when the last target does not exist yet.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is a loop of symbolic links (more than {MAX_LINKS})",
            path.display()
        ),
    ))
}

/// Writes `path` through a temporary file beside it, then renames it into place, with
/// `permissions` (those of the file it replaces) when there are any.
fn replace(
    path: &Path,
    permissions: Option<fs::Permissions>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the output path names no file",
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cpsu-kg-").suffix(".tmp");
    // A new file gets the mode any new file gets (0666 less the umask), not the private
    // 0600 of a temporary file; one that replaces a file gets that file's mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(
            permissions
                .clone()
                .unwrap_or_else(|| fs::Permissions::from_mode(0o666)),
        );
    }
    let mut temporary = builder.tempfile_in(&dir)?;
    let _registered = on_signal::Registered::new(temporary.path());
    if let Some(permissions) = permissions {
        // The umask narrowed the mode at creation; the replaced file's mode is kept whole.
        temporary.as_file().set_permissions(permissions)?;
    }
    write(&mut temporary)?;
    temporary.as_file().sync_all()?;
    // On failure the temporary file is dropped with the error, which removes it.
    temporary.persist(path).map(drop).map_err(|e| e.error)
}

/// Temporary files to remove if the process is stopped by a signal before it renames or
/// removes them itself (SIGKILL cannot be caught; its leftovers are named `.cpsu-kg-*.tmp`).
mod on_signal {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, Once};

    static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
    static HANDLER: Once = Once::new();

    /// A temporary file on the list while this value lives.
    pub struct Registered(PathBuf);

    impl Registered {
        pub fn new(path: &Path) -> Self {
            HANDLER.call_once(|| {
                // A process that installed its own handler (`serve`) writes no output
                // files; then there is nothing to add.
                let _ = ctrlc::set_handler(|| {
                    let live = LIVE
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    for path in live.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    std::process::exit(130);
                });
            });
            LIVE.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(path.to_path_buf());
            Self(path.to_path_buf())
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            LIVE.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cpsu-kg-file-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a temporary directory");
        dir
    }

    fn put(path: &Path, text: &str) -> io::Result<()> {
        write_atomically(path, |out| out.write_all(text.as_bytes()))
    }

    #[test]
    fn a_regular_file_is_replaced_and_keeps_its_mode() {
        let dir = temp_dir("mode");
        let path = dir.join("out.ttl");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        put(&path, "new").expect("written");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A failed write leaves the old content and no temporary file.
        let failed = write_atomically(&path, |_| Err(io::Error::other("boom")));
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 1);
    }

    #[test]
    fn a_new_file_gets_the_ordinary_mode_and_planted_links_are_never_written_through() {
        let dir = temp_dir("planted");
        let path = dir.join("out.ttl");
        let victim = dir.join("victim");
        fs::write(&victim, "precious").expect("write");
        // Links on the names a temporary file could have had, old and new schemes alike.
        symlink(
            &victim,
            dir.join(format!(".out.ttl.{}.tmp", std::process::id())),
        )
        .expect("a link");
        for i in 0..50 {
            symlink(&victim, dir.join(format!(".cpsu-kg-{i:06}.tmp"))).expect("a link");
        }
        put(&path, "new").expect("written");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "precious");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        // The mode of any new file (0666 less the umask), as `File::create` makes it.
        let ordinary = dir.join("ordinary");
        fs::File::create(&ordinary).expect("create");
        let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&ordinary));
    }

    #[test]
    fn a_symbolic_link_stays_and_its_target_gets_the_content() {
        let dir = temp_dir("link");
        let target = dir.join("target.ttl");
        fs::write(&target, "old").expect("write");
        let link = dir.join("link.ttl");
        symlink("target.ttl", &link).expect("a link");
        put(&link, "new").expect("written");
        assert!(
            fs::symlink_metadata(&link)
                .expect("stat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).expect("read"), "new");
        // A dangling link gets its target created; a loop is an error.
        let dangling = dir.join("dangling.ttl");
        symlink("missing.ttl", &dangling).expect("a link");
        put(&dangling, "made").expect("written");
        assert_eq!(
            fs::read_to_string(dir.join("missing.ttl")).expect("read"),
            "made"
        );
        symlink("b", dir.join("a")).expect("a link");
        symlink("a", dir.join("b")).expect("a link");
        let error = put(&dir.join("a"), "x").expect_err("a loop");
        assert!(
            error.to_string().contains("loop of symbolic links"),
            "{error}"
        );
        let error = put(&dir, "x").expect_err("a directory");
        assert!(error.to_string().contains("is a directory"), "{error}");
    }

    #[test]
    fn a_fifo_is_written_in_place() {
        let dir = temp_dir("fifo");
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).expect("read the pipe"))
        };
        put(&fifo, "through the pipe").expect("written");
        assert_eq!(reader.join().expect("the reader"), "through the pipe");
        assert!(
            fs::symlink_metadata(&fifo)
                .expect("stat")
                .file_type()
                .is_fifo()
        );
    }
}
