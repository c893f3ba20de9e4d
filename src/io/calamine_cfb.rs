//! What calamine 0.38's own compound-file reader (`cfb.rs`: `Cfb::new`, then
//! `get_stream("Workbook")`, falling back to "Book") does with an .xls file's bytes, replayed step
//! by step so that the places where it would panic or run away become an error first.
//!
//! Why by hand: calamine does not use the `cfb` crate, and reads differently from it — it allows
//! sector ids up to `file length / sector size` (two past the last real sector, since sectors
//! start after the 512-byte header), follows a stream's FAT chain as far as the length the
//! directory declares, indexes the FAT with ids it has not checked, asserts that every FAT or
//! DIFAT piece read is whole, and follows a directory chain that loops forever. A well-formed file
//! passes the `cfb` crate's checks and this replay alike; a damaged one (fuzz/RUNS.md, finding 8)
//! passed the first and panicked calamine (`cfb.rs:320`). No crate answers "would calamine
//! panic?", so the replay mirrors calamine's code, with its state (the shared reader position, the
//! zero-filled sector buffers), and checks each step. Update it with calamine.
//!
//! The stream returned is the one calamine will parse, so the BIFF scan of `sheet_bounds` checks
//! the very bytes calamine reads.

use std::ops::Range;

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// calamine reads a stream shorter than this from the mini stream.
const MINI_STREAM_CUTOFF: usize = 4096;

/// How a replay ended short of the Workbook stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// calamine would return an error of its own (not an OLE file, no Workbook stream, a sector
    /// id it checks): nothing to fear, let it say so.
    CalamineErrs,
    /// calamine would panic, or read without end: the sentence says why, for the caller to
    /// prefix with the file.
    Damaged(String),
}

/// The Workbook (or Book) stream as calamine 0.38 will read it from `bytes`.
pub fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut file = FileReader { bytes, pos: 0 };
    let mut cfb = Cfb::new(&mut file, bytes.len())?;
    match cfb.get_stream("Workbook", &mut file) {
        Ok(s) => Ok(s),
        Err(Refusal::CalamineErrs) => cfb.get_stream("Book", &mut file),
        Err(damaged) => Err(damaged),
    }
}

/// The file as calamine's `Read` sees it: one position, shared by the sector and mini-sector
/// buffers (calamine tops up its mini stream from the file reader too).
struct FileReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl FileReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.bytes.len() - self.pos);
        buf[..n].copy_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos += n;
        n
    }
}

fn damaged(why: String) -> Refusal {
    Refusal::Damaged(format!("{why}: the file is damaged"))
}

/// calamine's `to_u32`, which asserts a whole number of 4-byte entries.
fn to_u32(s: &[u8], what: &str) -> Result<Vec<u32>, Refusal> {
    if !s.len().is_multiple_of(4) {
        return Err(damaged(format!(
            "the compound file's {what} ends in the middle of an entry ({} bytes)",
            s.len()
        )));
    }
    Ok(s.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// calamine's `Sectors`: a buffer of the sectors read so far, zero-filled past the end of the file.
struct Sectors {
    data: Vec<u8>,
    size: usize,
    maxid: u32,
    what: &'static str,
}

impl Sectors {
    fn get(&mut self, id: u32, r: &mut FileReader<'_>) -> Result<Range<usize>, Refusal> {
        if self.maxid < id {
            return Err(Refusal::CalamineErrs);
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        if end > self.data.len() {
            let mut len = self.data.len();
            self.data.resize(end, 0);
            while len < end {
                let read = r.read(&mut self.data[len..end]);
                if read == 0 {
                    if start > len {
                        // calamine: `&self.data[start..len]`, a slice that ends before it starts.
                        return Err(damaged(format!(
                            "{} {id} of the compound file starts past the end of the data",
                            self.what
                        )));
                    }
                    return Ok(start..len);
                }
                len += read;
            }
        }
        Ok(start..end)
    }

    fn get_chain(
        &mut self,
        mut id: u32,
        fats: &[u32],
        r: &mut FileReader<'_>,
        len: usize,
        stream: &str,
    ) -> Result<Vec<u8>, Refusal> {
        let mut chain = Vec::new();
        // A chain of distinct sectors has at most maxid + 1 of them; a longer one loops (calamine
        // would follow it to the declared length, or for ever for the directory).
        let mut sectors_visited = 0u64;
        while id != ENDOFCHAIN {
            sectors_visited += 1;
            if sectors_visited > u64::from(self.maxid) + 1 {
                return Err(damaged(format!(
                    "the sector chain of the compound file's {stream} loops"
                )));
            }
            let sector = self.get(id, r)?;
            let to_copy = sector.len().min(len - chain.len());
            chain.extend_from_slice(&self.data[sector.start..sector.start + to_copy]);
            if chain.len() >= len {
                break;
            }
            id = *fats.get(id as usize).ok_or_else(|| {
                damaged(format!(
                    "the {stream} of the compound file runs through {} {id}, which its \
                     allocation table ({} entries) does not cover",
                    self.what,
                    fats.len()
                ))
            })?;
        }
        Ok(chain)
    }
}

struct Directory {
    name: String,
    start: u32,
    len: usize,
}

struct Cfb {
    directories: Vec<Directory>,
    sectors: Sectors,
    fats: Vec<u32>,
    mini_sectors: Sectors,
    mini_fats: Vec<u32>,
}

impl Cfb {
    fn new(r: &mut FileReader<'_>, len: usize) -> Result<Cfb, Refusal> {
        let mut header = [0u8; 512];
        if r.read(&mut header) < header.len() || header[..8] != *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
        {
            return Err(Refusal::CalamineErrs);
        }
        let version = u16::from_le_bytes([header[26], header[27]]);
        let sector_size = match u16::from_le_bytes([header[30], header[31]]) {
            0x0009 => 512,
            0x000C => {
                // calamine reads the rest of a 4096-byte header sector with `read_exact`.
                let mut rest = vec![0u8; 4096 - 512];
                if r.read(&mut rest) < rest.len() {
                    return Err(Refusal::CalamineErrs);
                }
                4096
            }
            _ => return Err(Refusal::CalamineErrs),
        };
        if u16::from_le_bytes([header[32], header[33]]) != 0x0006 {
            return Err(Refusal::CalamineErrs);
        }
        let mini_fat_len = u32_at(&header, 64) as usize;
        let dir_start = u32_at(&header, 48);
        let mini_fat_start = u32_at(&header, 60);
        let difat_start = u32_at(&header, 68);
        let mut difat = to_u32(&header[76..512], "DIFAT")?;

        let maxid = len / sector_size;
        let mut sectors = Sectors {
            data: Vec::new(),
            size: sector_size,
            maxid: maxid as u32,
            what: "sector",
        };
        let mut sector_id = difat_start;
        let mut difat_sectors = 0usize;
        while sector_id < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > maxid.saturating_add(1) {
                return Err(Refusal::CalamineErrs);
            }
            let s = sectors.get(sector_id, r)?;
            difat.extend(to_u32(&sectors.data[s], "DIFAT")?);
            sector_id = difat.pop().ok_or(Refusal::CalamineErrs)?;
        }
        let mut fats = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            let s = sectors.get(id, r)?;
            fats.extend(to_u32(&sectors.data[s], "allocation table")?);
        }
        let dirs = sectors.get_chain(dir_start, &fats, r, usize::MAX, "directory")?;
        let directories: Vec<Directory> = dirs
            .chunks(128)
            .filter(|c| c.len() == 128)
            .map(|c| directory(c, sector_size))
            .collect::<Result<_, _>>()?;
        let Some(root) = directories.first() else {
            return Err(Refusal::CalamineErrs);
        };
        if version != 3 && root.start == ENDOFCHAIN {
            return Err(Refusal::CalamineErrs);
        }
        let (mini_fats, ministream) = if mini_fat_len > 0 {
            let ministream = sectors.get_chain(root.start, &fats, r, root.len, "mini stream")?;
            let minifat = sectors.get_chain(
                mini_fat_start,
                &fats,
                r,
                mini_fat_len * sector_size,
                "mini allocation table",
            )?;
            (to_u32(&minifat, "mini allocation table")?, ministream)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Cfb {
            directories,
            sectors,
            fats,
            mini_sectors: Sectors {
                data: ministream,
                size: 64,
                maxid: (maxid * 8) as u32,
                what: "mini sector",
            },
            mini_fats,
        })
    }

    fn get_stream(&mut self, name: &str, r: &mut FileReader<'_>) -> Result<Vec<u8>, Refusal> {
        let Some(d) = self
            .directories
            .iter()
            .find(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Err(Refusal::CalamineErrs);
        };
        if d.len < MINI_STREAM_CUTOFF {
            self.mini_sectors
                .get_chain(d.start, &self.mini_fats, r, d.len, "Workbook stream")
        } else {
            self.sectors
                .get_chain(d.start, &self.fats, r, d.len, "Workbook stream")
        }
    }
}

/// calamine's `Directory::from_slice`, whose stream length it converts with `unwrap`.
fn directory(entry: &[u8], sector_size: usize) -> Result<Directory, Refusal> {
    let mut name = encoding_rs::UTF_16LE.decode(&entry[..64]).0.into_owned();
    if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
        name.truncate(l);
    }
    let len = if sector_size == 512 {
        u64::from(u32_at(entry, 120))
    } else {
        u64::from_le_bytes(entry[120..128].try_into().unwrap_or([0xFF; 8]))
    };
    let len = usize::try_from(len).map_err(|_| {
        damaged(format!(
            "the compound file's directory declares a stream of {len} bytes"
        ))
    })?;
    Ok(Directory {
        name,
        start: u32_at(entry, 116),
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of 512-byte sectors, built here by the layout of MS-CFB §2: header, then
    /// sector 0 = FAT, sector 1 = directory, sectors 2.. = the Workbook stream (`stream_sectors`
    /// of them, chained 2 → 3 → …), declared `stream_len` bytes long.
    fn compound_file(stream_sectors: u32, stream_len: u32, chain: &dyn Fn(u32) -> u32) -> Vec<u8> {
        let mut header = vec![0u8; 512];
        header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        header[26..28].copy_from_slice(&3u16.to_le_bytes());
        header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        header[30..32].copy_from_slice(&9u16.to_le_bytes());
        header[32..34].copy_from_slice(&6u16.to_le_bytes());
        header[44..48].copy_from_slice(&1u32.to_le_bytes());
        header[48..52].copy_from_slice(&1u32.to_le_bytes());
        header[56..60].copy_from_slice(&4096u32.to_le_bytes());
        header[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        header[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for i in 0..109 {
            let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
            header[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        let mut fat = vec![0xFFu8; 512];
        let mut set = |i: u32, v: u32| {
            fat[4 * i as usize..4 * i as usize + 4].copy_from_slice(&v.to_le_bytes())
        };
        set(0, 0xFFFF_FFFD);
        set(1, ENDOFCHAIN);
        for s in 0..stream_sectors {
            set(2 + s, chain(2 + s));
        }
        let mut dir = vec![0u8; 512];
        let mut entry = |at: usize, name: &str, kind: u8, start: u32, len: u32| {
            let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            dir[at..at + utf16.len()].copy_from_slice(&utf16);
            dir[at + 64..at + 66].copy_from_slice(&(utf16.len() as u16 + 2).to_le_bytes());
            dir[at + 66] = kind;
            dir[at + 68..at + 80].copy_from_slice(&[0xFF; 12]);
            dir[at + 116..at + 120].copy_from_slice(&start.to_le_bytes());
            dir[at + 120..at + 124].copy_from_slice(&len.to_le_bytes());
        };
        entry(0, "Root Entry", 5, ENDOFCHAIN, 0);
        entry(128, "Workbook", 2, 2, stream_len);
        let mut file = header;
        file.extend(fat);
        file.extend(dir);
        for s in 0..stream_sectors {
            file.extend(vec![s as u8; 512]);
        }
        file
    }

    fn next(id: u32, last: u32) -> u32 {
        if id == last { ENDOFCHAIN } else { id + 1 }
    }

    #[test]
    fn a_well_formed_stream_is_read_as_declared() {
        let file = compound_file(10, 5000, &|id| next(id, 11));
        let stream = workbook_stream(&file).expect("readable");
        assert_eq!(stream.len(), 5000);
        // Sector 2 holds 0s, sector 11 (the stream's tenth) holds 9s.
        assert_eq!(stream[0], 0);
        assert_eq!(stream[4999], 9);
        assert_eq!(stream[512], 1);
    }

    #[test]
    fn a_chain_to_a_sector_past_the_file_is_damaged() {
        // The file has sectors 0..=11 after its header (6,656 bytes: maxid 13); the chain goes
        // 2 → … → 11 → 13. calamine asks for bytes 6,656..7,168 of a 6,144-byte sector area.
        let file = compound_file(10, 8000, &|id| if id == 11 { 13 } else { id + 1 });
        let Err(Refusal::Damaged(why)) = workbook_stream(&file) else {
            panic!("not refused")
        };
        assert!(why.contains("sector 13"), "{why}");
    }

    #[test]
    fn a_looping_chain_is_damaged_not_followed_to_its_declared_length() {
        // 2 → 3 → 2 → …, declared 4,000,000,000 bytes: calamine would fill 4 GB with it.
        let file = compound_file(2, 4_000_000_000, &|id| if id == 3 { 2 } else { 3 });
        let Err(Refusal::Damaged(why)) = workbook_stream(&file) else {
            panic!("not refused")
        };
        assert!(why.contains("loops"), "{why}");
    }

    #[test]
    fn a_sector_id_beyond_calamines_own_limit_is_left_to_calamine() {
        let file = compound_file(3, 5000, &|id| if id == 4 { 40_000 } else { id + 1 });
        assert_eq!(workbook_stream(&file), Err(Refusal::CalamineErrs));
    }

    #[test]
    fn a_file_cut_inside_the_fat_is_damaged() {
        let mut file = compound_file(3, 5000, &|id| next(id, 4));
        file.truncate(512 + 510);
        assert!(matches!(workbook_stream(&file), Err(Refusal::Damaged(_))));
    }

    /// The replay against calamine itself: the files it calls damaged make calamine 0.38 panic
    /// (when this fails after an upgrade, calamine was fixed: the replay can follow or go), and
    /// the well-formed one does not.
    #[test]
    fn what_the_replay_calls_damaged_calamine_panics_on() {
        let open = |file: Vec<u8>| {
            std::panic::catch_unwind(|| {
                let _ = <calamine::Xls<_> as calamine::Reader<_>>::new(std::io::Cursor::new(file));
            })
        };
        let past_end = compound_file(10, 8000, &|id| if id == 11 { 13 } else { id + 1 });
        let mut cut_fat = compound_file(3, 5000, &|id| next(id, 4));
        cut_fat.truncate(512 + 510);
        for file in [past_end, cut_fat] {
            assert!(matches!(workbook_stream(&file), Err(Refusal::Damaged(_))));
            assert!(open(file).is_err(), "calamine read it without a panic");
        }
        assert!(open(compound_file(10, 5000, &|id| next(id, 11))).is_ok());
    }

    #[test]
    fn not_a_compound_file_is_left_to_calamine() {
        assert_eq!(workbook_stream(b"PK\x03\x04"), Err(Refusal::CalamineErrs));
        assert_eq!(workbook_stream(&[]), Err(Refusal::CalamineErrs));
    }
}
