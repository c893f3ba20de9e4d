//! File names for per-site outputs (one report per site, named by the site id): the id with the
//! characters no file system takes replaced, kept short, and made unique within one batch so a
//! repeated id never overwrites another site's report.
//!
//! Not for deciding where outputs may go (see `report::refuse_overwriting_inputs`).

use std::collections::HashSet;

/// Longest stem kept, in characters (file systems allow 255 bytes; CJK is 3 bytes a character).
const MAX_STEM_CHARS: usize = 80;

/// Names already given in one batch, compared without case (Windows and macOS ignore it).
#[derive(Debug, Default)]
pub struct FileNames {
    used: HashSet<String>,
}

impl FileNames {
    /// `<id>.<ext>` made safe, or `<id>_<index+1>.<ext>` when that name was given already.
    pub fn name_for(&mut self, id: &str, index: usize, ext: &str) -> String {
        let stem = safe_stem(id);
        let mut name = format!("{stem}.{ext}");
        if !self.used.insert(name.to_lowercase()) {
            name = format!("{stem}_{}.{ext}", index + 1);
            let mut n = 2;
            while !self.used.insert(name.to_lowercase()) {
                name = format!("{stem}_{}_{n}.{ext}", index + 1);
                n += 1;
            }
        }
        name
    }
}

/// The id as a file stem: path separators, reserved characters and control characters become
/// `_`, leading and trailing dots and spaces go, and an empty result is `site`.
pub fn safe_stem(id: &str) -> String {
    let replaced: String = id
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(MAX_STEM_CHARS)
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "site".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_safe_unique_names() {
        let mut names = FileNames::default();
        assert_eq!(names.name_for("DK-001", 0, "docx"), "DK-001.docx");
        assert_eq!(names.name_for("a/b:c*?", 1, "docx"), "a_b_c__.docx");
        assert_eq!(names.name_for("..", 2, "docx"), "site.docx");
        assert_eq!(names.name_for("dk-001", 3, "docx"), "dk-001_4.docx");
        assert_eq!(names.name_for("  ", 4, "docx"), "site_5.docx");
    }
}
