import { asReadJson, asReadShared, isAsReadShared } from './as-read';

const roundTrip = (v: unknown): unknown => {
  const text = JSON.stringify(v);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};

describe('asReadJson: what a reader gets back from the store, without the JSON text', () => {
  it.each([
    [
      'plain event data',
      { ucId: '3001', postos: { unico: { consumed: '1.000' } }, lots: [{ kwh: '2', n: 1 }], ok: true },
    ],
    ['null and nested arrays', { a: null, b: [[1, 2], [], ['x']] }],
    ['-0 and non-finite numbers', { z: -0, inf: Infinity, nan: NaN, list: [-0, Infinity] }],
    ['undefined members and array items', { gone: undefined, list: [undefined, () => 1], keep: 1 }],
    ['toJSON and class instances', { at: new Date(0), map: new Map([[1, 2]]), custom: { toJSON: () => 'x' } }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
    ['integer-like keys', { b: 1, 2: 'two', a: 3, 1: 'one' }],
  ])('%s: equals the JSON round trip', (_name, value) => {
    const copy = asReadJson(value);
    expect(copy).toStrictEqual(roundTrip(value));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });

  it('copies: the answer shares no object with the data', () => {
    const data = { postos: { unico: { consumed: '1' } }, lots: [{ kwh: '2' }] };
    const copy = asReadJson(data) as typeof data;
    expect(copy.postos).not.toBe(data.postos);
    expect(copy.lots[0]).not.toBe(data.lots[0]);
  });

  it('asReadShared: the same copy, known as such (the store keeps it for its subscriptions as it is)', () => {
    const data = { postos: { unico: { consumed: '1' } }, at: new Date(0), gone: undefined };
    const shared = asReadShared(data);
    expect(shared).toStrictEqual(roundTrip(data));
    expect(isAsReadShared(shared)).toBe(true);
    expect(isAsReadShared(asReadJson(data))).toBe(false);
    expect(isAsReadShared(data)).toBe(false);
    expect(isAsReadShared(null)).toBe(false);
    expect(asReadShared('text')).toBe('text');
  });

  it('refuses a bigint as JSON does', () => {
    expect(() => asReadJson({ n: 1n })).toThrow(TypeError);
  });
});
