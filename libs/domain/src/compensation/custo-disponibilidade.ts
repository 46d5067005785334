import { Kwh } from '../values/kwh';

/** Grupo B connection: fixes the custo de disponibilidade (R10). */
export type Connection = 'monofasico' | 'bifasico' | 'trifasico';

export const CONNECTIONS: readonly Connection[] = ['monofasico', 'bifasico', 'trifasico'];

/** R10: the Grupo B minimum in kWh: 30 (monofásico), 50 (bifásico), 100 (trifásico). */
export function custoDeDisponibilidade(connection: Connection): Kwh {
  switch (connection) {
    case 'monofasico':
      return Kwh.ofWh(30_000n);
    case 'bifasico':
      return Kwh.ofWh(50_000n);
    case 'trifasico':
      return Kwh.ofWh(100_000n);
  }
}
