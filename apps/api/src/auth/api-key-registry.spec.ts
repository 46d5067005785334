import { timingSafeEqual } from 'node:crypto';
import { ApiKeyRegistry, digestApiKey } from './api-key-registry';

// The real comparison, observed: how often and on what it runs is the constant-time property under test.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

describe('ApiKeyRegistry', () => {
  const registry = new ApiKeyRegistry([
    { role: 'operator', sha256: digestApiKey('operator-key-0123456789') },
    { role: 'auditor', sha256: digestApiKey('auditor-key-0123456789') },
  ]);

  it('knows each key by its role and a short non-secret id', () => {
    expect(registry.authenticate('operator-key-0123456789')).toEqual({
      role: 'operator',
      keyId: digestApiKey('operator-key-0123456789').toString('hex').slice(0, 12),
    });
    expect(registry.authenticate('auditor-key-0123456789')?.role).toBe('auditor');
  });

  it.each([
    '',
    'operator-key-012345678',
    'operator-key-01234567890',
    'OPERATOR-KEY-0123456789',
    ' operator-key-0123456789',
  ])('refuses %j', (presented) => {
    expect(registry.authenticate(presented)).toBeNull();
  });

  it('compares fixed-length digests with timingSafeEqual, against every key, whatever matched', () => {
    const compare = jest.mocked(timingSafeEqual);
    for (const presented of [
      'operator-key-0123456789',
      'auditor-key-0123456789',
      'x',
      'a much longer wrong key'.repeat(10),
    ]) {
      compare.mockClear();
      registry.authenticate(presented);
      // No early exit on a match and no length shortcut: always one 32-byte comparison per stored key.
      expect(compare).toHaveBeenCalledTimes(2);
      for (const [a, b] of compare.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
    }
  });

  it('never starts open: an empty registry is refused', () => {
    expect(() => new ApiKeyRegistry([])).toThrow(/never starts open/);
  });
});
