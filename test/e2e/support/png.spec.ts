import { deflateSync } from 'node:zlib';
import { changedPixels, decodePng } from './png';

/** A PNG of `rows` (RGB triples), each row with the given filter byte: enough to test every filter. */
function png(width: number, rows: number[][], filters: number[]): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), body, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.concat(rows.map((r, y) => Buffer.from([filters[y], ...r])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodePng (screenshot baselines without an image package)', () => {
  it('decodes unfiltered and Sub/Up rows of an RGB image into RGBA', () => {
    // Row 0 raw; row 1 "Up" adds the row above; row 2 "Sub" adds the pixel to the left.
    const image = decodePng(
      png(
        2,
        [
          [10, 20, 30, 40, 50, 60],
          [1, 1, 1, 2, 2, 2],
          [5, 5, 5, 1, 1, 1],
        ],
        [0, 2, 1],
      ),
    );
    expect(image).toMatchObject({ width: 2, height: 3 });
    expect([...image.data]).toEqual([
      10, 20, 30, 255, 40, 50, 60, 255, 11, 21, 31, 255, 42, 52, 62, 255, 5, 5, 5, 255, 6, 6, 6, 255,
    ]);
  });

  it('counts changed pixels, within a tolerance', () => {
    const a = decodePng(png(2, [[0, 0, 0, 100, 100, 100]], [0]));
    const b = decodePng(png(2, [[5, 5, 5, 200, 100, 100]], [0]));
    expect(changedPixels(a, a)).toBe(0);
    expect(changedPixels(a, b)).toBe(1);
  });
});
