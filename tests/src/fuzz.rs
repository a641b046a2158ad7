//! Seeded randomized testing: the same inputs on every run unless `FUZZ_SEED` changes
//! them, a few seconds each in CI, `FUZZ_SCALE` times more cases when asked
//! (`FUZZ_SCALE=100 cargo test -p tests --test fuzz -- --nocapture`).

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// Seeded from `FUZZ_SEED` if set, else from `default_seed`, mixed with `stream` so
    /// each fuzzer sees its own sequence.
    pub fn new(stream: u64) -> Self {
        let seed = std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_2026_1127);
        Rng(seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.bits() % n as u64) as usize
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of the items.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How many cases to run: `base` times `FUZZ_SCALE` (1 by default).
pub fn cases(base: usize) -> usize {
    let scale: usize = std::env::var("FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    base * scale.max(1)
}

/// Says how many cases a fuzzer ran, for the record (`--nocapture` shows it).
pub fn report(name: &str, cases: usize, findings: &[String]) {
    eprintln!("fuzz {name}: {cases} cases, {} findings", findings.len());
    assert!(findings.is_empty(), "{name}: {}", findings.join("\n"));
}
