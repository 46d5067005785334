/** Signed checkpoints of the whole log: the running digest, the key, the checkpointer and the audit's check. */
export * from './log-digest';
export * from './signing-key';
export * from './log-checkpoint';
export * from './checkpoint-witness';
export * from './log-checkpointer';
export * from './log-integrity';
export * from './verify-log-checkpoints';
