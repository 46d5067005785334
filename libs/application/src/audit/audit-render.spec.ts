import { SqliteEventStore } from '@compensa/event-store';
import { writeFileSync } from 'node:fs';
import { AUDIT_CSV_COLUMNS, renderAuditCsv } from './audit-csv';
import { CHECKPOINT_CSV_COLUMNS, CONSERVATION_CSV_COLUMNS } from './audit-integrity-csv';
import { renderAuditHtml } from './audit-html';
import { AUDIT_NOTES, CHECK_0_NOTE } from './audit-notes';
import { notePtBr } from './audit-wording-pt-br';
import { renderAuditJson, writeAuditJson } from './audit-json';
import { auditReplay } from './audit-replay';
import { TrailLot, type AuditReport } from './audit-report';
import type { AuditSelection } from './audit-selection';
import { buildStore } from './example-store.testing';
import { escapeHtml, formatDatePtBr, formatKwhPtBr } from './pt-br-format';

describe('pt-BR formats', () => {
  it('kWh with dot thousands and comma decimals (those that matter), exact from the string', () => {
    expect(formatKwhPtBr('1234.567')).toBe('1.234,567');
    expect(formatKwhPtBr('1234567.000')).toBe('1.234.567');
    expect(formatKwhPtBr('1234.500')).toBe('1.234,5');
    expect(formatKwhPtBr('-0.000')).toBe('0');
    expect(formatKwhPtBr('0.001')).toBe('0,001');
    expect(formatKwhPtBr('999')).toBe('999');
  });
  it('dates as dd/mm/aaaa', () => {
    expect(formatDatePtBr('2026-11-22')).toBe('22/11/2026');
    expect(formatDatePtBr(null)).toBe('');
  });
  it('escapes all text', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });
});

describe('audit renderings', () => {
  let report: AuditReport;
  let remove: () => void;
  beforeAll(async () => {
    const s = await buildStore('07-cooperativa-50-membros.jsonl');
    remove = s.remove;
    const store = new SqliteEventStore({ path: s.db });
    report = await auditReplay(store, { all: true });
    await store.close();
  });
  afterAll(() => remove());

  it('JSON written piece by piece is byte for byte the rendered JSON', () => {
    const chunks: string[] = [];
    writeAuditJson(report, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(report.events.length);
    expect(report.ucs.some((u) => u.balance.lots.some((l) => l instanceof TrailLot))).toBe(true);
    expect(chunks.join('')).toBe(renderAuditJson(report));
  });

  it('a balance lot prints as any object of its fields, at any depth, escapes and odd values included', () => {
    const lots = [
      new TrailLot('2030-01-15', 'GD_I', '1.500', 'ponta', '9001', '2025-01-15'),
      new TrailLot('2030-01-15', 'GD "II"', '0.000', 'fora\nponta', 'ç\u2028', '2025-01-15'),
      new TrailLot('x', 'GD_I', 7 as unknown as string, 'ponta', undefined as unknown as string, 'y'),
    ];
    const plain = JSON.parse(JSON.stringify(lots)) as unknown[];
    const printed = (value: unknown) => {
      const chunks: string[] = [];
      writeAuditJson({ ucs: [{ deep: { lots: value } }] } as unknown as AuditReport, (c) => chunks.push(c));
      return chunks.join('');
    };
    expect(printed(lots)).toBe(printed(plain));
    expect(printed(lots)).toBe(renderAuditJson({ ucs: [{ deep: { lots: plain } }] } as unknown as AuditReport));
  });

  it('CSV: a header, then one row per compensation line', () => {
    const csv = renderAuditCsv(report);
    const [linesPart, ...sections] = csv.trimEnd().split('\r\n\r\n');
    const rows = linesPart!.split('\r\n');
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    // A whole-log audit: check 4's totals, then check 0's checkpoints, each with its header.
    expect(sections.map((s) => s.split('\r\n')[0])).toEqual([
      CONSERVATION_CSV_COLUMNS.join(','),
      CHECKPOINT_CSV_COLUMNS.join(','),
    ]);
    expect(sections[0]).toContain('conservation,copel,');
    const lines = report.ucs.flatMap((u) => u.cycles.flatMap((c) => c.lines.map((l) => ({ uc: u.ucId, c, l }))));
    expect(rows).toHaveLength(lines.length + 1);
    expect(lines.length).toBeGreaterThan(0);
    const { uc, c, l } = lines[0];
    expect(rows[1]).toBe(
      [
        uc,
        c.cycle,
        c.readingDate,
        l.posto,
        l.kwh,
        l.source,
        l.sourceUcId,
        l.sourcePosto,
        l.sourceKwh,
        l.vintage ?? '',
        l.gdClass,
        l.rule,
        l.label,
        c.rebilled?.correctionId ?? '',
      ].join(','),
    );
  });

  it('CSV quotes a field with a comma or a quote', () => {
    const tricky = structuredClone(report);
    tricky.ucs = [{ ...tricky.ucs.find((u) => u.cycles.some((c) => c.lines.length))! }];
    const uc = tricky.ucs[0];
    const cycle = uc.cycles.find((c) => c.lines.length)!;
    uc.cycles = [{ ...cycle, lines: [{ ...cycle.lines[0], label: 'A, "B"' }] }];
    expect(renderAuditCsv(tricky).split('\r\n')[1].endsWith(',"A, ""B""",')).toBe(true);
  });

  it('HTML: every note of the report in pt-BR, none left in its English (JSON) wording', () => {
    const html = renderAuditHtml(report);
    expect(report.notes.slice(0, AUDIT_NOTES.length)).toEqual([...AUDIT_NOTES]);
    for (const note of report.notes) {
      expect(notePtBr(note)).not.toBe(note);
      expect(html).not.toContain(escapeHtml(note));
      expect(html).toContain(escapeHtml(notePtBr(note)));
    }
    expect(notePtBr(`${CHECK_0_NOTE}sem chave pública.`)).toBe(
      'Verificação 0 (checkpoints assinados): sem chave pública.',
    );
  });

  it('HTML: standalone and printable, summary first, then each UC, pt-BR numbers and dates, text escaped', () => {
    const html = renderAuditHtml(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<(link|script|img)\b|https?:\/\//);
    expect(html.indexOf('Resumo')).toBeLessThan(html.indexOf('<h2>UC '));
    for (const u of report.ucs) expect(html).toContain(`<h2>UC ${u.ucId} `);
    // The whole-log sections: check 0 (not run here: no key) and check 4's totals per distribuidora.
    expect(html).toContain('Pontos de controle assinados (verificação 0)');
    expect(html).toContain('Conservação da energia (verificação 4, Q3)');
    expect(html).toContain('<td data-label="Distribuidora">Copel</td>');
    const big = report.ucs
      .flatMap((u) => u.cycles.flatMap((c) => c.lines))
      .find((l) => l.kwh.split('.')[0].length >= 4);
    if (big) expect(html).toContain(formatKwhPtBr(big.kwh));
    expect(html).toMatch(/\d{1,3}(\.\d{3})*(,\d{1,3})?&nbsp;kWh/);
    expect(html).not.toMatch(/,000&nbsp;kWh/); // the decimals that matter, none on whole kWh
    expect(html).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // pt-BR for a person: no codes, no JSON, no English.
    const text = html.replace(/<style>[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' ');
    for (const word of [
      /\bactive\b/,
      /\bclosed\b/,
      /\bverified\b/,
      /\bown\b/,
      /\breceived\b/,
      /\bdefault\b/,
      /\bStream\b/,
      /\bfora_ponta\b/,
      /\bunico\b/,
      /\bcopel\b/,
      /\bGD_I/,
      /\b1 aprovadas\b/,
      /\bThe\b|\bEach\b|\bruns only\b/,
    ]) {
      expect(text).not.toMatch(word);
    }
    expect(text).not.toContain('{"');
    expect(html).toContain('R1 · Injeção própria, mesmo posto');
    const evil = structuredClone(report);
    evil.ucs[0].titular = { document: '1', name: '<b>Evil & Co</b>', key: '1' };
    const out = renderAuditHtml(evil);
    expect(out).toContain('&lt;b&gt;Evil &amp; Co&lt;/b&gt;');
    expect(out).not.toContain('<b>Evil');
  });
});

/** The audit of an example's store. */
async function auditOfExample(example: string, selection: AuditSelection): Promise<AuditReport> {
  const s = await buildStore(example);
  const store = new SqliteEventStore({ path: s.db });
  try {
    return await auditReplay(store, selection);
  } finally {
    await store.close();
    s.remove();
  }
}

/** The report's HTML as a reader sees its text (the page kept in AUDIT_HTML_OUT/NAME.html when that is set). */
function readerText(report: AuditReport, name: string): string {
  const html = renderAuditHtml(report);
  if (process.env.AUDIT_HTML_OUT) writeFileSync(`${process.env.AUDIT_HTML_OUT}/${name}.html`, html);
  return html
    .replace(/<style>[\s\S]*<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('audit HTML of the 30-day moves (pt-BR words, no JSON)', () => {
  it.each(['06-troca-de-titularidade.jsonl', '09-matriz-e-filiais-encerramento.jsonl'])('%s', async (example) => {
    const text = readerText(await auditOfExample(example, { all: true }), example);
    expect(text).not.toContain('{"');
    expect(text).not.toMatch(/\b(default|indication|closure-distribution|verified|active|closed|Stream)\b/);
    expect(text).toMatch(/Prazo: \d{2}\/\d{2}\/\d{4}/);
  });
});

describe('audit of a retificação of held credits, among the 30-day moves (example 20)', () => {
  it('R20: the correction is listed after the move it undid (kWh held before and after, the window closed, what the move gives now), and each cycle it re-billed names it', async () => {
    const report = await auditOfExample('20-retificacao-prazo-encerrado.jsonl', { titular: '82744019640' });
    expect(report.moves.map((m) => [m.type, m.reason, m.outcome.map((o) => [o.ucId, o.kwh]), m.decision])).toEqual([
      ['HeldCreditsReallocated', 'indication', [['21002', '649.272']], 'verified'],
      ['HeldCreditsCorrected', 'correction', [['21002', '0.000']], 'verified'],
    ]);
    expect(report.moves[1].inputs).toEqual({
      correctionId: expect.stringMatching(/^retif-21001-2026-03-/),
      heldBeforeKwh: '649.272',
      heldAfterKwh: '0.000',
      windowClosed: { date: '2026-04-10', deadline: '2026-05-10' },
      movedBefore: [{ ucId: '21002', reason: 'indication', kwh: '649.272' }],
    });
    // Each cycle the correction re-billed names it; the others are the readings' own bills.
    const rebilled = (ucId: string) =>
      report.ucs.find((u) => u.ucId === ucId)!.cycles.map((c) => [c.cycle, c.rebilled?.correctionId ?? null]);
    const id = (report.moves[1].inputs as { correctionId: string }).correctionId;
    expect(rebilled('21001')).toEqual([
      ['2026-03', id],
      ['2026-04', null],
    ]);
    expect(rebilled('21002')).toEqual([
      ['2026-03', null],
      ['2026-04', id],
      ['2026-05', id],
    ]);
    const text = readerText(report, '20-retificacao');
    expect(text).toContain('Créditos mantidos corrigidos por retificação');
    expect(text).toContain('retificação de leitura');
    expect(text).toContain('Mantidos antes: 649,272 kWh');
    expect(text).toContain('Mantidos depois: 0 kWh');
    expect(text).toContain('Janela de 30 dias encerrada (nada teria saído da UC): Data: 10/04/2026; Prazo: 10/05/2026');
    expect(text).toContain('Movidos antes: UC 21002: 649,272 kWh (indicação do titular)');
    expect(text).toContain('UC 21002: 0&nbsp;kWh verificada');
    expect(text).toContain(
      `Ciclo 04/2026, leitura em 30/04/2026 (revisão 9: decisão verificada; refaturado pela retificação ${id} de 05/06/2026)`,
    );
    expect(text).not.toMatch(/\b(correction|indication|verified|heldBeforeKwh)\b/);
    // The CSV's lines of a re-billed cycle name the correction (21001's March: its own injection, 90 kWh).
    const csvRows = renderAuditCsv(report).split('\r\n\r\n')[0].split('\r\n');
    const lastField = (prefix: string) =>
      csvRows.filter((row) => row.startsWith(prefix)).map((row) => row.split(',').at(-1));
    expect(lastField('21001,2026-03,')).toEqual([id]);
    expect(lastField('21001,2026-04,')).toEqual(['']);
  });
});

describe('audit of a retificação that re-decided a 30-day default (example 19)', () => {
  it('R20: a row per default the corrected consumption re-decided: the consumption before and after, the UCs chosen before, what each changed delivery gives now', async () => {
    const report = await auditOfExample('19-retificacao-creditos-movidos.jsonl', { all: true });
    const redecided = report.moves.filter((m) => m.type === 'ReallocationDefaultRedecided');
    expect(redecided.map((m) => [m.fromUcId, m.outcome.map((o) => o.ucId), m.decision])).toEqual([
      ['20004', [], 'verified'],
      ['20004', ['20005', '20006'], 'verified'],
    ]);
    expect(redecided[1].outcome[0].kwh).toBe('0.000');
    expect(redecided[1].inputs).toMatchObject({
      comparedUc: { ucId: '20005' },
      chosenBefore: [{ ucId: '20005' }],
    });
    const text = readerText(report, '19-retificacao');
    expect(text).toContain('Destinação automática refeita por retificação');
    expect(text).toMatch(/Consumo comparado: UC 20005 \(leitura de \d{2}\/\d{2}\/2026\)/);
    expect(text).toContain('UCs escolhidas antes: UC 20005');
    expect(text).toContain('as mesmas UCs');
    expect(text).not.toMatch(/\b(correction|verified|chosenBefore|consumptionBeforeKwh)\b/);
  });
});
