//! Tokenising what users type as a coordinate: numbers, degree/minute/second marks (° ′ ″ ' " d m s
//! 度 分 秒), hemispheres (N S E W 北纬 东经 …), and separators (, ; ，、).
//!
//! Not for deciding which number is which (see `typed`).

/// One meaningful piece of typed coordinate text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Token {
    Number(f64),
    Degree,
    Minute,
    Second,
    /// `N`, `S`, `E` or `W` (Chinese words and lat/lon labels are mapped to these).
    Hemisphere(char),
    /// A separator between the two coordinates.
    Separator,
}

/// Full-width forms (as Chinese input methods type them) to ASCII, and words to one-letter marks.
fn normalise(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' | '—' => '-',
            '，' | '、' | '；' | ';' => ',',
            '：' | '=' | ':' | '(' | ')' | '（' | '）' | '[' | ']' => ' ',
            '　' => ' ',
            'º' | '˚' => '°',
            '’' | '′' | '\'' | '‘' => '′',
            '”' | '″' | '"' | '“' => '″',
            _ => c,
        })
        .collect();
    // Longer words first so 东经 is not read as 东 + 经.
    for (word, mark) in [
        ("东经", " E "),
        ("西经", " W "),
        ("北纬", " N "),
        ("南纬", " S "),
        ("经度", " E "),
        ("纬度", " N "),
        ("东", " E "),
        ("西", " W "),
        ("北", " N "),
        ("南", " S "),
        ("度", "°"),
        ("分", "′"),
        ("秒", "″"),
    ] {
        s = s.replace(word, mark);
    }
    // Two primes typed for seconds (′′) are one double prime.
    s.replace("′′", "″")
}

/// Splits typed text into tokens; the error names the first thing that is not part of a coordinate.
pub fn tokenise(text: &str) -> Result<Vec<Token>, String> {
    let s = normalise(text);
    let chars: Vec<char> = s.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_number = matches!(tokens.last(), Some(Token::Number(_)))
            && i > 0
            && !chars[i - 1].is_whitespace();
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || c == '.'
            || ((c == '-' || c == '+')
                && chars
                    .get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.'))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            let value = raw
                .parse::<f64>()
                .map_err(|_| format!("{raw:?} is not a number"))?;
            tokens.push(Token::Number(value));
        } else if c == '°' {
            tokens.push(Token::Degree);
            i += 1;
        } else if c == '′' {
            tokens.push(Token::Minute);
            i += 1;
        } else if c == '″' {
            tokens.push(Token::Second);
            i += 1;
        } else if c == ',' {
            tokens.push(Token::Separator);
            i += 1;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let token = match word.as_str() {
                // Unit letters count only glued to a number: 115d40m30.5s.
                "d" | "deg" if after_number => Token::Degree,
                "m" | "min" if after_number => Token::Minute,
                "s" | "sec" if after_number => Token::Second,
                _ => match word.to_ascii_lowercase().as_str() {
                    "n" | "north" | "lat" | "latitude" => Token::Hemisphere('N'),
                    "s" | "south" => Token::Hemisphere('S'),
                    "e" | "east" | "lon" | "lng" | "long" | "longitude" => Token::Hemisphere('E'),
                    "w" | "west" => Token::Hemisphere('W'),
                    _ => return Err(format!("{word:?} is not part of a coordinate")),
                },
            };
            tokens.push(token);
        } else {
            return Err(format!("{c:?} is not part of a coordinate"));
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Token::*;

    #[test]
    fn chinese_dms_becomes_marks() {
        assert_eq!(
            tokenise("东经115度40分30.5秒").unwrap(),
            vec![
                Hemisphere('E'),
                Number(115.0),
                Degree,
                Number(40.0),
                Minute,
                Number(30.5),
                Second
            ]
        );
    }

    #[test]
    fn unit_letters_only_after_numbers() {
        assert_eq!(
            tokenise("115d40m30.5s, 37d44m20s N").unwrap(),
            vec![
                Number(115.0),
                Degree,
                Number(40.0),
                Minute,
                Number(30.5),
                Second,
                Separator,
                Number(37.0),
                Degree,
                Number(44.0),
                Minute,
                Number(20.0),
                Second,
                Hemisphere('N')
            ]
        );
        assert_eq!(
            tokenise("37.5 s").unwrap(),
            vec![Number(37.5), Hemisphere('S')]
        );
    }

    #[test]
    fn full_width_and_primes() {
        assert_eq!(
            tokenise("１１５°４０′３０″，37°44'20\"").unwrap(),
            vec![
                Number(115.0),
                Degree,
                Number(40.0),
                Minute,
                Number(30.0),
                Second,
                Separator,
                Number(37.0),
                Degree,
                Number(44.0),
                Minute,
                Number(20.0),
                Second
            ]
        );
    }

    #[test]
    fn rejects_other_text() {
        assert!(tokenise("hello 115").is_err());
        assert!(tokenise("115 # 37").is_err());
        assert!(tokenise("1.2.3").is_err());
    }
}
