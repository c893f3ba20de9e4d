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

/// What a file that is no layer at all really holds, told from its first bytes: so a face can
/// say "this is a PNG image" in the user's language instead of a format error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignContent {
    Folder,
    PngImage,
    JpegImage,
    GifImage,
    TiffImage,
    PdfDocument,
    /// A Word/Excel file of the old binary kind (.doc/.xls compound file).
    OfficeBinary,
    RarArchive,
    SevenZipArchive,
    /// An AutoCAD drawing (.dwg): zonecheck reads .dxf, not .dwg.
    DwgDrawing,
    HtmlPage,
}

/// The foreign content at `path`, if its first bytes say it is one of the common non-layer
/// files (a folder counts). `None` when it could be a layer, or cannot be read.
pub fn foreign_content(path: &Path) -> Option<ForeignContent> {
    if path.is_dir() {
        let gdb = path.join("a00000001.gdbtable").is_file();
        return (!gdb).then_some(ForeignContent::Folder);
    }
    let head = read_head(path, 16).ok()?;
    let starts = |magic: &[u8]| head.starts_with(magic);
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    Some(if starts(b"\x89PNG") {
        ForeignContent::PngImage
    } else if starts(b"\xFF\xD8\xFF") {
        ForeignContent::JpegImage
    } else if starts(b"GIF8") {
        ForeignContent::GifImage
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        ForeignContent::TiffImage
    } else if starts(b"%PDF") {
        ForeignContent::PdfDocument
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") && !has_extension(path, "xls") {
        ForeignContent::OfficeBinary
    } else if starts(b"Rar!") {
        ForeignContent::RarArchive
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        ForeignContent::SevenZipArchive
    } else if starts(b"AC10") {
        ForeignContent::DwgDrawing
    } else if text.trim_start().starts_with("<!doctype html")
        || text.trim_start().starts_with("<html")
    {
        ForeignContent::HtmlPage
    } else {
        return None;
    })
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
