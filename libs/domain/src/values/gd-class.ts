/** The generation's tariff class (R15). */
export type GdClass = 'GD_I' | 'GD_II' | 'GD_III';

/** Fixed order: GD I energy is used before GD II (R16 tranches), and splits iterate in this order. */
export const GD_CLASSES: readonly GdClass[] = ['GD_I', 'GD_II', 'GD_III'];

/** "GD I", "GD II", "GD III": as printed on invoices (R17). */
export function gdClassLabel(c: GdClass): string {
  return c.replace('_', ' ');
}
