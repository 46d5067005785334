import { createHash } from 'node:crypto';
import { derivedEventId, deterministicId } from './deterministic-id';

/** The UUID v5 as RFC 9562 defines it, with a Hash object: what the ids already stored were made with. */
function reference(...parts: string[]): string {
  const namespace = Buffer.from('6f1c2b0e8a5d4e3f9b7a1c2d3e4f5a6b', 'hex');
  const b = Buffer.from(createHash('sha1').update(namespace).update(parts.join('\u0000')).digest().subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

describe('deterministicId', () => {
  it('gives the ids already stored: the same UUID v5 for the same parts, whatever their characters', () => {
    const cases: string[][] = [
      [],
      [''],
      ['0190f0e4-7c1a-7b3e-9f00-0123456789ab', '3001'],
      ['a', 'b', 'c'],
      ['ação', '\u{1F600}', 'x\u0000y'],
      [`${'z'.repeat(500)}`, '12345678901234'],
    ];
    for (const parts of cases) expect(deterministicId(...parts)).toBe(reference(...parts));
    expect(deterministicId('a', 'b')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('derivedEventId', () => {
  const v7 = '0190f0e4-7c1a-7b3e-9f00-0123456789ab';
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is deterministic, and from a time-ordered source keeps its time (a UUID v8 near the source in the id index)', () => {
    const id = derivedEventId(v7, '3001');
    expect(id).toBe(derivedEventId(v7, '3001'));
    expect(id).toMatch(UUID);
    expect(id.slice(0, 13)).toBe(v7.slice(0, 13));
    expect(id[14]).toBe('8');
    // The rest is the name's hash: another target or another source gives another id.
    expect(id.slice(15)).toBe(deterministicId(v7, '3001').slice(15));
    expect(derivedEventId(v7, '3002')).not.toBe(id);
    expect(derivedEventId('0190f0e4-7c1a-7b3e-9f00-0123456789ac', '3001')).not.toBe(id);
    // Derived again (a delivery's own effects), it keeps the same time.
    expect(derivedEventId(id, 'x').slice(0, 13)).toBe(v7.slice(0, 13));
  });

  it('from a source that is not time-ordered (a v4 or v5 id) is the UUID v5 of deterministicId', () => {
    for (const source of ['6f1c2b0e-8a5d-4e3f-9b7a-1c2d3e4f5a6b', deterministicId('a'), 'not-a-uuid'])
      expect(derivedEventId(source, 'b', '0')).toBe(deterministicId(source, 'b', '0'));
  });
});
