/**
 * Read-only directory (an `api` instance): the position of this process's last append to each recently written
 * stream, so a lookup of a UC waits for the writer to have applied this process's own appends to that UC's stream
 * only (read your writes), not for every append it made since. Bounded: two generations of at most `capacity`
 * streams; a stream dropped with the older one answers the highest position that generation held (a wait at least
 * as long as it needs).
 */
export class OwnPositions {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private currentMax = -1;
  private previousMax = -1;
  /** The highest position of every generation dropped so far. */
  private floor = -1;

  constructor(private readonly capacity: number) {}

  note(stream: string, position: number): void {
    const known = this.current.get(stream) ?? this.previous.get(stream) ?? -1;
    if (position <= known) return;
    if (!this.current.has(stream) && this.current.size >= this.capacity) {
      this.floor = Math.max(this.floor, this.previousMax);
      this.previous = this.current;
      this.previousMax = this.currentMax;
      this.current = new Map();
      this.currentMax = -1;
    }
    this.current.set(stream, position);
    this.currentMax = Math.max(this.currentMax, position);
  }

  /** The position the writer must reach for this stream to show this process's own appends (-1: none made). */
  of(stream: string): number {
    return this.current.get(stream) ?? this.previous.get(stream) ?? this.floor;
  }
}
