/**
 * A small store with real R$ (R22–R28): Copel's B1 tariff per subgrupo, its taxes and rounding, two months of
 * bandeira, a GD II generator (requested in 2024) sharing its excedente with a beneficiary, and three readings each.
 * The invoice e2e tests, the PostgreSQL projection test and the demonstrativo's screenshots run it.
 */
export const PRICED_INVOICE_SCENARIO: readonly string[] = [
  {
    command: 'PublishTariff',
    distribuidora: 'copel',
    validFrom: '2025-01-01',
    te: { unico: '0.33017' },
    subgrupos: {
      B1: {
        unico: { te: '0.33017', tusd: '0.49821', fioB: '0.27650', fioA: '0.06120', ped: '0.00850', tfsee: '0.00090' },
      },
    },
  },
  {
    command: 'SetDistribuidoraPolicy',
    distribuidora: 'copel',
    validFrom: '2025-01-01',
    p10: 'greater-of',
    rounding: 'abnt',
    taxes: { icms: '0.19', pis: '0.0110', cofins: '0.0507', grossUp: 'aneel', icmsConvenio16: 'all' },
  },
  { command: 'PublishBandeira', month: '2025-04', flag: 'verde', rate: '0' },
  { command: 'PublishBandeira', month: '2025-05', flag: 'amarela', rate: '0.01885' },
  { command: 'PublishBandeira', month: '2025-06', flag: 'vermelha1', rate: '0.04463' },
  {
    command: 'RegisterUc',
    ucId: '9001',
    distribuidora: 'copel',
    titular: { document: '52998224725', name: 'Ana Souza' },
    group: 'B',
    postos: ['unico'],
    registeredAt: '2025-03-01',
    connection: 'trifasico',
  },
  {
    command: 'RegisterGeneration',
    ucId: '9001',
    installedKw: '12',
    source: 'solar',
    dispatchable: false,
    modalidade: 'autoconsumo_remoto',
    requestedAt: '2024-05-02',
    connectedAt: '2024-07-01',
  },
  {
    command: 'RegisterUc',
    ucId: '9002',
    distribuidora: 'copel',
    titular: { document: '52998224725', name: 'Ana Souza' },
    group: 'B',
    postos: ['unico'],
    registeredAt: '2025-03-01',
    connection: 'bifasico',
  },
  {
    command: 'ChangeRateio',
    ucId: '9001',
    requestedAt: '2025-03-02',
    mode: 'percentage',
    shares: [
      { ucId: '9001', percent: '40' },
      { ucId: '9002', percent: '60' },
    ],
  },
  {
    command: 'RecordReading',
    ucId: '9001',
    cycle: '2025-04',
    readingDate: '2025-04-10',
    postos: { unico: { consumed: '300', injected: '1200' } },
  },
  {
    command: 'RecordReading',
    ucId: '9002',
    cycle: '2025-04',
    readingDate: '2025-04-15',
    postos: { unico: { consumed: '420', injected: '0' } },
  },
  {
    command: 'RecordReading',
    ucId: '9001',
    cycle: '2025-05',
    readingDate: '2025-05-12',
    postos: { unico: { consumed: '350', injected: '1100' } },
  },
  {
    command: 'RecordReading',
    ucId: '9002',
    cycle: '2025-05',
    readingDate: '2025-05-15',
    postos: { unico: { consumed: '380', injected: '0' } },
  },
  {
    command: 'RecordReading',
    ucId: '9001',
    cycle: '2025-06',
    readingDate: '2025-06-11',
    postos: { unico: { consumed: '410', injected: '950' } },
  },
  {
    command: 'RecordReading',
    ucId: '9002',
    cycle: '2025-06',
    readingDate: '2025-06-16',
    postos: { unico: { consumed: '520', injected: '0' } },
  },
].map((line) => JSON.stringify(line));
