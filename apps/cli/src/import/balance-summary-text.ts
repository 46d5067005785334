import {
  formatKwhPtBr,
  type BalanceImportSummary,
  type BalanceReconciliation,
  type ReconciliationLine,
} from '@compensa/application';

/** UCs listed one by one in the printed reconciliation; beyond, only those that do not match (the CSV has all). */
const UCS_PRINTED = 30;

const n = (x: number) => x.toLocaleString('pt-BR');

/** A table of reconciliation lines, numbers right-aligned (pt-BR kWh). */
function table(title: string, head: string, lines: readonly ReconciliationLine[]): string[] {
  const rows = lines.map((l) => [
    l.key,
    formatKwhPtBr(l.fileKwh),
    formatKwhPtBr(l.platformKwh),
    formatKwhPtBr(l.differenceKwh),
  ]);
  const all = [[head, 'arquivo', 'importado', 'diferença'], ...rows];
  const w = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i].length)));
  return [
    title,
    ...all.map((r) => `  ${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3].padStart(w[3])}`),
  ];
}

/** The counts of a run (complete or interrupted): UCs imported, duplicates, refused by rule, and the error file. */
export function balanceCountsText(s: BalanceImportSummary, errors: string | null): string {
  const by = Object.entries(s.refusedBy)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${/^\d+$/.test(k) ? `HTTP ${k}` : k}: ${n(v)}`)
    .join(', ');
  return [
    `${n(s.ucs)} UCs (${n(s.rows)} linhas) em ${s.seconds.toFixed(1).replace('.', ',')} s`,
    `  importadas: ${n(s.accepted)}`,
    `  duplicadas: ${n(s.duplicates)} (este arquivo já foi importado para a UC; nada gravado)`,
    `  recusadas:  ${n(s.refused)}${by ? ` (${by})` : ''}`,
    ...(errors ? [`  erros em ${errors}`] : []),
    '',
  ].join('\n');
}

/** The end-of-run summary and reconciliation (kWh) a billing clerk reads. */
export function balanceSummaryText(
  s: BalanceImportSummary,
  r: BalanceReconciliation,
  paths: { errors: string | null; reconciliation: string },
): string {
  const ucs = r.ucs();
  const shown = ucs.length <= UCS_PRINTED ? ucs : ucs.filter((l) => l.differenceKwh !== '0.000').slice(0, UCS_PRINTED);
  const hidden = ucs.length - shown.length;
  return (
    balanceCountsText(s, paths.errors) +
    [
      '',
      'Reconciliação, kWh (arquivo × plataforma; a diferença é o que foi recusado)',
      ...table('por UC:', 'UC', shown),
      ...(hidden > 0 ? [`  … e ${n(hidden)} UCs sem diferença (todas em ${paths.reconciliation})`] : []),
      ...table('por ano de safra:', 'ano', r.years()),
      ...table(
        'por classe:',
        'classe',
        r.classes().map((l) => ({ ...l, key: l.key.replace('_', ' ') })),
      ),
      ...table('por tipo:', 'tipo', r.kinds()),
      ...table('total:', '', [r.totals()]),
      ...(r.unreadable ? [`  ${n(r.unreadable)} linha(s) com kWh ilegível, fora da soma do arquivo`] : []),
      `  reconciliação completa em ${paths.reconciliation}`,
      '',
    ].join('\n')
  );
}
