import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('ignores key order at every depth, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: '3' } })).toBe('{"a":{"c":"3","d":[2,1]},"b":1}');
    expect(requestFingerprint('post', '/v1/ucs', { a: 1, b: { c: 2, d: 3 } })).toBe(
      requestFingerprint('POST', '/v1/ucs', { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('tells apart another method, path or body', () => {
    const base = requestFingerprint('POST', '/v1/ucs/1/readings', { cycle: '2025-01' });
    expect(requestFingerprint('PUT', '/v1/ucs/1/readings', { cycle: '2025-01' })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/ucs/2/readings', { cycle: '2025-01' })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/ucs/1/readings', { cycle: '2025-02' })).not.toBe(base);
  });
});
