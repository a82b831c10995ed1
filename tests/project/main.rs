//! The repository's own documents and workflows stay true to the code:
//! ARCHITECTURE.md's code map, pipeline and invariants; the README, guide
//! and bench documents' length, links and sections; the paths
//! CONTRIBUTING.md names and the helpers templates/README.md lists; and the
//! CI and release workflows under `.github/workflows/`.

mod architecture;
mod documents;
mod workflows;

use std::path::{Path, PathBuf};

/// A path in this repository.
fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The text of a file of this repository.
fn read(relative: &str) -> String {
    let path = repo_path(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// Every file under `dir` (relative to the repository) whose name ends in
/// `suffix`, as `/`-separated paths relative to the repository, sorted.
fn files_under(dir: &str, suffix: &str) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, suffix: &str, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read a source directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(root, &path, suffix, out);
            } else if path.to_string_lossy().ends_with(suffix) {
                let relative = path.strip_prefix(root).expect("inside the repository");
                let parts: Vec<String> = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let root = repo_path("");
    let mut out = Vec::new();
    walk(&root, &root.join(dir), suffix, &mut out);
    out.sort();
    out
}
