/** The dashboard's pure pieces (no browser): pt-BR kWh with the decimals that matter, the aggregated Sankey. */
import type { GeneratorFlow } from '../../apps/dashboard/src/api/types';
import {
  formatBytes,
  formatInstant,
  formatKwh,
  formatKwhNumber,
  formatPosto,
  formatRule,
  formatSeconds,
  formatTime,
} from '../../apps/dashboard/src/format/pt-br';
import { importTypeOf, refusedByText, stallText } from '../../apps/dashboard/src/views/import-words';
import { sankeyFlows } from '../../apps/dashboard/src/views/sankey-flows';

describe('dashboard pt-BR formats', () => {
  it.each([
    ['1234.567', '1.234,567'],
    ['1234.500', '1.234,5'],
    ['97126.510', '97.126,51'],
    ['1234.000', '1.234'],
    ['0.000', '0'],
    ['-0.000', '0'],
    ['-12.050', '-12,05'],
    ['7', '7'],
  ])('kWh %s → %s (thousands with dots, no ",000")', (kwh, text) => {
    expect(formatKwhNumber(kwh)).toBe(text);
  });

  it('names postos and rules as a person reads them', () => {
    expect(formatKwh('0.000')).toBe('0 kWh');
    expect(formatPosto('fora_ponta')).toBe('Fora ponta');
    expect(formatPosto('unico')).toBe('Único');
    expect(formatRule('R1')).toBe('R1 · Injeção própria, mesmo posto');
    expect(formatRule('X9')).toBe('X9');
  });
});

describe('the Importações view in words', () => {
  it('shows instants on Brasília clock, sizes and durations as a person reads them', () => {
    expect(formatInstant('2026-12-05T19:11:20.114Z')).toBe('05/12/2026 16:11');
    expect(formatInstant('2026-01-01T02:30:00Z')).toBe('31/12/2025 23:30');
    expect([812, 742_300, 4_321_000, 48_700_000].map(formatBytes)).toEqual(['812 B', '742 kB', '4,3 MB', '49 MB']);
    expect([0.2, 8.4, 125, 3_780].map(formatSeconds)).toEqual(['menos de 1 s', '8 s', '2 min 5 s', '1 h 3 min']);
  });

  it('says why a running job stands still, and what happens next: since when (by the second), until when', () => {
    expect(formatTime('2026-12-05T19:11:20.114Z')).toBe('16:11:20');
    const now = Date.parse('2026-12-05T19:12:00Z');
    const after = 'do ponto em que parou (as leituras já gravadas ficam).';
    const silent = { lastSignalAt: '2026-12-05T19:11:20.114Z', resumeBy: '2026-12-05T19:12:25.114Z' };
    expect(stallText(silent, now)).toBe(
      'Sem sinal da API que executava esta importação desde 16:11:20. Se ela não voltar, outra instância da API a ' +
        `retoma até 16:12:25, ${after}`,
    );
    // Past its time: no instance is up to resume it.
    expect(stallText(silent, Date.parse('2026-12-05T19:13:00Z'))).toBe(
      `Sem sinal da API que executava esta importação desde 16:11:20. A próxima instância da API no ar a retoma, ${after}`,
    );
    // Silent since yesterday: with its date.
    expect(stallText(silent, Date.parse('2026-12-06T19:13:00Z'))).toContain('desde 05/12/2026 16:11.');
    expect(stallText({ lastSignalAt: null, resumeBy: '2026-12-05T19:12:05Z' }, now)).toBe(
      `A API que executava esta importação foi desligada. A próxima instância da API no ar a retoma, ${after}`,
    );
  });

  it('takes .csv and .jsonl (.ndjson) files by their name, and no other', () => {
    expect(['leituras.CSV', 'a.jsonl', 'a.ndjson', 'a.xlsx', 'csv'].map(importTypeOf)).toEqual([
      'text/csv',
      'application/x-ndjson',
      'application/x-ndjson',
      null,
      null,
    ]);
  });

  it('says the refusals by rule or by what the status means, the most first', () => {
    expect(refusedByText({ '404': 2, R15: 1, '409': 1234 })).toBe(
      `ciclo já gravado com outros valores (409): 1.234; UC não cadastrada (404): 2; ${formatRule('R15')}: 1`,
    );
  });
});

describe('sankeyFlows (a readable picture of many cycles and beneficiaries)', () => {
  const flow = (cycle: string, targets: [string, string][], retained = '0.000') =>
    ({ cycle, retainedKwh: retained, byTarget: targets.map(([ucId, kwh]) => ({ ucId, kwh })) }) as GeneratorFlow;

  it('names the top 15 beneficiaries and adds the rest as "Outras (n UCs)"', () => {
    const targets = Array.from(
      { length: 50 },
      (_, i) => [`7${String(i).padStart(3, '0')}`, `${100 - i}.000`] as [string, string],
    );
    const { names, links } = sankeyFlows('7000', [flow('2025-02', targets)]);
    expect(names.filter((n) => n.startsWith('UC '))).toHaveLength(15);
    expect(names).toContain('Outras (35 UCs)');
    const others = links.find((l) => l.target === 'Outras (35 UCs)')!;
    expect(others.value).toBe(targets.slice(15).reduce((sum, [, kwh]) => sum + Number(kwh), 0));
  });

  it('draws the last 12 cycles and one node for the older ones', () => {
    const flows = Array.from({ length: 61 }, (_, i) =>
      flow(`${2020 + Math.floor((i + 2) / 12)}-${String(((i + 2) % 12) + 1).padStart(2, '0')}`, [], '10.000'),
    );
    const { names, links } = sankeyFlows('12001', flows);
    expect(names.filter((n) => n.startsWith('Ciclo '))).toHaveLength(12);
    expect(names).toContain('49 ciclos anteriores');
    expect(links.find((l) => l.source === '49 ciclos anteriores')!.value).toBe(490);
  });
});
