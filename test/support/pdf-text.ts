/**
 * The text of an uncompressed PDF (pdfkit with `compress: false`), for tests: the strings of each text-showing
 * operator (`[<hex> kern <hex>] TJ`, `<hex> Tj`) in drawing order, one line each, decoded as WinAnsi. Enough for
 * what pdfkit writes with its standard fonts; not a general PDF parser.
 */

/** WinAnsi bytes 0x80–0x9F that differ from Latin-1 (those the documents use). */
const WIN_ANSI: Readonly<Record<number, string>> = { 0x95: '•', 0x96: '–', 0x97: '—', 0xb7: '·' };

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI[byte] ?? String.fromCharCode(byte);
  }
  return out;
}

/** One string per text operator, in the order drawn. */
export function pdfTextLines(pdf: Buffer): string[] {
  const body = pdf.toString('latin1');
  const lines: string[] = [];
  for (const stream of body.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    for (const op of stream[1].matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const parts = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : [op[2]];
      lines.push(parts.map(decodeHex).join(''));
    }
  }
  return lines;
}

/** All the text, one operator a line. */
export function pdfText(pdf: Buffer): string {
  return pdfTextLines(pdf).join('\n');
}
