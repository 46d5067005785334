/** The generation's tariff class (R15). */
export type GdClass = 'GD_I' | 'GD_II' | 'GD_III';

/** Fixed order: GD I energy is used before GD II (R16 tranches), and splits iterate in this order. */
export const GD_CLASSES: readonly GdClass[] = ['GD_I', 'GD_II', 'GD_III'];

/** "GD I", "GD II", "GD III": as printed on invoices (R17). */
export function gdClassLabel(c: GdClass): string {
  return GD_CLASS_LABEL[c];
}

const GD_CLASS_LABEL: Readonly<Record<GdClass, string>> = { GD_I: 'GD I', GD_II: 'GD II', GD_III: 'GD III' };
