//! The `zonecheck` binary: parse arguments, hand over to the command line or the desktop app, and
//! turn errors into one readable line and a non-zero exit code.

use std::process::ExitCode;

use clap::Parser;
use zonecheck::cli::{self, Cli};

// Loading a province allocates millions of small vectors (rings, attribute strings); mimalloc
// measured ~10% faster than the system allocator on the national benchmark run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in the v3 `mimalloc.h` that libmimalloc-sys 0.1
/// builds by default; its Rust constants stop before these). The test below checks them by their defaults.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// While the layers load, freed memory goes back to the system at once, and arenas are
/// committed as used (see `allocator_after_load` for after the load): by default
/// mimalloc (v3) keeps freed pages for a second and commits arenas eagerly, which on a national layer's
/// load (tens of MB read and dropped: the .dbf, the .shp windows, per-ring vectors) kept
/// 45 MB more resident — `query` on 40,050 units and 100,000 points peaked at 173 MB, 128 MB
/// with these (the layer's coordinates are 72 MB), with no measurable change in time.
fn tune_allocator() {
    // SAFETY: plain option setters; called first thing in `main`, before any thread starts.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
}

/// What mimalloc's purge delay becomes once the layers are open: its own default, 1 s.
const PURGE_DELAY_AFTER_LOAD_MS: std::os::raw::c_long = 1000;

/// Once the layers are open, freed pages are kept for reuse again (mimalloc's default delay):
/// from there a command answers in chunks (2,048 points of `query`, a site of `batch`), each
/// freeing what the last allocated, and purging those pages at once made every chunk fault
/// them back in. `query` on the national layer and 100,000 points: 39,000 → 12,000 page faults,
/// system time about halved, peak RSS unchanged (the load's buffers, which a delay would have
/// kept, are gone by then).
fn allocator_after_load() {
    // SAFETY: a plain option setter (mimalloc stores and reads the option as a plain `long`);
    // the load's worker threads are idle when the layers are open, so none is allocating.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_AFTER_LOAD_MS);
    }
}

fn main() -> ExitCode {
    tune_allocator();
    cli::set_after_load(allocator_after_load);
    let args = Cli::parse();
    let context = args.command.as_ref().map(cli::ErrorContext::of);
    let result = match args.command {
        Some(command) => cli::run(command),
        None => cli::open_app(Vec::new()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `zonecheck … | head -1`: the reader had what it wanted.
        Err(e) if cli::out::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Not `eprintln!`, which panics when standard error cannot be written (`2>/dev/full`):
            // the exit code is then all that can tell.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "zonecheck: error: {}",
                cli::error_line(&e, context.as_ref())
            );
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbers name the options meant: each reads its default in mimalloc v3's
    /// `options.c` (purge delay 1000 ms, arena eager commit 2) before `tune_allocator` changes it.
    #[test]
    fn the_tuned_options_are_the_ones_meant() {
        // SAFETY: option getters.
        let (delay, eager) = unsafe {
            (
                libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY),
                libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT),
            )
        };
        assert_eq!((delay, eager), (1000, 2));
        tune_allocator();
        // SAFETY: as above.
        let tuned = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(tuned, 0);
        // Once the layers are open, the delay is mimalloc's default again.
        allocator_after_load();
        // SAFETY: as above.
        let after = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(after, delay);
    }
}
