import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createSigningKeyPair } from '@compensa/application';

/**
 * Adds `compensa keys init --out FILE`: a new Ed25519 pair for the log's signed checkpoints. The private key (mode
 * 0600) goes where COMPENSA_SIGNING_KEY_FILE will point, outside DATA_DIR; the public key beside it (`FILE.pub`) goes
 * to the auditors (`compensa audit --public-key`). Never overwrites a key.
 */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('the key that signs the checkpoints of the log');
  keys
    .command('init')
    .description('create an Ed25519 key pair: FILE (private, 0600) and FILE.pub (public)')
    .requiredOption('--out <file>', 'the private key file (keep it outside DATA_DIR); the public key goes to FILE.pub')
    .action((options: { out: string }) => {
      try {
        const made = createSigningKeyPair(resolve(options.out));
        process.stdout.write(
          `signing key ${made.keyId}\n  private: ${made.privateFile} (COMPENSA_SIGNING_KEY_FILE)\n` +
            `  public:  ${made.publicFile} (give it to the auditors: compensa audit --public-key)\n`,
        );
      } catch (err) {
        process.stderr.write(`compensa keys init: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
