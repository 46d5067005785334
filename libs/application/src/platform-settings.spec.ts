import { Money, type CyclePricing } from '@compensa/domain';
import { defaultSettings, p10Of } from './platform-settings';

const pricing: CyclePricing = { T: { unico: new Money('1') }, f: {} };

describe('R10 P10 in the platform settings', () => {
  it('R10 a distribuidora listed in the settings gets its P10 mode, with or without pricing', () => {
    const settings = { ...defaultSettings, p10: { copel: 'cap' as const, enel: 'greater-of' as const } };
    expect(p10Of(settings, 'copel', null)).toBe('cap');
    expect(p10Of(settings, 'enel', pricing)).toBe('greater-of');
  });

  it('R10 one not listed gets the rulebook default `cap` when the handler has T and f, `greater-of` when it has none', () => {
    expect(p10Of(defaultSettings, 'copel', pricing)).toBe('cap');
    expect(p10Of(defaultSettings, 'copel', null)).toBe('greater-of');
  });
});
