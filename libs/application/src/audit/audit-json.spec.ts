import { auditJsonItem, auditJsonTrailEvent, renderAuditJson, writeAuditJson } from './audit-json';
import type { AuditReport, TrailEvent } from './audit-report';

describe('auditJsonTrailEvent', () => {
  const base: TrailEvent = {
    position: 12,
    stream: 'uc-copel-100001',
    revision: 3,
    type: 'CycleCompensated',
    businessDate: '2024-12-08',
    dateSource: 'data',
    decision: 'verified',
  };

  it('prints the bytes the generic printer prints', () => {
    expect(auditJsonTrailEvent(base)).toBe(auditJsonItem(base));
    const odd = { ...base, stream: 'uc-"q"\\\u2028-\ud800', businessDate: '', type: 'Tipo ção' };
    expect(auditJsonTrailEvent(odd)).toBe(auditJsonItem(odd));
  });

  it('falls back to the generic printer for a field of another shape', () => {
    const nan = { ...base, position: Number.NaN };
    expect(auditJsonTrailEvent(nan)).toBe(auditJsonItem(nan));
    const missing = { ...base, businessDate: undefined } as unknown as TrailEvent;
    expect(auditJsonTrailEvent(missing)).toBe(auditJsonItem(missing));
  });
});

describe('writeAuditJson', () => {
  it('prints the bytes of renderAuditJson at every depth (keys sorted, two spaces a level)', () => {
    const deep = { z: [{ b: [[1, 'x', null], { d: { f: [], e: {} }, c: true }], a: undefined }], a: { y: [0.5, -0] } };
    const report = { summary: deep, events: [deep, [deep]], notes: [], ucs: [{}] } as unknown as AuditReport;
    let out = '';
    writeAuditJson(report, (chunk) => (out += chunk));
    expect(out).toBe(renderAuditJson(report));
  });
});
