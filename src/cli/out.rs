//! Standard output for every command, checked: a write that fails is an error that says so
//! ("cannot write the output: No space left on device"), and a reader that went away (`| head`)
//! ends the command quietly with exit code 0, as scripts expect.
//!
//! Not for warnings (stderr) or files the commands write (reports).

use std::io::{self, Write};

/// What the failed write's error says first, so `main` can tell a closed pipe from a failure.
const CONTEXT: &str = "cannot write the output";

/// A buffered, checked writer on standard output.
pub struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
}

/// Standard output, buffered (1 MiB) and checked.
pub fn stdout() -> Out {
    Out {
        inner: io::BufWriter::with_capacity(1 << 20, io::stdout().lock()),
    }
}

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = stdout();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The error a failed write becomes: its kind kept (so a closed pipe is still recognised),
/// its message saying what could not be written.
fn checked(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return e;
    }
    io::Error::new(e.kind(), format!("{CONTEXT}: {}", without_os_code(&e)))
}

fn without_os_code(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(checked)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(checked)
    }
}

/// Whether the command failed only because standard output's reader went away (`| head -1`):
/// not a failure, the reader had what it wanted.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `eprintln!` that never panics: a warning or error line that cannot be written to standard
/// error (`2>/dev/full`, a closed terminal) is dropped, as there is nowhere left to say so;
/// the exit code still tells.
macro_rules! warn_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use warn_line;
