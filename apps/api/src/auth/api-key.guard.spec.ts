import { presentedKey } from './api-key.guard';

describe('presentedKey', () => {
  it('reads "Authorization: Bearer <key>" (any case of the scheme)', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer  abc ' })).toBe('abc');
  });

  it('reads X-Api-Key when there is no bearer token', () => {
    expect(presentedKey({ 'x-api-key': ' abc ' })).toBe('abc');
    expect(presentedKey({ authorization: 'Basic dXNlcg==', 'x-api-key': 'abc' })).toBe('abc');
  });

  it('prefers the bearer token when both are sent', () => {
    expect(presentedKey({ authorization: 'Bearer one', 'x-api-key': 'two' })).toBe('one');
  });

  it('finds nothing in other schemes or empty headers', () => {
    expect(presentedKey({})).toBeUndefined();
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedKey({ authorization: 'Bearer' })).toBeUndefined();
    expect(presentedKey({ authorization: 'Bearer a b' })).toBeUndefined();
    expect(presentedKey({ 'x-api-key': '  ' })).toBeUndefined();
  });
});
