import type { EventType } from './domain-event';
import { EVENT_CATALOGUE, eventEntryOf, type EventEntry } from './event-catalogue';
import { EVENT_SCHEMA_VERSIONS } from './schema-versions';

type Catalogue = { readonly [T in EventType]: EventEntry<T> };

describe('the event catalogue', () => {
  it('gives every event type its schema version', () => {
    expect(Object.keys(EVENT_SCHEMA_VERSIONS).sort()).toEqual(Object.keys(EVENT_CATALOGUE).sort());
    expect(eventEntryOf('TariffPublished')).toEqual({ schemaVersion: 1, date: 'validFrom' });
    expect(eventEntryOf('toString')).toBeUndefined();
  });

  it('does not compile when an event misses its entry, or names a date field its data lacks (fixtures)', () => {
    const { ReadingRecorded: _reading, ...withoutReading } = EVENT_CATALOGUE;
    // @ts-expect-error ReadingRecorded has no entry
    const missing: Catalogue = withoutReading;
    const misdated: Catalogue = {
      ...EVENT_CATALOGUE,
      // @ts-expect-error ReadingRecorded's data has no field `date`
      ReadingRecorded: { schemaVersion: 1, date: 'date' },
    };
    expect([missing, misdated]).toHaveLength(2);
  });
});
