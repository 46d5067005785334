/**
 * A rural GD I generator with five years of monthly readings, written as simulation lines: the examples' histories
 * are short (2024–2026), so on their own no credit would be near its 60-month expiry (R9) and the dashboard's
 * expiry calendar would be empty. Its 2021–2022 vintages expire month by month in the demo's next twelve months.
 */

/** The generator's UC number (no example uses it). */
export const SOLAR_HISTORY_UC = '12001';

// Southern-hemisphere solar: high in summer (Dec–Feb), low in winter (Jun–Jul); kWh per month.
const INJECTED_BY_MONTH = [980, 920, 860, 740, 640, 560, 590, 690, 780, 880, 940, 1000];
const CONSUMED_BY_MONTH = [430, 410, 390, 360, 350, 370, 380, 360, 350, 370, 400, 440];

/** The lines, oldest first: registration, generation, then a reading on the 15th of each month. */
export function solarHistoryLines(from = '2021-07', to = '2026-06'): string[] {
  const lines: object[] = [
    {
      command: 'RegisterUc',
      ucId: SOLAR_HISTORY_UC,
      distribuidora: 'copel',
      titular: { document: '74153832570', name: 'Dora Melo' },
      group: 'B',
      postos: ['unico'],
      registeredAt: '2021-03-04',
      connection: 'bifasico',
    },
    {
      command: 'RegisterGeneration',
      ucId: SOLAR_HISTORY_UC,
      installedKw: '7.5',
      source: 'solar',
      dispatchable: false,
      modalidade: 'local',
      requestedAt: '2021-04-10',
      connectedAt: '2021-06-20',
    },
  ];
  let [year, month] = from.split('-').map(Number);
  const [lastYear, lastMonth] = to.split('-').map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    const cycle = `${year}-${String(month).padStart(2, '0')}`;
    // A little year-to-year variation, deterministic.
    const wobble = ((year * 7 + month * 13) % 9) * 6 - 24;
    lines.push({
      command: 'RecordReading',
      ucId: SOLAR_HISTORY_UC,
      cycle,
      readingDate: `${cycle}-15`,
      postos: {
        unico: {
          consumed: String(CONSUMED_BY_MONTH[month - 1] + wobble),
          injected: String(INJECTED_BY_MONTH[month - 1] + wobble),
        },
      },
    });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return lines.map((line) => JSON.stringify(line));
}
