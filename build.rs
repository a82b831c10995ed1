//! include_dir does not notice added or removed template files on stable Rust,
//! so tell cargo to rebuild whenever anything under templates/ changes.
fn main() {
    println!("cargo:rerun-if-changed=templates");
}
