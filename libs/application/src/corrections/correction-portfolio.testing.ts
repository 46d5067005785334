/** Test support: the simulation lines of the corrections specs' small portfolios (Ana's copel UCs). */

export const ANA = { document: '52998224725', name: 'Ana Souza' };

/** A `compensa simulate` line. */
export const line = (command: string, fields: Record<string, unknown>) => JSON.stringify({ command, ...fields });

/** Ana's Grupo B UC with one posto, registered on 2025-01-02. */
export const uc = (ucId: string, connection = 'trifasico') =>
  line('RegisterUc', {
    ucId,
    distribuidora: 'copel',
    titular: ANA,
    group: 'B',
    postos: ['unico'],
    registeredAt: '2025-01-02',
    connection,
  });

/** A one-posto reading. */
export const reading = (ucId: string, cycle: string, readingDate: string, consumed: string, injected = '0') =>
  line('RecordReading', { ucId, cycle, readingDate, postos: { unico: { consumed, injected } } });

/** The RegisterGeneration body of a 6 kW solar plant, GD I (requested 2022), sharing by autoconsumo remoto. */
export const remoteSolarGeneration = (ucId: string) => ({
  ucId,
  installedKw: '6',
  source: 'solar',
  dispatchable: false,
  modalidade: 'autoconsumo_remoto',
  requestedAt: '2022-05-05',
  connectedAt: '2022-06-01',
});
