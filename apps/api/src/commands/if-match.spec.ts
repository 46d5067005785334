import { ProblemException } from '../problems/problem-details';
import { etagOf, expectedRevisionOf } from './if-match';

describe('expectedRevisionOf (If-Match)', () => {
  it('reads the ETag this API sends, weak or bare', () => {
    expect(expectedRevisionOf(etagOf(5))).toBe(5);
    expect(expectedRevisionOf('W/"12"')).toBe(12);
    expect(expectedRevisionOf('0')).toBe(0);
  });

  it('no header or * sets no condition', () => {
    expect(expectedRevisionOf(undefined)).toBeUndefined();
    expect(expectedRevisionOf('*')).toBeUndefined();
  });

  it('anything else is a 400', () => {
    for (const bad of ['"a"', '"1", "2"', '-1']) expect(() => expectedRevisionOf(bad)).toThrow(ProblemException);
    expect(() => expectedRevisionOf('yesterday')).toThrow(
      'O cabeçalho If-Match deve indicar uma única revisão do stream, como o ETag da resposta de um comando ("5").',
    );
  });
});
