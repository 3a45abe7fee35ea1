// Unit specs for the leaky bucket arithmetic and the in-process bucket store.
import { leak, MemoryBucketStore } from './bucket';

const rule = { capacity: 10, restorePerSecond: 2 };

describe('leak', () => {
  it('starts full, takes while there is enough, and refuses without taking', () => {
    const first = leak(undefined, rule, 7, 0);
    expect(first.take).toEqual({ allowed: true, available: 3, retryAfterSeconds: 0 });
    const refused = leak(first.state, rule, 7, 0);
    expect(refused.take).toEqual({ allowed: false, available: 3, retryAfterSeconds: 2 });
    expect(refused.state.points).toBe(3);
  });

  it('restores points over time, never beyond the capacity', () => {
    expect(leak({ points: 0, at: 0 }, rule, 0, 1500).take.available).toBe(3);
    expect(leak({ points: 5, at: 0 }, rule, 0, 60_000).take.available).toBe(10);
  });
});

describe('MemoryBucketStore', () => {
  it('keeps one bucket per key, and forgets the least recently used beyond its size', async () => {
    let now = 0;
    const store = new MemoryBucketStore(2, () => now);
    expect((await store.take('a', rule, 10)).allowed).toBe(true);
    expect((await store.take('a', rule, 1)).allowed).toBe(false);
    expect((await store.take('b', rule, 1)).available).toBe(9);
    now = 1000;
    expect((await store.take('a', rule, 2)).allowed).toBe(true);
    await store.take('c', rule, 1); // drops b, the least recently used
    expect((await store.take('b', rule, 0)).available).toBe(10);
  });
});
