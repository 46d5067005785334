import { MemoryDirectoryStore, type DirectoryStore } from '@compensa/application';

/** Fault injection: a directory store that cannot commit while `lagging` (the directory falls behind the log). */
export class LaggingDirectoryStore extends MemoryDirectoryStore {
  lagging = true;

  override transaction<T>(fn: (store: DirectoryStore) => Promise<T>): Promise<T> {
    if (this.lagging) return Promise.reject(new Error('directory store unavailable (injected)'));
    return super.transaction(fn);
  }
}
