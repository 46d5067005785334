/** What the retificação specs compare: a UC's bills in force, and a decision's events of one type. */
import type { UcEvent } from '../uc/uc-events';
import type { PortfolioSimulator } from './portfolio-simulator';

/** The events of one type among a decision's, typed. */
export const eventsOfType = <T extends UcEvent['type']>(events: readonly UcEvent[], type: T) =>
  events.filter((e): e is Extract<UcEvent, { type: T }> => e.type === type);

/**
 * A UC's balance and bills in force: credits, received excedente, and each cycle's compensation (a re-billed cycle's
 * from its latest CycleRecompensated): what (record wrong, then correct) and (record right) must agree on.
 */
export function billsInForce(sim: PortfolioSimulator, ucId: string) {
  const cycles = new Map<string, unknown>();
  for (const e of sim.events(ucId)) {
    if (e.type === 'CycleCompensated') cycles.set(e.data.cycle, e.data);
    if (e.type === 'CycleRecompensated') cycles.set(e.data.cycle, e.data.compensation);
  }
  const s = sim.state(ucId);
  return { credits: s.credits, received: s.received, cycles: [...cycles] };
}
