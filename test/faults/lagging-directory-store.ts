import { MemoryDirectoryStore } from '@compensa/application';

/** Fault injection: a directory store that cannot commit while `lagging` (the directory falls behind the log). */
export class LaggingDirectoryStore extends MemoryDirectoryStore {
  lagging = true;

  override transaction<T>(fn: () => T): T {
    if (this.lagging) throw new Error('directory store unavailable (injected)');
    return super.transaction(fn);
  }
}
