import { Kwh } from '../values/kwh';
import { jsonKey } from './json-key';

describe('jsonKey: a value compared as JSON, whatever its keys’ order', () => {
  it('gives the same text for the same value built or read back with its keys in another order, at any depth', () => {
    const built = {
      cycle: '2025-02',
      postos: { ponta: { consumed: '1', injected: '2' }, foraPonta: { consumed: '3' } },
    };
    const readBack = {
      postos: { foraPonta: { consumed: '3' }, ponta: { injected: '2', consumed: '1' } },
      cycle: '2025-02',
    };
    expect(JSON.stringify(built)).not.toBe(JSON.stringify(readBack));
    expect(jsonKey(built)).toBe(jsonKey(readBack));
    expect(jsonKey([readBack, { b: 1, a: [{ d: 1, c: 2 }] }])).toBe(jsonKey([built, { a: [{ c: 2, d: 1 }], b: 1 }]));
  });

  it('tells values apart as JSON.stringify does: array order, values, members, toJSON, undefined dropped', () => {
    expect(jsonKey([1, 2])).not.toBe(jsonKey([2, 1]));
    expect(jsonKey({ a: '1' })).not.toBe(jsonKey({ a: 1 }));
    expect(jsonKey({ a: 1 })).not.toBe(jsonKey({ a: 1, b: null }));
    expect(jsonKey({ a: 1, b: undefined })).toBe(jsonKey({ a: 1 }));
    expect(jsonKey({ kwh: Kwh.parse('1.5') })).toBe(jsonKey({ kwh: Kwh.parse('1.500') }));
    expect(jsonKey({ kwh: Kwh.parse('1.5') })).toBe(JSON.stringify({ kwh: Kwh.parse('1.5') }));
    expect(jsonKey(undefined)).toBe('undefined');
    expect(jsonKey(null)).toBe('null');
  });
});
