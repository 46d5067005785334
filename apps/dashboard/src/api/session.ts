/** The API key of this browser tab: sessionStorage only (gone when the tab closes, never in localStorage). */
const STORAGE_KEY = 'compensa.apiKey';

/** The signed-in key, or null. */
export function sessionKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

const ROLE_KEY = 'compensa.role';

/** Keeps the key (and its role, which decides what the views offer) for this browser session. */
export function signIn(key: string, role: string | null = null): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  if (role) sessionStorage.setItem(ROLE_KEY, role);
  else sessionStorage.removeItem(ROLE_KEY);
}

/** The signed-in key's role ("operator", "auditor"), or null when unknown. */
export function sessionRole(): string | null {
  return sessionStorage.getItem(ROLE_KEY);
}

/** Forgets the key. */
export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStorage.removeItem(ROLE_KEY);
}
