//! Fill triangle corners of one feature, two bytes each where they fit.
//!
//! A corner indexes the feature's own fill vertices, so it fits in a `u16` for every feature of
//! at most 65,536 fill vertices — nearly all: a national layer's units average ~113 vertices.
//! Storing those corners as `u16` halves the full-detail level's largest array (the national
//! layer: 13.5 million corners, 54 → 27 MB), at the cost of one branch per feature drawn.

/// One feature's corners as a level holds them.
#[derive(Debug, Clone, Copy)]
pub enum Corners<'a> {
    Narrow(&'a [u16]),
    Wide(&'a [u32]),
}

impl Corners<'_> {
    /// Number of corners (three per triangle).
    pub fn len(&self) -> usize {
        match self {
            Corners::Narrow(c) => c.len(),
            Corners::Wide(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether every corner indexes one of `vertices` fill vertices (a corner past them would be
    /// a broken cache, and a wrong triangle on the map).
    pub fn all_below(&self, vertices: u32) -> bool {
        match self {
            Corners::Narrow(c) => c.iter().all(|&i| u32::from(i) < vertices),
            Corners::Wide(c) => c.iter().all(|&i| i < vertices),
        }
    }

    /// Appends the corners, each plus `base` (where the feature's vertices start in `out`'s
    /// mesh), in one tight loop per representation.
    pub fn extend_offset(&self, out: &mut Vec<u32>, base: u32) {
        match self {
            Corners::Narrow(c) => out.extend(c.iter().map(|&i| u32::from(i) + base)),
            Corners::Wide(c) => out.extend(c.iter().map(|&i| i + base)),
        }
    }

    /// The corners as `u32` (for tests and checks, not the frame loop).
    pub fn to_vec(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.len());
        self.extend_offset(&mut out, 0);
        out
    }
}

/// One feature's corners while a level is built, in the representation the level will hold.
#[derive(Debug)]
pub enum OwnedCorners {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for OwnedCorners {
    fn default() -> Self {
        OwnedCorners::Narrow(Vec::new())
    }
}

impl OwnedCorners {
    /// `corners` in two bytes each when every one fits, else as they are.
    pub fn from_u32(corners: Vec<u32>) -> Self {
        let narrow: Option<Vec<u16>> = corners.iter().map(|&i| u16::try_from(i).ok()).collect();
        match narrow {
            Some(narrow) => OwnedCorners::Narrow(narrow),
            None => OwnedCorners::Wide(corners),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_are_narrow_exactly_when_all_fit_in_two_bytes() {
        let small = vec![0, 1, 2, 2, 1, 65_535];
        let OwnedCorners::Narrow(narrow) = OwnedCorners::from_u32(small.clone()) else {
            panic!("65,535 fits in a u16");
        };
        assert_eq!(Corners::Narrow(&narrow).to_vec(), small);

        let large = vec![0, 1, 65_536];
        let OwnedCorners::Wide(wide) = OwnedCorners::from_u32(large.clone()) else {
            panic!("65,536 does not fit in a u16");
        };
        assert_eq!(wide, large);
    }

    #[test]
    fn both_forms_offset_and_check_alike() {
        let narrow = [0u16, 2, 3];
        let wide = [0u32, 2, 3];
        for corners in [Corners::Narrow(&narrow), Corners::Wide(&wide)] {
            let mut out = vec![7];
            corners.extend_offset(&mut out, 10);
            assert_eq!(out, [7, 10, 12, 13]);
            assert_eq!(corners.len(), 3);
            assert!(corners.all_below(4));
            assert!(!corners.all_below(3), "corner 3 indexes a fourth vertex");
        }
        assert!(Corners::Narrow(&[]).is_empty());
    }
}
