//! The `zonecheck` binary: parse arguments and hand over to the command line face.
fn main() {
    println!("zonecheck");
}
