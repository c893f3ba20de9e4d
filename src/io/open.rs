//! Opening a user's file safely: only regular files (and folders where a format is a folder,
//! such as a FileGDB `.gdb`) are read. A FIFO would block forever, `/dev/zero` would fill memory,
//! a socket or device is never data; each is refused with an error naming the path.
//!
//! Not for deciding formats (see `io::load_layers`) and not for writing.

use std::io::Read;
use std::path::Path;

use crate::error::{Result, ZoneError};

/// What a path that may be opened is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openable {
    /// A regular file (a symbolic link to one counts), of this many bytes.
    File { len_bytes: u64 },
    /// A folder: only readable where the format is a folder (`.gdb`); the caller decides.
    Folder,
}

/// Checks that `path` is a regular file or a folder before anything opens it. A FIFO, socket or
/// device is an error (opening a FIFO would block until a writer comes); so is a symbolic link
/// loop or a dangling link (the operating system's own error, naming the path).
pub fn check_openable(path: &Path) -> Result<Openable> {
    let meta = std::fs::metadata(path).map_err(|e| ZoneError::io(path, e))?;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Openable::File {
            len_bytes: meta.len(),
        });
    }
    if kind.is_dir() {
        return Ok(Openable::Folder);
    }
    Err(ZoneError::format(
        path,
        format!(
            "is {}, not a file: zonecheck reads only regular files",
            special_kind(&kind)
        ),
    ))
}

/// Words for a file type that is neither a file nor a folder.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    let _ = kind;
    "a special file"
}

/// Checks that `path` is a regular file (a folder is an error here).
pub fn check_regular_file(path: &Path) -> Result<u64> {
    match check_openable(path)? {
        Openable::File { len_bytes } => Ok(len_bytes),
        Openable::Folder => Err(ZoneError::format(
            path,
            "is a folder, where a file is expected",
        )),
    }
}

/// Opens a regular file for reading (see [`check_openable`]), and checks the opened handle
/// again, so a FIFO swapped in after the check is still refused.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, u64)> {
    check_regular_file(path)?;
    let file = std::fs::File::open(path).map_err(|e| ZoneError::io(path, e))?;
    let meta = file.metadata().map_err(|e| ZoneError::io(path, e))?;
    if !meta.is_file() {
        return Err(ZoneError::format(
            path,
            "changed into something other than a regular file while being opened",
        ));
    }
    Ok((file, meta.len()))
}

/// Reads a whole regular file. Memory is bounded by the file's real size: the buffer grows with
/// what is read, never from a declared size, and a file growing while read is cut at the size
/// it had when opened (plus one byte, to notice).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let (file, len_bytes) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len_bytes).unwrap_or(0));
    file.take(len_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ZoneError::io(path, e))?;
    if bytes.len() as u64 > len_bytes {
        return Err(ZoneError::format(
            path,
            "grew while being read (is another program writing it?)",
        ));
    }
    Ok(bytes)
}

/// Reads the first `max_bytes` of a regular file (for sniffing its format).
pub fn read_head(path: &Path, max_bytes: usize) -> Result<Vec<u8>> {
    let (file, _) = open_regular(path)?;
    let mut head = Vec::with_capacity(max_bytes.min(1 << 16));
    file.take(max_bytes as u64)
        .read_to_end(&mut head)
        .map_err(|e| ZoneError::io(path, e))?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_folders_pass_devices_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "abc").unwrap();
        assert_eq!(
            check_openable(&file).unwrap(),
            Openable::File { len_bytes: 3 }
        );
        assert_eq!(check_openable(dir.path()).unwrap(), Openable::Folder);
        assert_eq!(read_file(&file).unwrap(), b"abc");
        assert_eq!(read_head(&file, 2).unwrap(), b"ab");
        #[cfg(unix)]
        {
            let err = check_openable(Path::new("/dev/zero"))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("/dev/zero") && err.contains("character device"),
                "{err}"
            );
            assert!(read_file(Path::new("/dev/null")).is_err());
        }
    }
}
