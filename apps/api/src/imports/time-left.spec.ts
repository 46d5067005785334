import { secondsLeft } from './time-left';

describe('secondsLeft: an import job time left, at the rate so far', () => {
  it('a fresh run: the bytes still to read at the rate since its start', () => {
    // 1 MB of 4 MB read in 10 s: 3 MB left, 30 s.
    expect(secondsLeft(4_000_000, 1_000_000, 10, { bytes: 0, seconds: 0 })).toBe(30);
  });

  it('a resumed run: the rate since its first counted reading, not since the part it read past in no time', () => {
    // The earlier run counted up to 2 MB in 20 s; this one read past them at once, then 0.5 MB in 5 s more.
    const from = { bytes: 2_000_000, seconds: 20 };
    expect(secondsLeft(4_000_000, 2_500_000, 25, from)).toBe(15);
    // Measured from its own start instead, the 2.5 MB "in 5 s" would have said 3 s.
    expect(secondsLeft(4_000_000, 2_500_000, 25, { bytes: 0, seconds: 20 })).toBe(3);
  });

  it('nothing to say before any byte or second since `from`', () => {
    expect(secondsLeft(4_000_000, 0, 0, { bytes: 0, seconds: 0 })).toBeNull();
    expect(secondsLeft(4_000_000, 2_000_000, 21, { bytes: 2_000_000, seconds: 20 })).toBeNull();
    expect(secondsLeft(4_000_000, 2_100_000, 20, { bytes: 2_000_000, seconds: 20 })).toBeNull();
  });
});
