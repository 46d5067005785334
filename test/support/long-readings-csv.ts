/**
 * A readings CSV long enough for an import job to be caught running: UCs 3002 and 3003 of the example cadastro
 * (examples/importacao-cadastro.jsonl), each read every month for `months` months from 2026-08, one wave a month (so
 * 2 × `months` readings, every one accepted on a fresh cadastro).
 */
export function longReadingsCsv(months = 1200): string {
  const cycles = Array.from({ length: months }, (_, m) => {
    const k = 2026 * 12 + 7 + m;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
  const lines = [
    'uc;cycle;reading_date;posto;consumed;injected',
    ...cycles.flatMap((c) => [`3002;${c};${c}-20;unico;148;0`, `3003;${c};${c}-20;unico;150;0`]),
  ];
  return `${lines.join('\n')}\n`;
}
