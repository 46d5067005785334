/** The API key of this browser tab: sessionStorage only (gone when the tab closes, never in localStorage). */
const STORAGE_KEY = 'compensa.apiKey';

/** The signed-in key, or null. */
export function sessionKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Keeps the key for this browser session. */
export function signIn(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

/** Forgets the key. */
export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
