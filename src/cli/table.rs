//! Plain-text tables aligned by display width, so Chinese columns line up in a terminal.

use unicode_width::UnicodeWidthStr;

/// A table of text cells printed with columns padded to the widest cell.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells print empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Whether no rows were added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as lines, each indented by `indent` spaces.
    pub fn render(&self, indent: usize) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(one_line(cell).width());
            }
        }
        let mut out = String::new();
        let pad = " ".repeat(indent);
        let mut line = |cells: &[String]| {
            out.push_str(&pad);
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map(|c| one_line(c)).unwrap_or_default();
                out.push_str(&cell);
                if i + 1 < cols {
                    out.push_str(&" ".repeat(w - cell.width() + 2));
                }
            }
            out.push('\n');
        };
        line(&self.header);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&rule);
        for row in &self.rows {
            line(row);
        }
        out
    }
}

/// Cell text on one line: newlines in attribute text would break the columns.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_by_display_width() {
        let mut t = Table::new(&["编码", "名称"]);
        t.row(vec!["ZH1".into(), "桃城区".into()]);
        t.row(vec!["ZH13110220001".into(), "x".into()]);
        let text = t.render(0);
        let lines: Vec<&str> = text.lines().collect();
        // The second column starts at the same display column on every line.
        let col = |l: &str| l.find(['名', '桃', 'x', '─']).map(|b| l[..b].width());
        assert_eq!(col(lines[0]), Some(15));
        assert_eq!(col(lines[2]), Some(15));
        assert_eq!(col(lines[3]), Some(15));
    }
}
