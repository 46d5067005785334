import type { GeneratorFlow } from '../api/types';
import { formatCount, formatMonth } from '../format/pt-br';

/** How many beneficiaries and cycles a Sankey names: more would overlap into an unreadable picture. */
export const SANKEY_TOP_TARGETS = 15;
export const SANKEY_LAST_CYCLES = 12;

const RETAINED = 'Retido pela geradora';

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

/**
 * The Sankey's nodes and links, aggregated: the last 12 cycles each on the left (older ones as one "n ciclos
 * anteriores" node), the 15 beneficiaries that received most on the right (the rest as "Outras (n UCs)").
 */
export function sankeyFlows(ucId: string, flows: readonly GeneratorFlow[]): { names: string[]; links: SankeyLink[] } {
  const older = flows.length - SANKEY_LAST_CYCLES;
  const cycleNode = (index: number, f: GeneratorFlow) =>
    index < older
      ? `${formatCount(older)} ${older === 1 ? 'ciclo anterior' : 'ciclos anteriores'}`
      : `Ciclo ${formatMonth(f.cycle)}`;
  const received = new Map<string, number>();
  for (const f of flows) for (const t of f.byTarget) received.set(t.ucId, (received.get(t.ucId) ?? 0) + Number(t.kwh));
  const ranked = [...received.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  const named = new Set(ranked.slice(0, SANKEY_TOP_TARGETS));
  const others = ranked.length - named.size;
  const targetNode = (target: string) =>
    !named.has(target)
      ? `Outras (${formatCount(others)} ${others === 1 ? 'UC' : 'UCs'})`
      : target === ucId
        ? `UC ${target} (própria)`
        : `UC ${target}`;
  // Links between the same two nodes add up (aggregated cycles and beneficiaries).
  const sums = new Map<string, SankeyLink>();
  const add = (source: string, target: string, value: number) => {
    if (!(value > 0)) return;
    const key = `${source}\u0000${target}`;
    const link = sums.get(key);
    if (link) link.value += value;
    else sums.set(key, { source, target, value });
  };
  flows.forEach((f, i) => {
    for (const t of f.byTarget) add(cycleNode(i, f), targetNode(t.ucId), Number(t.kwh));
    add(cycleNode(i, f), RETAINED, Number(f.retainedKwh));
  });
  const links = [...sums.values()];
  return { names: [...new Set(links.flatMap((l) => [l.source, l.target]))], links };
}
