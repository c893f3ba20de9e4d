//! A small parser for WKT1 syntax (`KEYWORD["text", 1.0, CHILD[...], ...]`, brackets or parentheses)
//! into a tree, so `wkt` can read the few nodes that decide a CRS.
//!
//! Not for interpreting the tree (see `wkt`), nor for WKT2 keywords beyond their syntax.

/// One `KEYWORD[...]` node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Upper-cased keyword, e.g. `PROJCS`.
    pub keyword: String,
    pub args: Vec<Arg>,
}

/// An argument inside the brackets of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
    /// A bare word such as `EAST` in `AXIS["Easting",EAST]`.
    Word(String),
    Node(Node),
}

impl Node {
    /// The first quoted text argument (the name, for most nodes).
    pub fn name(&self) -> Option<&str> {
        self.args.iter().find_map(|a| match a {
            Arg::Text(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// The `i`-th numeric argument.
    pub fn number(&self, i: usize) -> Option<f64> {
        self.args
            .iter()
            .filter_map(|a| match a {
                Arg::Number(n) => Some(*n),
                _ => None,
            })
            .nth(i)
    }

    /// The direct children with this keyword.
    pub fn children<'a>(&'a self, keyword: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.args.iter().filter_map(move |a| match a {
            Arg::Node(n) if n.keyword == keyword => Some(n),
            _ => None,
        })
    }

    /// The first direct child with this keyword.
    pub fn child<'a>(&'a self, keyword: &'a str) -> Option<&'a Node> {
        self.children(keyword).next()
    }
}

/// Parses one WKT node; the error says what was expected and at which character.
pub fn parse(text: &str) -> Result<Node, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser { chars, pos: 0 };
    p.skip_ws();
    let node = p.node()?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(format!(
            "unexpected text after the closing bracket at character {}",
            p.pos
        ));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

/// Guards against stack exhaustion on hostile input; real WKT nests 5 or 6 deep.
const MAX_DEPTH: usize = 32;

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self
            .peek()
            .is_some_and(|c| c.is_whitespace() || c == '\u{feff}')
        {
            self.pos += 1;
        }
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn node(&mut self) -> Result<Node, String> {
        self.node_at_depth(0)
    }

    fn node_at_depth(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        let keyword = self.word();
        if keyword.is_empty() || !keyword.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(format!(
                "expected a keyword such as PROJCS at character {}",
                self.pos
            ));
        }
        self.skip_ws();
        let close = match self.peek() {
            Some('[') => ']',
            Some('(') => ')',
            _ => {
                return Err(format!(
                    "expected '[' after {keyword} at character {}",
                    self.pos
                ));
            }
        };
        self.pos += 1;
        let mut args = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Err(format!("{keyword}[ is never closed")),
                Some(c) if c == close && args.is_empty() => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            args.push(self.arg(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                None => return Err(format!("{keyword}[ is never closed")),
                Some(c) => {
                    return Err(format!(
                        "expected ',' or '{close}' in {keyword} at character {}, found {c:?}",
                        self.pos
                    ));
                }
            }
        }
        Ok(Node {
            keyword: keyword.to_ascii_uppercase(),
            args,
        })
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, String> {
        match self.peek() {
            Some('"') => {
                self.pos += 1;
                let mut s = String::new();
                loop {
                    match self.peek() {
                        None => return Err("a quoted text is never closed".into()),
                        // WKT escapes a quote by doubling it.
                        Some('"') if self.chars.get(self.pos + 1) == Some(&'"') => {
                            s.push('"');
                            self.pos += 2;
                        }
                        Some('"') => {
                            self.pos += 1;
                            return Ok(Arg::Text(s));
                        }
                        Some(c) => {
                            s.push(c);
                            self.pos += 1;
                        }
                    }
                }
            }
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(c))
                {
                    self.pos += 1;
                }
                let s: String = self.chars[start..self.pos].iter().collect();
                s.parse::<f64>()
                    .map(Arg::Number)
                    .map_err(|_| format!("{s:?} at character {start} is not a number"))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let save = self.pos;
                let word = self.word();
                self.skip_ws();
                if matches!(self.peek(), Some('[') | Some('(')) {
                    self.pos = save;
                    self.node_at_depth(depth + 1).map(Arg::Node)
                } else {
                    Ok(Arg::Word(word))
                }
            }
            other => Err(format!(
                "unexpected {other:?} at character {} (expected text, a number or a keyword)",
                self.pos
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_nodes_numbers_words_and_escapes() {
        let n = parse(r#"PROJCS["a ""b""",GEOGCS("g",X[1.5e2,-3]),AXIS["E",EAST]]"#).unwrap();
        assert_eq!(n.keyword, "PROJCS");
        assert_eq!(n.name(), Some("a \"b\""));
        let g = n.child("GEOGCS").unwrap();
        assert_eq!(g.child("X").unwrap().number(0), Some(150.0));
        assert_eq!(g.child("X").unwrap().number(1), Some(-3.0));
        assert_eq!(n.child("AXIS").unwrap().args[1], Arg::Word("EAST".into()));
    }

    #[test]
    fn rejects_garbage_with_a_position() {
        for bad in [
            "",
            "hello",
            "PROJCS[",
            "PROJCS[\"a\"",
            "PROJCS[\"a\"] x",
            "PROJCS[1 2]",
            "[1]",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "A[".repeat(100) + &"]".repeat(100);
        assert!(parse(&deep).is_err());
    }
}
