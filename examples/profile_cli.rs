//! The `zonecheck` command line with the system allocator, for heap profilers.
//!
//! The shipped binary uses mimalloc, which takes memory from the kernel in large segments of its
//! own, so heaptrack and massif see a handful of allocations and no call sites. This runs the very
//! same `cli::run` on glibc's malloc, which they do see:
//!
//! ```sh
//! cargo build --release --example profile_cli
//! heaptrack target/release/examples/profile_cli query LAYER.shp --points points.csv --json > /dev/null
//! heaptrack_print heaptrack.profile_cli.*.zst | less     # "PEAK MEMORY CONSUMERS"
//! ```
//!
//! Peak RSS differs a little from the shipped binary's (another allocator); where the memory goes
//! does not.

use clap::Parser;
use zonecheck::cli::{self, Cli};

fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => {
            anyhow::bail!("give a command (info, query, check, …); the app is not profiled here")
        }
    }
}
