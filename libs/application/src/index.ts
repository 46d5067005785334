/** The command side shared by the API and the CLI: verbs, process managers, scheduler, clock. */
export * from './clock';
export * from './deterministic-id';
export * from './logger';
export * from './platform-settings';
export * from './stream-events';
export * from './directory/uc-directory';
export * from './commands/command-result';
export * from './commands/decide-and-append';
export * from './commands/compensa-commands';
export * from './process-managers/checkpointed-consumer';
export * from './process-managers/excedente-delivery';
export * from './process-managers/held-credits';
export * from './process-managers/deadline-scheduler';
export * from './platform';
export * from './audit';
