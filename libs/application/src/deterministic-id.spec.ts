import { createHash } from 'node:crypto';
import { deterministicId } from './deterministic-id';

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
