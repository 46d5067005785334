import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One word for one thing on every screen, report and message a person reads (README, "Palavras"): a clerk who reads
 * "retidos" on the dashboard and "guardados" in a correction report asks whether they are two kinds of credit.
 */
const ROOT = join(__dirname, '..', '..');
const SOURCES = ['apps', 'libs', 'examples'];

/** Words replaced by the glossary's, with the one to use instead. */
const RETIRED: readonly { word: RegExp; use: string }[] = [
  { word: /estacionad[oa]s?/i, use: 'parado (a delivery a rule refused, `parked`)' },
  { word: /cr[ée]ditos? (?:guardados?|retidos?)/i, use: 'créditos mantidos (held for a titular, R18/R19)' },
  { word: /retid[oa]s? (?:p\/|para) (?:o )?titular/i, use: 'mantidos para o titular' },
  { word: /retida \(sem UC\)/i, use: 'mantida (sem UC)' },
];

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (/\.(ts|json|jsonl|csv|html)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) yield path;
  }
}

describe('pt-BR glossary', () => {
  it('no source file a person reads uses a retired word', () => {
    const found: string[] = [];
    for (const root of SOURCES)
      for (const file of filesUnder(join(ROOT, root))) {
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, i) => {
          for (const { word, use } of RETIRED) {
            const hit = word.exec(line);
            if (hit) found.push(`${relative(ROOT, file)}:${i + 1}: "${hit[0]}" (use: ${use})`);
          }
        });
      }
    expect(found).toEqual([]);
  });

  it('catches a retired word (the check is not vacuous)', () => {
    const line = 'Nenhum crédito retido fora das UCs; 2 estacionados';
    expect(RETIRED.filter(({ word }) => word.test(line)).length).toBe(2);
  });
});
