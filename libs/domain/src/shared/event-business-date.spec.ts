import { eventDataDate } from './event-business-date';

describe('R12 business dates of events', () => {
  it('R12 dates each event by the field its command carried', () => {
    expect(eventDataDate('ReadingRecorded', { readingDate: '2026-05-20' })).toBe('2026-05-20');
    expect(eventDataDate('ExcedenteReceived', { allocatedOn: '2026-05-15' })).toBe('2026-05-15');
    expect(eventDataDate('RateioChanged', { requestedAt: '2026-01-01', date: 'x' })).toBe('2026-01-01');
    expect(eventDataDate('TariffPublished', { validFrom: '2024-01-01' })).toBe('2024-01-01');
  });

  it('R12 has no date for HeldCreditsReceived, an unknown type or a malformed value', () => {
    expect(eventDataDate('HeldCreditsReceived', { lots: [] })).toBeNull();
    expect(eventDataDate('Nope', { date: '2026-01-01' })).toBeNull();
    expect(eventDataDate('CreditsExpired', { date: '01/02/2026' })).toBeNull();
  });
});
