import { createHash } from 'node:crypto';
import { canonicalJson, computeEventHash, sortKeysInPlace, verifyChain } from './hash-chain';
import type { RecordedEvent } from './event-store.port';

function chain(stream: string, count: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let prevHash: string | null = null;
  for (let revision = 0; revision < count; revision++) {
    const metadata = { recordedAt: '2025-01-01T00:00:00.000Z', schemaVersion: 1, prevHash, correlationId: 'c' };
    const content = {
      stream,
      revision,
      id: `id-${revision}`,
      type: 'Thing',
      data: { n: revision, kwh: '1.5' },
      metadata,
    };
    const hash = computeEventHash(content);
    events.push({ ...content, position: revision + 10, metadata: { ...metadata, hash } });
    prevHash = hash;
  }
  return events;
}

async function* iterate<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,null,"x"]},"b":1}',
    );
  });

  it('follows JSON.stringify for toJSON and escapes, so a stored-and-read value hashes the same', () => {
    const value = {
      when: new Date('2025-01-02T03:04:05.000Z'),
      s: 'a"\u2028\ud800',
      n: 1e21,
      f: 0.1,
      z: -0,
      nan: NaN,
      inf: -Infinity,
    };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
  });

  it('writes every string as JSON.stringify does: each UTF-16 code unit alone, inside text, and surrogate pairs', () => {
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      for (const s of [c, `a${c}b`]) expect(canonicalJson(s)).toBe(JSON.stringify(s));
    }
    for (const s of ['', 'plain', '2025-01-02', '1.500', '\u{1F600}', 'a\u{10FFFF}b', 'ação', '\u2028\u2029', '\x7f'])
      expect(canonicalJson({ s })).toBe(JSON.stringify({ s }));
  });

  it('orders keys by UTF-16 code unit whatever their number and order, as the built-in sort does', () => {
    const alphabet = ['a', 'B', 'b', 'Z', '_', 'aa', 'a0', 'ação', 'é', '\u{1F600}', 'x-y', 'k1', 'k10', 'k2', ''];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const size of [0, 1, 2, 3, 5, 8, 15, 33, 40]) {
      for (let round = 0; round < 20; round++) {
        const keys = Array.from({ length: size }, (_, i) => `${alphabet[Math.floor(random() * alphabet.length)]}${i}`);
        const shuffled = [...keys].sort(() => random() - 0.5);
        const value = Object.fromEntries(shuffled.map((k) => [k, { z: 1, a: [k] }]));
        const expected = `{${[...keys]
          .sort()
          .map((k) => `${JSON.stringify(k)}:{"a":[${JSON.stringify(k)}],"z":1}`)
          .join(',')}}`;
        expect(canonicalJson(value)).toBe(expected);
      }
    }
  });

  it('refuses BigInt', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('orders keys as keys.sort() does, whatever their number and order (insertion sort up to 32, sort beyond)', () => {
    const names = ['b', 'a', 'B', '_', '10', '9', 'é', 'ab', 'a b', '', 'Z', '\u00e9', 'aa', 'zz', '$', '0'];
    for (let n = 0; n <= 40; n++) {
      const keys = Array.from({ length: n }, (_, i) => `${names[(i * 7) % names.length]}${Math.floor(i / 16)}`);
      for (const order of [keys, [...keys].reverse(), [...keys].sort(), keys.map((_, i) => keys[(i * 5) % n]!)]) {
        const distinct = [...new Set(order)];
        expect(sortKeysInPlace([...distinct])).toEqual([...distinct].sort());
      }
    }
  });
});

describe('computeEventHash', () => {
  const base = {
    stream: 's',
    revision: 0,
    id: 'e',
    type: 'T',
    data: { a: 1, b: 2 },
    metadata: { recordedAt: 'x', schemaVersion: 1, prevHash: null },
  };

  it('is a SHA-256 hex digest, independent of key order and of a hash member', () => {
    const hash = computeEventHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeEventHash({ ...base, data: { b: 2, a: 1 } })).toBe(hash);
    expect(computeEventHash({ ...base, metadata: { ...base.metadata, hash: 'whatever' } })).toBe(hash);
  });

  it('is the SHA-256 of canonicalJson({ stream, revision, id, type, data, metadata }) without the hash, for any metadata', () => {
    const metadatas: unknown[] = [
      { schemaVersion: 1, hash: 'h', prevHash: null, commandId: 'c', recordedAt: 'x' },
      { z: undefined, y: [1, undefined], hash: undefined, a: { d: 1, c: 2 } },
      { toJSON: () => ({ b: 1, a: 2 }), hash: 'h' },
      {},
      [],
    ];
    for (const metadata of metadatas)
      for (const data of [{ b: 1, a: [{ d: 1, c: 2 }] }, undefined, null, 'text', 7]) {
        const content = { ...base, data, metadata } as unknown as Parameters<typeof computeEventHash>[0];
        const { hash: _ignored, ...rest } = metadata as { hash?: unknown };
        const canonical = canonicalJson({ stream: 's', revision: 0, id: 'e', type: 'T', data, metadata: rest });
        expect(computeEventHash(content)).toBe(createHash('sha256').update(canonical).digest('hex'));
      }
  });

  it('changes with every part of the content, prevHash included', () => {
    const hash = computeEventHash(base);
    expect(computeEventHash({ ...base, stream: 't' })).not.toBe(hash);
    expect(computeEventHash({ ...base, revision: 1 })).not.toBe(hash);
    expect(computeEventHash({ ...base, id: 'f' })).not.toBe(hash);
    expect(computeEventHash({ ...base, type: 'U' })).not.toBe(hash);
    expect(computeEventHash({ ...base, data: { a: 1, b: 3 } })).not.toBe(hash);
    expect(computeEventHash({ ...base, metadata: { ...base.metadata, prevHash: 'p' } })).not.toBe(hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and counts its events', async () => {
    await expect(verifyChain(iterate(chain('s', 5)))).resolves.toEqual({ ok: true, stream: 's', events: 5 });
    await expect(verifyChain(iterate([]), 'empty')).resolves.toEqual({ ok: true, stream: 'empty', events: 0 });
  });

  it('reports the revision whose content changed', async () => {
    const events = chain('s', 5);
    events[2] = { ...events[2], data: { n: 2, kwh: '9.5' } };
    await expect(verifyChain(iterate(events))).resolves.toMatchObject({ ok: false, stream: 's', revision: 2 });
  });

  it('reports the next revision when the changed event was re-hashed', async () => {
    const events = chain('s', 5);
    const { hash: _old, ...metadata } = events[2].metadata;
    const forged = { ...events[2], data: { n: 2, kwh: '9.5' } };
    events[2] = { ...forged, metadata: { ...metadata, hash: computeEventHash({ ...forged, metadata }) } };
    await expect(verifyChain(iterate(events))).resolves.toMatchObject({ ok: false, revision: 3 });
  });

  it('reports a removed event and a broken first link', async () => {
    const events = chain('s', 5);
    events.splice(1, 1);
    await expect(verifyChain(iterate(events))).resolves.toMatchObject({ ok: false, revision: 1 });
    const first = chain('s', 2);
    first[0] = { ...first[0], metadata: { ...first[0].metadata, prevHash: 'x' } };
    await expect(verifyChain(iterate(first))).resolves.toMatchObject({ ok: false, revision: 0 });
  });
});
