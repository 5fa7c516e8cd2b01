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
/// its mode. A symbolic link is followed to its target. A FIFO, a device or a socket is
/// written in place, since renaming over it would replace it with a plain file; `-` is
/// standard output. A directory is an error.
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
            let mut file = fs::OpenOptions::new().write(true).open(&target)?;
            write(&mut file)?;
            file.flush()
        }
        Ok(meta) => replace(&target, Some(meta.permissions()), write),
        Err(e) if e.kind() == io::ErrorKind::NotFound => replace(&target, None, write),
        Err(e) => Err(e),
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
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = fs::File::create(&temporary).and_then(|mut file| {
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        write(&mut file)?;
        file.sync_all()
    });
    match result.and_then(|()| fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            // The temporary file is ours alone; removing it can only fail if it never existed.
            let _ = fs::remove_file(&temporary);
            Err(e)
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
