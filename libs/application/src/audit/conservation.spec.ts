import { DatabaseSync } from 'node:sqlite';
import { SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
import { auditReplay } from './audit-replay';
import { ConservationCheck } from './conservation';
import { buildStore, exampleScenarios } from './example-store.testing';

describe('check 4: conservation across streams (Q3)', () => {
  it.each(exampleScenarios())('%s: every kWh followed, each distribuidora balanced to the Wh', async (scenario) => {
    const s = await buildStore(scenario);
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.mismatches.filter((m) => m.check === 'conservation')).toEqual([]);
      expect(r.conservation!.totals.length).toBeGreaterThan(0);
      for (const t of r.conservation!.totals) expect(t.difference).toBe('0.000');
    } finally {
      await store.close();
      s.remove();
    }
  });

  it("a generator's last CycleCompensated and ExcedenteAllocated deleted (every chain intact): its beneficiaries' deliveries have no allocation", async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    const sqlite = new DatabaseSync(s.db);
    const last = sqlite
      .prepare("SELECT stream, revision FROM events WHERE type = 'ExcedenteAllocated' ORDER BY position DESC LIMIT 1")
      .get() as { stream: string; revision: number };
    const top = sqlite.prepare('SELECT MAX(revision) AS r FROM events WHERE stream = ?').get(last.stream) as {
      r: number;
    };
    expect(top.r).toBe(last.revision); // the tail of the generator's stream: no chain breaks
    sqlite.prepare('DELETE FROM events WHERE stream = ? AND revision >= ?').run(last.stream, last.revision - 1);
    sqlite.close();
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.summary.checks.hashChain.failed).toBe(0);
      const lost = r.mismatches.filter((m) => m.check === 'conservation');
      expect(lost).toContainEqual(
        expect.objectContaining({ eventType: 'ExcedenteReceived', detail: expect.stringMatching(/no allocation/) }),
      );
      expect(r.summary.checks.conservation.failed).toBeGreaterThan(0);
      expect(r.summary.passed).toBe(false);
    } finally {
      await store.close();
      s.remove();
    }
  });

  it('a delivery deleted at its beneficiary (with the tail of its stream): the allocation names the kWh lost', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    const sqlite = new DatabaseSync(s.db);
    const row = sqlite
      .prepare("SELECT stream, revision FROM events WHERE type = 'ExcedenteReceived' ORDER BY position DESC LIMIT 1")
      .get() as { stream: string; revision: number };
    // The beneficiary's tail from the delivery on: no chain breaks.
    sqlite.prepare('DELETE FROM events WHERE stream = ? AND revision >= ?').run(row.stream, row.revision);
    sqlite.close();
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.summary.checks.hashChain.failed).toBe(0);
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'conservation',
          eventType: 'ExcedenteAllocated',
          detail: expect.stringMatching(/never arrived and are not parked/),
        }),
      );
      expect(r.conservation!.totals.some((t) => t.difference !== '0.000')).toBe(true);
    } finally {
      await store.close();
      s.remove();
    }
  });

  it('opened balances (migration) are an inflow: used, held and moved, each distribuidora still balances to the Wh', async () => {
    const sha256 = 'e'.repeat(64);
    const source = (line: number) => ({ file: 'saldos.csv', line, sha256 });
    const uc = (ucId: string, document: string) =>
      JSON.stringify({
        command: 'RegisterUc',
        ucId,
        distribuidora: 'copel',
        titular: { document, name: 'Titular' },
        group: 'B',
        connection: 'monofasico',
        postos: ['unico'],
        registeredAt: '2026-05-04',
      });
    const s = await buildStore([
      uc('4001', '529.982.247-25'),
      uc('4004', '111.444.777-35'),
      JSON.stringify({
        command: 'ImportOpeningBalance',
        ucId: '4001',
        date: '2026-06-01',
        source: source(2),
        credits: [{ vintage: '2022-03-18', posto: 'unico', gdClass: 'GD_I', kwh: '412.5', sourceUcId: '4001' }],
        received: [{ vintage: '2026-05-19', posto: 'unico', gdClass: 'GD_I', kwh: '60', sourceUcId: '4009' }],
      }),
      JSON.stringify({
        command: 'ImportOpeningHeldCredits',
        document: '111.444.777-35',
        name: 'Bruno',
        distribuidora: 'copel',
        fromUcId: '4090',
        rule: 'R19',
        leftOn: '2026-05-25',
        status: 'open',
        date: '2026-06-01',
        source: source(3),
        lots: [{ vintage: '2024-06-20', posto: 'unico', gdClass: 'GD_I', kwh: '210', sourceUcId: '4090' }],
      }),
      '{"command":"RecordReading","ucId":"4001","cycle":"2026-07","readingDate":"2026-07-20","postos":{"unico":{"consumed":"300","injected":"0"}}}',
      '{"command":"RecordReading","ucId":"4004","cycle":"2026-07","readingDate":"2026-07-20","postos":{"unico":{"consumed":"100","injected":"0"}}}',
    ]);
    const store = new SqliteEventStore({ path: s.db });
    try {
      const r = await auditReplay(store, { all: true });
      expect(r.mismatches).toEqual([]);
      // 4001 used 60 received + 210 of its 2022 credit (R10 keeps 30 billed); the held 210 went to 4004 (R20
      // default on 25/06), which used 70 of them.
      expect(r.conservation!.totals).toEqual([
        expect.objectContaining({
          distribuidora: 'copel',
          injected: '0.000',
          opened: '682.500',
          compensated: '340.000',
          credits: '342.500',
          held: '0.000',
          difference: '0.000',
        }),
      ]);
      expect(r.conservation!.moves).toMatchObject({ checked: 1, failed: 0 });
    } finally {
      await store.close();
      s.remove();
    }
  });
});

describe('check 4 streamed (ConservationCheck): what it holds while it waits', () => {
  const inTransit = { kwh: '0.000', events: [] };
  let position = 0;
  const event = (stream: string, type: string, data: unknown, id = `e${position + 1}`): RecordedEvent => ({
    id,
    stream,
    revision: 0,
    position: ++position,
    type,
    data,
    metadata: { recordedAt: '2025-01-15T00:00:00Z', schemaVersion: 1, hash: '', prevHash: null },
  });
  const allocation = (id: string) =>
    event(
      'uc-copel-1',
      'ExcedenteAllocated',
      { allocations: [{ ucId: '2', posto: 'unico', gdClass: 'GD2', kwh: '10.000' }] },
      id,
    );
  const delivery = (source: string, kwh: string) =>
    event('uc-copel-2', 'ExcedenteReceived', { sourceEventId: source, ucId: '2', parts: [{ kwh }] });

  it('a delivery read before its allocation is matched when the allocation comes', () => {
    const check = new ConservationCheck(inTransit, new Map([['2', 'copel']]));
    check.event(delivery('a1', '10.000'));
    check.event(allocation('a1'));
    const { conservation, mismatches } = check.finish();
    expect(mismatches).toEqual([]);
    expect(conservation.allocations).toEqual({ checked: 1, inTransit: 0, failed: 0 });
  });

  it('a second delivery after everything arrived is forged: the allocation fails once', () => {
    const check = new ConservationCheck(inTransit, new Map([['2', 'copel']]));
    check.event(allocation('a2'));
    check.event(delivery('a2', '10.000'));
    check.event(delivery('a2', '1.000'));
    check.event(delivery('a2', '2.000'));
    const { conservation, mismatches } = check.finish();
    expect(conservation.allocations).toEqual({ checked: 1, inTransit: 0, failed: 1 });
    expect(mismatches.filter((m) => m.path === 'allocations.2').map((m) => m.recorded)).toEqual(['1.000', '2.000']);
  });

  it('a delivery whose allocation never comes is named; a partial one names what arrived', () => {
    const check = new ConservationCheck(inTransit, new Map([['2', 'copel']]));
    check.event(delivery('nowhere', '3.000'));
    check.event(allocation('a3'));
    check.event(delivery('a3', '4.000'));
    const { conservation, mismatches } = check.finish();
    expect(mismatches).toContainEqual(
      expect.objectContaining({ eventType: 'ExcedenteReceived', recorded: 'nowhere', path: 'sourceEventId' }),
    );
    expect(mismatches).toContainEqual(
      expect.objectContaining({ eventType: 'ExcedenteAllocated', expected: '10.000', recorded: '4.000' }),
    );
    expect(conservation.allocations).toEqual({ checked: 1, inTransit: 0, failed: 1 });
  });

  // R20 retificação: a titular's move whose lots a correction changed, matched with the receiving UC's correction.
  const heldCorrected = (differenceKwh: string) =>
    event('titular-copel-1', 'HeldCreditsCorrected', {
      sourceEventId: 'leave-1',
      correctionId: 'retif-1',
      differenceKwh: '0.000',
      expiredKwh: { before: '0.000', after: '0.000' },
      moves: [{ sourceEventId: 'move-1:2', differenceKwh }],
    });
  const heldReceipt = (differenceKwh: string) =>
    event('uc-copel-2', 'HeldCreditsReceiptCorrected', {
      sourceEventId: 'move-1:2',
      correctionId: 'retif-1',
      differenceKwh,
      expiredKwh: { before: '0.000', after: '0.000' },
    });

  it('R20 a move corrected on the titular stream matches the receiving UC’s correction to the Wh', () => {
    const check = new ConservationCheck(inTransit, new Map([['2', 'copel']]));
    check.event(heldReceipt('-400.000'));
    check.event(heldCorrected('-400.000'));
    const { conservation, mismatches } = check.finish();
    expect(mismatches.filter((m) => m.path === 'moves')).toEqual([]);
    expect(conservation.moves).toEqual({ checked: 1, inTransit: 0, failed: 0 });
  });

  it('R20 a receiving UC corrected by other kWh than the titular’s move said: the difference is named', () => {
    const check = new ConservationCheck(inTransit, new Map([['2', 'copel']]));
    check.event(heldCorrected('-400.000'));
    check.event(heldReceipt('-399.999'));
    const { conservation, mismatches } = check.finish();
    expect(mismatches).toContainEqual(
      expect.objectContaining({ eventType: 'HeldCreditsCorrected', path: 'moves', recorded: '-0.001' }),
    );
    expect(conservation.moves).toEqual({ checked: 1, inTransit: 0, failed: 1 });
  });

  // R20 retificação: a default that now chooses another UC: the UC chosen before to nothing, the one chosen now from
  // nothing, each matched with its receipt's correction.
  const defaultRedecided = event('titular-copel-1', 'ReallocationDefaultRedecided', {
    correctionId: 'retif-2',
    moves: [
      { sourceEventId: 'move-1:2', differenceKwh: '-300.001' },
      { sourceEventId: 'move-1:3', differenceKwh: '300.001' },
    ],
  });
  const receiptOf = (ucId: string, differenceKwh: string) =>
    event(`uc-copel-${ucId}`, 'HeldCreditsReceiptCorrected', {
      sourceEventId: `move-1:${ucId}`,
      correctionId: 'retif-2',
      differenceKwh,
      expiredKwh: { before: '0.000', after: '0.000' },
    });

  it('R20 a default re-decided to another UC: both deliveries match the two UCs’ corrections to the Wh', () => {
    const check = new ConservationCheck(
      inTransit,
      new Map([
        ['2', 'copel'],
        ['3', 'copel'],
      ]),
    );
    check.event(receiptOf('2', '-300.001'));
    check.event(receiptOf('3', '300.001'));
    check.event(defaultRedecided);
    const { mismatches } = check.finish();
    expect(mismatches.filter((m) => m.path === 'moves')).toEqual([]);
  });

  it('R20 a default re-decided to another UC whose new UC received nothing: the missing kWh are named', () => {
    const check = new ConservationCheck(
      inTransit,
      new Map([
        ['2', 'copel'],
        ['3', 'copel'],
      ]),
    );
    check.event(defaultRedecided);
    check.event(receiptOf('2', '-300.001'));
    const { conservation, mismatches } = check.finish();
    expect(mismatches).toContainEqual(
      expect.objectContaining({ eventType: 'ReallocationDefaultRedecided', path: 'moves', recorded: '300.001' }),
    );
    expect(conservation.moves.failed).toBe(1);
  });
});
