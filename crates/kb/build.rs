//! Rebuild when the built-in KB changes: `include_dir!` embeds `kb/webshop/`
//! at compile time but cannot tell cargo to watch it on stable Rust.
fn main() {
    println!("cargo:rerun-if-changed=../../kb/webshop");
}
