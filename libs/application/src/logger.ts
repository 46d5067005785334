/** What the application layer logs through: Nest's Logger or pino fit; tests pass a silent one. */
export interface AppLogger {
  log(message: string, context?: string): void;
  warn(message: string, context?: string): void;
  error(message: string, context?: string): void;
}

export const silentLogger: AppLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
