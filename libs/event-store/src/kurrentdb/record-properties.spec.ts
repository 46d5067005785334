import { ENCODED_PROPERTY, fromReadMetadata, toRecordProperties } from './record-properties';

/** What KurrentDB gives a v1 read of a record appended with these properties (JSON of the Struct + $schema.*). */
function serverReadBack(properties: Record<string, string>, type = 'Thing'): Record<string, unknown> {
  const synthesised = { ...properties, '$schema.name': type, '$schema.format': 'Json' };
  return JSON.parse(JSON.stringify(synthesised)) as Record<string, unknown>;
}

/** What a v1 append's read gives for the same metadata (the client stores JSON.stringify of it). */
function v1ReadBack(metadata: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
}

describe('record properties of a multi-stream append', () => {
  it('are strings only: string entries as themselves, the rest as one JSON property', () => {
    const properties = toRecordProperties({ correlationId: 'c-1', schemaVersion: 2, prevHash: null, hash: 'ab' });
    expect(properties).toEqual({
      correlationId: 'c-1',
      hash: 'ab',
      [ENCODED_PROPERTY]: JSON.stringify({ schemaVersion: 2, prevHash: null }),
    });
    expect(Object.values(properties).every((v) => typeof v === 'string')).toBe(true);
  });

  it('read back as a single append reads back: every JSON value, $ keys and the marker name kept as given', () => {
    const metadata = {
      correlationId: 'c-1',
      recordedAt: '2026-07-08T10:00:00.000Z',
      schemaVersion: 3,
      prevHash: null,
      count: 0,
      ratio: 1.5,
      flag: false,
      nested: { list: [1, 'two', null, { x: true }] },
      text: 'ação ⚡ "quoted"',
      empty: '',
      gone: undefined,
      when: new Date('2026-01-02T03:04:05.000Z'),
      $reserved: 'mine',
      [ENCODED_PROPERTY]: 'a caller value under the marker name',
    };
    expect(fromReadMetadata(serverReadBack(toRecordProperties(metadata)))).toEqual(v1ReadBack(metadata));
  });

  it("leaves a v1 append's metadata alone, $ keys included", () => {
    const metadata = { correlationId: 'c-1', schemaVersion: 1, $correlationId: 'x' };
    expect(fromReadMetadata(metadata)).toBe(metadata);
  });
});
