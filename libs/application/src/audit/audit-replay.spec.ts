import { SqliteEventStore } from '@compensa/event-store';
import { auditReplay } from './audit-replay';
import { renderAuditJson } from './audit-json';
import type { AuditReport } from './audit-report';
import type { AuditOptions, AuditSelection } from './audit-selection';
import { buildStore, exampleScenarios, storedEvent, tamperAndRehash, tamperData } from './example-store.testing';

async function audit(db: string, selection: AuditSelection, options: AuditOptions = {}): Promise<AuditReport> {
  const store = new SqliteEventStore({ path: db });
  try {
    return await auditReplay(store, selection, options);
  } finally {
    await store.close();
  }
}

const failures = (r: AuditReport) =>
  r.mismatches.map((m) => `${m.check} ${m.stream}@${m.revision} ${m.path ?? ''}: ${m.detail}`);

describe('auditReplay on every examples/ scenario', () => {
  it.each(exampleScenarios())(
    '%s: its store audits clean (hash chains, decisions), as a whole and UC by UC',
    async (scenario) => {
      const s = await buildStore(scenario);
      try {
        const all = await audit(s.db, { all: true });
        expect(failures(all)).toEqual([]);
        expect(all.summary.passed).toBe(true);
        expect(all.summary.checks.hashChain.failed).toBe(0);
        expect(all.summary.checks.hashChain.passed).toBe(all.summary.streams);
        expect(all.summary.checks.decisions.passed).toBeGreaterThan(0);
        expect(all.summary.eventsReplayed).toBe(all.summary.eventsRead);
        expect(all.events.map((e) => e.position)).toEqual([...all.events.map((e) => e.position)].sort((a, b) => a - b));
        for (const uc of all.ucs) {
          const one = await audit(s.db, { uc: uc.ucId });
          expect(failures(one)).toEqual([]);
          // The same UC folds to the same balance alone as in the whole.
          expect(one.ucs.find((u) => u.stream === uc.stream)).toEqual(uc);
        }
        for (const t of new Set(all.ucs.map((u) => u.titular!.document))) {
          expect(failures(await audit(s.db, { titular: t }))).toEqual([]);
        }
      } finally {
        s.remove();
      }
    },
  );
});

describe('auditReplay: the trail', () => {
  let s: Awaited<ReturnType<typeof buildStore>>;
  beforeAll(async () => {
    s = await buildStore('06-troca-de-titularidade.jsonl');
  });
  afterAll(() => s.remove());

  it('two audits of the same store give byte-identical JSON', async () => {
    const a = renderAuditJson(await audit(s.db, { all: true }));
    const b = renderAuditJson(await audit(s.db, { all: true }));
    expect(a).toBe(b);
    expect(a).not.toMatch(/"(generatedAt|runAt)"/);
  });

  it('each reading names its rules, its lines and the balance by vintage afterwards', async () => {
    const r = await audit(s.db, { uc: '6001' });
    const uc = r.ucs.find((u) => u.ucId === '6001')!;
    expect(uc.cycles.map((c) => [c.cycle, c.balanceAfter.totalKwh])).toEqual([
      ['2025-02', '400.000'],
      ['2025-03', '600.000'],
    ]);
    expect(uc.cycles[0].rules).toEqual(expect.arrayContaining(['R1', 'R3', 'R4']));
    expect(uc.cycles[0].lines[0]).toMatchObject({ posto: 'unico', kwh: '100.000', source: 'own', rule: 'R1' });
    expect(uc.cycles[1].balanceAfter.lots.map((l) => [l.vintage, l.kwh])).toEqual([
      ['2025-02-20', '400.000'],
      ['2025-03-20', '200.000'],
    ]);
    expect(uc.cycles.every((c) => c.decision === 'verified')).toBe(true);
  });

  it('each 30-day move shows the inputs compared and the outcome', async () => {
    const r = await audit(s.db, { titular: '52998224725' });
    const move = r.moves.find((m) => m.type === 'HeldCreditsReallocated')!;
    expect(move).toMatchObject({ rule: 'R20', reason: 'indication', fromUcId: '6001', decision: 'verified' });
    expect(move.inputs).toMatchObject({ deadline: '2025-05-01', shares: [{ ucId: '6002', percent: '100' }] });
    expect(move.outcome).toEqual([expect.objectContaining({ ucId: '6002', kwh: '600.000' })]);
  });

  it('--as-of gives the state at that date: only events dated on or before it', async () => {
    const before = await audit(s.db, { uc: '6001' }, { asOf: '2025-03-01' });
    expect(before.ucs[0].cycles.map((c) => c.cycle)).toEqual(['2025-02']);
    expect(before.ucs[0].balance.totalKwh).toBe('400.000');
    expect(before.events.every((e) => e.businessDate <= '2025-03-01')).toBe(true);
    const march = await audit(s.db, { uc: '6001' }, { asOf: '2025-03-31' });
    expect(march.ucs[0].balance.totalKwh).toBe('600.000');
    // R18: on the change of titular the credits leave the UC.
    const april = await audit(s.db, { uc: '6001' }, { asOf: '2025-04-01' });
    expect(april.ucs[0].balance.totalKwh).toBe('0.000');
    expect(april.ucs[0].titular!.document).toBe('11144477735');
    for (const r of [before, march, april]) expect(failures(r)).toEqual([]);
  });

  it('--position replays the prefix of the log up to it', async () => {
    const whole = await audit(s.db, { all: true });
    const cut = whole.events[Math.floor(whole.events.length / 2)].position;
    const r = await audit(s.db, { all: true }, { position: cut });
    expect(r.position).toBe(cut);
    expect(r.events.map((e) => e.position)).toEqual(
      whole.events.filter((e) => e.position <= cut).map((e) => e.position),
    );
    expect(failures(r)).toEqual([]);
  });

  it('refuses --as-of and --position together, and a date that is not one', async () => {
    await expect(audit(s.db, { all: true }, { asOf: '2025-03-01', position: 3 })).rejects.toThrow(/não as duas/);
    await expect(audit(s.db, { all: true }, { asOf: '2025-02-30' })).rejects.toThrow(
      /não é uma data válida do calendário/,
    );
  });

  it('hands the replay to the read-model comparison and counts what it finds', async () => {
    const r = await audit(
      s.db,
      { uc: '6001' },
      {
        compareReadModels: async (replay) => {
          expect([...replay.ucs.keys()]).toEqual(['uc-copel-6001']);
          return [
            {
              check: 'read-model',
              stream: 'uc-copel-6001',
              revision: 3,
              eventType: null,
              path: 'balance',
              expected: '0.000',
              recorded: '1.000',
              detail: 'balance',
            },
          ];
        },
      },
    );
    expect(r.summary.checks.readModels).toEqual({ ran: true, passed: 0, failed: 1 });
    expect(r.summary.passed).toBe(false);
  });
});

describe('auditReplay: tampering', () => {
  it('one stored event changed in the SQLite file: the audit names that stream and revision (hash chain)', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    try {
      const stream = 'uc-copel-1001';
      const ev = storedEvent(s.db, stream, 'CycleCompensated');
      tamperData(s.db, stream, ev.revision, { ...ev.data, compensatedKwh: '999.000' });
      const r = await audit(s.db, { all: true });
      expect(r.summary.passed).toBe(false);
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({ check: 'hash-chain', stream, revision: ev.revision, eventType: 'CycleCompensated' }),
      );
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'decision',
          stream,
          revision: ev.revision,
          path: 'data.compensatedKwh',
          expected: ev.data.compensatedKwh,
          recorded: '999.000',
        }),
      );
    } finally {
      s.remove();
    }
  });

  it('a decision rewritten with its hash chain recomputed (an insider) is still caught by re-deriving it', async () => {
    const s = await buildStore('01-rateio-percentual.jsonl');
    try {
      const stream = 'uc-copel-1001';
      let nth = 0;
      while ((storedEvent(s.db, stream, 'ExcedenteAllocated', nth).data.allocations as unknown[]).length === 0) nth++;
      const ev = storedEvent(s.db, stream, 'ExcedenteAllocated', nth);
      const allocations = ev.data.allocations as { ucId: string; kwh: string }[];
      const forged = { ...ev.data, allocations: allocations.map((a, i) => (i === 0 ? { ...a, kwh: '1.000' } : a)) };
      tamperAndRehash(s.db, stream, ev.revision, forged);
      const r = await audit(s.db, { uc: '1001' });
      expect(r.summary.checks.hashChain.failed).toBe(0);
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'decision',
          stream,
          revision: ev.revision,
          path: 'data.allocations[0].kwh',
          expected: allocations[0].kwh,
          recorded: '1.000',
        }),
      );
    } finally {
      s.remove();
    }
  });

  it('a 30-day move rewritten with its chain recomputed is caught (R20 outcome re-derived from its inputs)', async () => {
    const s = await buildStore('09-matriz-e-filiais-encerramento.jsonl');
    try {
      const stream = 'titular-copel-33000167';
      const ev = storedEvent(s.db, stream, 'HeldCreditsReallocated');
      const outcome = ev.data.outcome as { ucId: string }[];
      tamperAndRehash(s.db, stream, ev.revision, { ...ev.data, outcome: [{ ...outcome[0], ucId: '9001' }] });
      const r = await audit(s.db, { titular: '33000167000101' });
      expect(r.summary.checks.hashChain.failed).toBe(0);
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'decision',
          stream,
          revision: ev.revision,
          path: 'data.outcome[0].ucId',
          expected: outcome[0].ucId,
          recorded: '9001',
        }),
      );
    } finally {
      s.remove();
    }
  });

  it('a TE rewritten in a reading is caught against the tariff stream and by re-deriving the reading', async () => {
    const s = await buildStore('02-conversao-entre-postos.jsonl');
    try {
      const r0 = await audit(s.db, { all: true });
      const stream = r0.ucs.find((u) => u.postos.length > 1)!.stream;
      const ev = storedEvent(s.db, stream, 'CycleCompensated');
      const te = ev.data.te as Record<string, string>;
      const posto = Object.keys(te)[0];
      tamperAndRehash(s.db, stream, ev.revision, { ...ev.data, te: { ...te, [posto]: '9.99' } });
      const r = await audit(s.db, { all: true });
      expect(r.mismatches).toContainEqual(
        expect.objectContaining({ check: 'recorded-input', stream, revision: ev.revision, path: 'data.te' }),
      );
    } finally {
      s.remove();
    }
  });
});

describe('auditReplay: one UC of 60 cycles', () => {
  it('replays and verifies it (timing printed for the benchmark)', async () => {
    const lines = [
      '{"command":"RegisterUc","ucId":"7001","distribuidora":"copel","titular":{"document":"52998224725","name":"Ana"},"group":"B","postos":["unico"],"registeredAt":"2020-01-02","connection":"trifasico"}',
      '{"command":"RegisterGeneration","ucId":"7001","installedKw":"10","source":"solar","dispatchable":false,"modalidade":"local","requestedAt":"2020-01-05","connectedAt":"2020-01-20"}',
    ];
    for (let i = 0; i < 60; i++) {
      const y = 2020 + Math.floor((i + 1) / 12);
      const m = String(((i + 1) % 12) + 1).padStart(2, '0');
      lines.push(
        `{"command":"RecordReading","ucId":"7001","cycle":"${y}-${m}","readingDate":"${y}-${m}-15","postos":{"unico":{"consumed":"${300 + (i % 7) * 40}","injected":"${i % 3 === 0 ? 100 : 600}"}}}`,
      );
    }
    const s = await buildStore(lines);
    try {
      await audit(s.db, { uc: '7001' }); // warm-up (module loading, statement preparation)
      const t = performance.now();
      const r = await audit(s.db, { uc: '7001' });
      const ms = performance.now() - t;
      expect(failures(r)).toEqual([]);
      expect(r.ucs[0].cycles).toHaveLength(60);
      process.stdout.write(`audit of one UC with 60 cycles: ${ms.toFixed(1)} ms\n`);
      expect(ms).toBeLessThan(1000);
    } finally {
      s.remove();
    }
  });
});
