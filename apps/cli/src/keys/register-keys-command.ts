import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createSigningKeyPair } from '@compensa/application';

/**
 * Adds `compensa keys init --out FILE`: a new Ed25519 pair for the log's signed checkpoints. The private key (mode
 * 0600) goes where COMPENSA_SIGNING_KEY_FILE will point, outside DATA_DIR; the public key beside it (`FILE.pub`) goes
 * to the auditors (`compensa audit --public-key`). Never overwrites a key.
 */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('a chave que assina os checkpoints do log');
  keys
    .command('init')
    .description('cria um par de chaves Ed25519: FILE (privada, 0600) e FILE.pub (pública)')
    .requiredOption(
      '--out <file>',
      'o arquivo da chave privada (guarde-o fora do DATA_DIR); a chave pública vai para FILE.pub',
    )
    .action((options: { out: string }) => {
      try {
        const made = createSigningKeyPair(resolve(options.out));
        process.stdout.write(
          `chave de assinatura ${made.keyId}\n  privada: ${made.privateFile} (COMPENSA_SIGNING_KEY_FILE)\n` +
            `  pública: ${made.publicFile} (entregue-a aos auditores: compensa audit --public-key)\n`,
        );
      } catch (err) {
        process.stderr.write(`compensa keys init: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
