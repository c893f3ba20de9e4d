//! A bounds-checked little-endian cursor over a byte slice, with the FileGDB variable-length
//! integers (varuint, and the varint whose sign sits in bit 6 of the first byte).
//!
//! Every read checks the remaining length first and fails with a `Short` that says what was being
//! read and where; callers add the file, table and row. Not for anything format-specific.

use std::fmt;

/// A read that ran past the end of its buffer, or a variable-length integer that never ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Short {
    /// What was being read, e.g. `"field count"`.
    pub what: &'static str,
    /// Byte position in the buffer where the read started.
    pub at: usize,
    /// Bytes the read needed (0 for an over-long varint).
    pub need: usize,
    /// Bytes that were left.
    pub left: usize,
}

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.need == 0 {
            write!(
                f,
                "{} at byte {} is a variable-length integer longer than 64 bits",
                self.what, self.at
            )
        } else {
            write!(
                f,
                "{} at byte {} needs {} bytes but only {} are left",
                self.what, self.at, self.need, self.left
            )
        }
    }
}

impl From<Short> for String {
    fn from(s: Short) -> String {
        s.to_string()
    }
}

/// One little-endian reader per number type: `c.u32("row length")`.
macro_rules! le_readers {
    ($($t:ident),*) => {
        $(
            #[doc = concat!("A little-endian `", stringify!($t), "`.")]
            pub fn $t(&mut self, what: &'static str) -> Result<$t, Short> {
                Ok($t::from_le_bytes(self.array(what)?))
            }
        )*
    };
}

/// A position in a byte slice; reads advance it.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Cursor<'a> {
        Cursor { buf, pos: 0 }
    }

    /// The position of the next byte to read.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The next `n` bytes, advancing past them.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], Short> {
        if n > self.remaining() {
            return Err(self.short(what, n));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// Skips `n` bytes.
    pub fn skip(&mut self, n: usize, what: &'static str) -> Result<(), Short> {
        self.take(n, what).map(|_| ())
    }

    /// The next byte without advancing, if any.
    pub fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], Short> {
        let bytes = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// One byte.
    pub fn u8(&mut self, what: &'static str) -> Result<u8, Short> {
        Ok(self.array::<1>(what)?[0])
    }

    le_readers! {
        u16, i16, u32, i32, u64, i64, f32, f64
    }

    /// An unsigned LEB128-style integer: 7 bits per byte, low bits first, high bit = more.
    pub fn varuint(&mut self, what: &'static str) -> Result<u64, Short> {
        let start = self.pos;
        self.var_groups(start, what, 0, 0, true)
    }

    /// A signed integer: the first byte holds 6 value bits and the sign in bit 6, the following
    /// bytes 7 bits each, as in FileGDB coordinate deltas.
    pub fn varint(&mut self, what: &'static str) -> Result<i64, Short> {
        let start = self.pos;
        let first = self.u8(what)?;
        let value = self.var_groups(start, what, u64::from(first & 0x3F), 6, first & 0x80 != 0)?;
        // Magnitudes beyond i64 cannot come from real coordinates; saturate rather than wrap.
        let magnitude = i64::try_from(value).unwrap_or(i64::MAX);
        Ok(if first & 0x40 != 0 {
            -magnitude
        } else {
            magnitude
        })
    }

    /// Adds 7-bit groups to `value` from bit `shift` on while the continuation bit says `more`;
    /// on failure the cursor goes back to `start`.
    fn var_groups(
        &mut self,
        start: usize,
        what: &'static str,
        mut value: u64,
        mut shift: u32,
        mut more: bool,
    ) -> Result<u64, Short> {
        while more {
            let Some(b) = self.peek() else {
                self.pos = start;
                return Err(self.short(what, self.remaining() + 1));
            };
            self.pos += 1;
            let bits = u64::from(b & 0x7F);
            if shift >= 64 || (bits << shift) >> shift != bits {
                self.pos = start;
                return Err(Short {
                    what,
                    at: start,
                    need: 0,
                    left: self.remaining(),
                });
            }
            value |= bits << shift;
            more = b & 0x80 != 0;
            shift += 7;
        }
        Ok(value)
    }

    /// `n_chars` UTF-16LE code units as a String (unpaired surrogates become U+FFFD).
    pub fn utf16(&mut self, n_chars: usize, what: &'static str) -> Result<String, Short> {
        let bytes = self.take(n_chars * 2, what)?;
        Ok(utf16_to_string(bytes))
    }

    fn short(&self, what: &'static str, need: usize) -> Short {
        Short {
            what,
            at: self.pos,
            need,
            left: self.remaining(),
        }
    }
}

/// Decodes UTF-16LE bytes (an odd trailing byte is ignored).
pub fn utf16_to_string(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varuint_reads_low_bits_first() {
        // 300 = 0b1_0010_1100 -> 0xAC 0x02
        let mut c = Cursor::new(&[0xAC, 0x02, 0x05]);
        assert_eq!(c.varuint("n").unwrap(), 300);
        assert_eq!(c.varuint("n").unwrap(), 5);
        assert_eq!(c.remaining(), 0);
    }

    #[test]
    fn varint_sign_is_bit_six_of_the_first_byte() {
        // +1, -1, -64 (0x40|0x00 with continuation 0x80: 0b1100_0000, then 0x01 -> 64)
        let mut c = Cursor::new(&[0x01, 0x41, 0xC0, 0x01]);
        assert_eq!(c.varint("d").unwrap(), 1);
        assert_eq!(c.varint("d").unwrap(), -1);
        assert_eq!(c.varint("d").unwrap(), -64);
    }

    #[test]
    fn reads_past_the_end_fail_and_name_the_read() {
        let mut c = Cursor::new(&[1, 2, 3]);
        let e = c.u32("row length").unwrap_err();
        assert_eq!((e.what, e.at, e.need, e.left), ("row length", 0, 4, 3));
        assert!(e.to_string().contains("row length at byte 0 needs 4 bytes"));
        // An unterminated varint fails without moving.
        let mut c = Cursor::new(&[0x80, 0x80]);
        assert!(c.varuint("count").is_err());
        assert_eq!(c.pos(), 0);
        let mut c = Cursor::new(&[0xC0]);
        assert!(c.varint("dx").is_err());
    }

    #[test]
    fn overlong_varints_are_refused() {
        let mut c = Cursor::new(&[0xFF; 12]);
        assert_eq!(c.varuint("n").unwrap_err().need, 0);
    }

    #[test]
    fn utf16_decodes_chinese() {
        let bytes: Vec<u8> = "红线".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut c = Cursor::new(&bytes);
        assert_eq!(c.utf16(2, "name").unwrap(), "红线");
    }
}
