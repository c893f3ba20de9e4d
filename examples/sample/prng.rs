//! A tiny deterministic PRNG (SplitMix64) so the generated data is the same on every run and
//! machine without a `rand` dependency. Not for anything that needs statistical quality.

/// SplitMix64: one `u64` of state, good enough for jitter and wiggles.
#[derive(Debug, Clone)]
pub struct Prng {
    state: u64,
}

impl Prng {
    /// A generator from a fixed seed.
    pub fn new(seed: u64) -> Prng {
        Prng { state: seed }
    }

    /// The next raw 64-bit value.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform value in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// A generator seeded from a key, so an edge or cell gets the same numbers whoever asks for it.
#[allow(dead_code)]
pub fn keyed(seed: u64, key: u64) -> Prng {
    let mut p = Prng::new(seed ^ key.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    p.next_u64();
    p
}
