import { createWriteStream } from 'node:fs';
import type { Reading } from './synthetic-portfolio';

/** Readings as the CSV a distribuidora exports (`;`, decimal comma, one line per posto); resolves with the rows. */
export async function writeReadingsCsv(path: string, readings: Iterable<Reading>): Promise<number> {
  const out = createWriteStream(path);
  out.write('uc;cycle;reading_date;posto;consumed;injected\n');
  const kwh = (wh: number) => `${Math.floor(wh / 1000)},${String(wh % 1000).padStart(3, '0')}`;
  let rows = 0;
  for (const r of readings) {
    for (const [posto, v] of Object.entries(r.postos)) {
      if (!out.write(`${r.ucId};${r.cycle};${r.readingDate};${posto};${kwh(v!.consumed)};${kwh(v!.injected)}\n`)) {
        await new Promise<void>((res) => out.once('drain', () => res()));
      }
      rows++;
    }
  }
  await new Promise<void>((res) => out.end(() => res()));
  return rows;
}
