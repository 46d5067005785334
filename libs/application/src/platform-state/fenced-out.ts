/**
 * A write refused because the writer no longer holds the lease it wrote under: another worker took over (its fencing
 * token is higher). The writer must stop its consumers; the new holder carries on from the stored checkpoint.
 */
export class FencedOut extends Error {
  override readonly name = 'FencedOut';
  constructor(
    readonly lease: string,
    readonly token: number | null,
  ) {
    super(`lease ${lease}: token ${token ?? 'none'} is no longer current (another worker took over)`);
  }
}
