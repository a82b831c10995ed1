//! The three-way merge of day two (`scaffold add`, `scaffold upgrade`), as
//! logic: for every path, the version scaffold generated last (base), the
//! version it renders now (theirs) and the one in the work tree (ours) give
//! what the work tree gets and what the user is told. Pure: the line merge
//! of two edited text files is handed in as a [`TextMerge`] (git's, through
//! `base_tree`), so every rule here is tested without git or disk.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One version of a file: its bytes and whether it is executable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub contents: Vec<u8>,
    pub executable: bool,
}

/// A tree of files by relative, `/`-separated path.
pub type Tree = BTreeMap<String, Blob>;

/// What the work tree holds at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ours {
    Missing,
    File(Blob),
    /// A directory, a symbolic link, a FIFO...: never read, never replaced.
    NotAFile,
}

/// The line merge of two edited versions of a text file.
pub trait TextMerge {
    /// Merges `ours` and `theirs`, both derived from `base` (empty for an
    /// add/add). `clean` is false when the result holds conflict markers.
    fn merge(&self, path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> TextMerged;
}

/// The result of a [`TextMerge`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMerged {
    pub contents: Vec<u8>,
    pub clean: bool,
}

/// What happens to one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Scaffold's new file, where there was none.
    Added,
    /// Untouched by the user, so scaffold's new version replaces it.
    Updated,
    /// Untouched by the user, and scaffold no longer generates it.
    Deleted,
    /// Both changed it; the changes merged without a conflict.
    Merged,
    /// Both changed it and the changes clash: the work tree gets conflict
    /// markers (text), or keeps the user's version (see the reason).
    Conflict(ConflictKind),
}

/// Why a path conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both edited the same lines: markers are written.
    BothModified,
    /// Both added the file with different contents: markers are written.
    BothAdded,
    /// The user edited it and scaffold no longer generates it: kept.
    DeletedByScaffold,
    /// The user deleted it and scaffold changed it: left deleted.
    DeletedByYou,
    /// Both changed a binary file: the user's version is kept.
    Binary,
    /// Something that is not a regular file is in the way: left alone.
    NotAFile,
}

impl ConflictKind {
    /// What the user is told, after the path.
    pub fn explain(self) -> &'static str {
        match self {
            ConflictKind::BothModified => {
                "you and scaffold changed the same lines; conflict markers written"
            }
            ConflictKind::BothAdded => "you and scaffold both created it; conflict markers written",
            ConflictKind::DeletedByScaffold => {
                "you changed it and scaffold no longer generates it; your version kept"
            }
            ConflictKind::DeletedByYou => "you deleted it and scaffold changed it; left deleted",
            ConflictKind::Binary => "you and scaffold changed this binary file; your version kept",
            ConflictKind::NotAFile => {
                "something that is not a regular file is in the way; left alone"
            }
        }
    }
}

/// What the work tree gets at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// These bytes, with this mode.
    File(Blob),
    /// The file goes.
    Remove,
}

/// The merge of one path: what the user is told and what is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMerge {
    pub path: String,
    pub change: Change,
    /// None when the work tree keeps what it has.
    pub write: Option<Write>,
}

/// Merges every path of `base` and `theirs` with the work tree, `ours`
/// (asked per path). Paths where nothing happens are left out; the rest
/// come sorted by path.
pub fn merge_trees(
    base: &Tree,
    theirs: &Tree,
    ours: impl Fn(&str) -> Ours,
    text: &dyn TextMerge,
) -> Vec<FileMerge> {
    let paths: BTreeSet<&String> = base.keys().chain(theirs.keys()).collect();
    paths
        .into_iter()
        .filter_map(|path| merge_file(path, base.get(path), theirs.get(path), &ours(path), text))
        .collect()
}

/// Merges one path; None when the work tree already is what it should be.
pub fn merge_file(
    path: &str,
    base: Option<&Blob>,
    theirs: Option<&Blob>,
    ours: &Ours,
    text: &dyn TextMerge,
) -> Option<FileMerge> {
    let done = |change: Change, write: Option<Write>| {
        Some(FileMerge {
            path: path.to_owned(),
            change,
            write,
        })
    };
    // Scaffold changed nothing here: the user's version stands, whatever it is.
    if base == theirs {
        return None;
    }
    let ours = match ours {
        Ours::NotAFile => return done(Change::Conflict(ConflictKind::NotAFile), None),
        Ours::Missing => None,
        Ours::File(blob) => Some(blob),
    };
    // The work tree already has scaffold's new version.
    if ours == theirs {
        return None;
    }
    // The user did not touch it: scaffold's version goes in.
    if ours == base {
        return match theirs {
            Some(new) if base.is_none() => done(Change::Added, Some(Write::File(new.clone()))),
            Some(new) => done(Change::Updated, Some(Write::File(new.clone()))),
            None => done(Change::Deleted, Some(Write::Remove)),
        };
    }
    // Both changed it.
    match (ours, theirs) {
        (None, _) => done(Change::Conflict(ConflictKind::DeletedByYou), None),
        (Some(_), None) => done(Change::Conflict(ConflictKind::DeletedByScaffold), None),
        (Some(mine), Some(new)) => {
            let ancestor = base.map_or(&[][..], |blob| blob.contents.as_slice());
            if [ancestor, &mine.contents, &new.contents]
                .iter()
                .any(|bytes| is_binary(bytes))
            {
                return done(Change::Conflict(ConflictKind::Binary), None);
            }
            let merged = text.merge(path, ancestor, &mine.contents, &new.contents);
            // The mode follows scaffold when the user left it as it was.
            let executable = match base {
                Some(old) if old.executable == mine.executable => new.executable,
                _ => mine.executable,
            };
            let change = match (merged.clean, base.is_some()) {
                (true, _) => Change::Merged,
                (false, true) => Change::Conflict(ConflictKind::BothModified),
                (false, false) => Change::Conflict(ConflictKind::BothAdded),
            };
            let unchanged = merged.contents == mine.contents && executable == mine.executable;
            let write = (!unchanged).then_some(Write::File(Blob {
                contents: merged.contents,
                executable,
            }));
            done(change, write)
        }
    }
}

/// Binary as git decides it: a NUL byte in the first 8000 bytes.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8000).any(|&byte| byte == 0)
}

/// The paths that conflict.
pub fn conflicts(merges: &[FileMerge]) -> Vec<&FileMerge> {
    merges
        .iter()
        .filter(|merge| matches!(merge.change, Change::Conflict(_)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line merge good enough for the tests: one side's change wins when
    /// the other kept the base, else markers.
    struct Toy;

    impl TextMerge for Toy {
        fn merge(&self, _path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> TextMerged {
            if ours == base {
                return TextMerged {
                    contents: theirs.to_vec(),
                    clean: true,
                };
            }
            let mut contents = b"<<<<<<< yours\n".to_vec();
            contents.extend_from_slice(ours);
            contents.extend_from_slice(b"=======\n");
            contents.extend_from_slice(theirs);
            contents.extend_from_slice(b">>>>>>> scaffold\n");
            TextMerged {
                contents,
                clean: false,
            }
        }
    }

    fn blob(text: &str) -> Blob {
        Blob {
            contents: text.as_bytes().to_vec(),
            executable: false,
        }
    }

    fn one(base: Option<&str>, theirs: Option<&str>, ours: Option<&str>) -> Option<FileMerge> {
        let ours = ours.map_or(Ours::Missing, |text| Ours::File(blob(text)));
        merge_file(
            "f.txt",
            base.map(blob).as_ref(),
            theirs.map(blob).as_ref(),
            &ours,
            &Toy,
        )
    }

    #[test]
    fn a_file_scaffold_did_not_change_keeps_the_users_version() {
        assert_eq!(one(Some("a\n"), Some("a\n"), Some("mine\n")), None);
        assert_eq!(one(Some("a\n"), Some("a\n"), None), None);
    }

    #[test]
    fn a_file_the_user_did_not_touch_takes_scaffolds_new_version() {
        let merge = one(Some("a\n"), Some("b\n"), Some("a\n")).expect("a change");
        assert_eq!(merge.change, Change::Updated);
        assert_eq!(merge.write, Some(Write::File(blob("b\n"))));
    }

    #[test]
    fn a_new_file_of_scaffold_is_added() {
        let merge = one(None, Some("new\n"), None).expect("a change");
        assert_eq!(merge.change, Change::Added);
        assert_eq!(merge.write, Some(Write::File(blob("new\n"))));
    }

    #[test]
    fn the_same_file_added_by_both_is_left_alone() {
        assert_eq!(one(None, Some("same\n"), Some("same\n")), None);
    }

    #[test]
    fn different_files_added_by_both_conflict_with_markers() {
        let merge = one(None, Some("theirs\n"), Some("mine\n")).expect("a change");
        assert_eq!(merge.change, Change::Conflict(ConflictKind::BothAdded));
        let Some(Write::File(written)) = merge.write else {
            panic!("markers are written")
        };
        assert!(written.contents.starts_with(b"<<<<<<< yours\nmine\n"));
    }

    #[test]
    fn edits_on_both_sides_conflict_and_the_markers_name_both() {
        let merge = one(Some("a\n"), Some("b\n"), Some("c\n")).expect("a change");
        assert_eq!(merge.change, Change::Conflict(ConflictKind::BothModified));
        let Some(Write::File(written)) = merge.write else {
            panic!("markers are written")
        };
        let text = String::from_utf8(written.contents).expect("text");
        assert!(text.contains("c\n=======\nb\n"), "{text}");
    }

    #[test]
    fn a_clean_line_merge_is_reported_as_merged() {
        struct Clean;
        impl TextMerge for Clean {
            fn merge(&self, _: &str, _: &[u8], _: &[u8], _: &[u8]) -> TextMerged {
                TextMerged {
                    contents: b"both\n".to_vec(),
                    clean: true,
                }
            }
        }
        let merge = merge_file(
            "f",
            Some(&blob("a\n")),
            Some(&blob("b\n")),
            &Ours::File(blob("c\n")),
            &Clean,
        )
        .expect("a change");
        assert_eq!(merge.change, Change::Merged);
        assert_eq!(merge.write, Some(Write::File(blob("both\n"))));
    }

    #[test]
    fn a_file_scaffold_drops_goes_only_when_the_user_left_it_alone() {
        let untouched = one(Some("a\n"), None, Some("a\n")).expect("a change");
        assert_eq!(untouched.change, Change::Deleted);
        assert_eq!(untouched.write, Some(Write::Remove));
        let edited = one(Some("a\n"), None, Some("mine\n")).expect("a change");
        assert_eq!(
            edited.change,
            Change::Conflict(ConflictKind::DeletedByScaffold)
        );
        assert_eq!(edited.write, None);
        assert_eq!(one(Some("a\n"), None, None), None, "both deleted it");
    }

    #[test]
    fn a_file_the_user_deleted_is_not_brought_back() {
        let merge = one(Some("a\n"), Some("b\n"), None).expect("a change");
        assert_eq!(merge.change, Change::Conflict(ConflictKind::DeletedByYou));
        assert_eq!(merge.write, None);
    }

    #[test]
    fn binary_files_changed_on_both_sides_keep_the_users_version() {
        let merge = one(Some("a\0"), Some("b\0"), Some("c\0")).expect("a change");
        assert_eq!(merge.change, Change::Conflict(ConflictKind::Binary));
        assert_eq!(merge.write, None);
        let untouched = one(Some("a\0"), Some("b\0"), Some("a\0")).expect("a change");
        assert_eq!(untouched.change, Change::Updated);
    }

    #[test]
    fn something_not_a_file_in_the_way_is_never_replaced() {
        let merge =
            merge_file("d", None, Some(&blob("x")), &Ours::NotAFile, &Toy).expect("reported");
        assert_eq!(merge.change, Change::Conflict(ConflictKind::NotAFile));
        assert_eq!(merge.write, None);
    }

    #[test]
    fn a_mode_change_of_scaffold_reaches_an_untouched_file() {
        let old = blob("#!/bin/sh\n");
        let new = Blob {
            executable: true,
            ..old.clone()
        };
        let merge = merge_file(
            "run",
            Some(&old),
            Some(&new),
            &Ours::File(old.clone()),
            &Toy,
        )
        .expect("a change");
        assert_eq!(merge.change, Change::Updated);
        assert_eq!(merge.write, Some(Write::File(new)));
    }

    #[test]
    fn merging_trees_visits_every_path_once_in_order() {
        let tree = |entries: &[(&str, &str)]| -> Tree {
            entries
                .iter()
                .map(|(path, text)| ((*path).to_owned(), blob(text)))
                .collect()
        };
        let base = tree(&[("a", "1"), ("b", "1"), ("c", "1")]);
        let theirs = tree(&[("a", "1"), ("b", "2"), ("d", "new")]);
        let work = tree(&[("a", "edited"), ("b", "1"), ("c", "1")]);
        let merges = merge_trees(
            &base,
            &theirs,
            |path| work.get(path).cloned().map_or(Ours::Missing, Ours::File),
            &Toy,
        );
        let summary: Vec<(&str, &Change)> = merges
            .iter()
            .map(|merge| (merge.path.as_str(), &merge.change))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("b", &Change::Updated),
                ("c", &Change::Deleted),
                ("d", &Change::Added)
            ]
        );
        assert!(conflicts(&merges).is_empty());
    }
}
