import type { AuditSelection } from '@compensa/application';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The options commander hands the audit action. */
export interface AuditCliOptions {
  uc?: string;
  titular?: string;
  all?: boolean;
  distribuidora?: string;
  asOf?: string;
  position?: string;
  format?: string;
  dataDir?: string;
  out?: string;
  readModelUrl?: string;
  /** commander's --no-read-models sets this to false. */
  readModels?: boolean;
  publicKey?: string;
  witness?: string;
}

/** The audit a command line asks for, once its options are checked. */
export interface AuditRequest {
  selection: AuditSelection;
  asOf?: string;
  position?: number;
  format: AuditFormat;
  dataDir: string;
  out?: string;
  /** Check 3 against these read models (null: not run). */
  readModelUrl: string | null;
  /** Check 0: the trusted public key (file) and the witness (null: none given). */
  publicKeyFile: string | null;
  witnessFile: string | null;
}

/** Output formats of `compensa audit`. */
export type AuditFormat = 'json' | 'csv' | 'html';

/** A command line that cannot run (exit 2). */
export class AuditUsageError extends Error {
  override readonly name = 'AuditUsageError';
}

/** Checks the combination of options commander cannot check on its own. */
export function parseAuditOptions(o: AuditCliOptions): AuditRequest {
  const chosen = [o.uc !== undefined, o.titular !== undefined, o.all === true].filter(Boolean).length;
  if (chosen !== 1) throw new AuditUsageError('escolha exatamente uma destas: --uc ID, --titular DOC, --all');
  if (o.distribuidora !== undefined && o.uc === undefined)
    throw new AuditUsageError('--distribuidora só vale junto com --uc');
  if (o.asOf !== undefined && o.position !== undefined)
    throw new AuditUsageError('--as-of e --position não podem ser usadas juntas');
  if (o.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf))
    throw new AuditUsageError(`--as-of ${o.asOf}: informe uma data AAAA-MM-DD`);
  if (o.position !== undefined && !/^\d{1,15}$/.test(o.position))
    throw new AuditUsageError(`--position ${o.position}: informe um inteiro não negativo`);
  const format = (o.format ?? 'json') as AuditFormat;
  if (!['json', 'csv', 'html'].includes(format))
    throw new AuditUsageError(`--format ${o.format}: use json, csv ou html`);
  const selection: AuditSelection =
    o.uc !== undefined
      ? { uc: o.uc, ...(o.distribuidora ? { distribuidora: o.distribuidora } : {}) }
      : o.titular !== undefined
        ? { titular: o.titular }
        : { all: true };
  const keyFile = process.env.COMPENSA_SIGNING_KEY_FILE?.trim();
  const publicKeyFile =
    o.publicKey ??
    (process.env.COMPENSA_SIGNING_PUBLIC_KEY_FILE?.trim() || (keyFile ? `${keyFile}.pub` : undefined)) ??
    null;
  if (publicKeyFile !== null && !existsSync(publicKeyFile))
    throw new AuditUsageError(`--public-key ${publicKeyFile}: arquivo não encontrado`);
  const witnessFile = o.witness ?? (process.env.COMPENSA_CHECKPOINT_WITNESS?.trim() || null);
  if (witnessFile !== null && !existsSync(witnessFile))
    throw new AuditUsageError(`--witness ${witnessFile}: arquivo não encontrado`);
  return {
    selection,
    publicKeyFile,
    witnessFile,
    ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
    ...(o.position !== undefined ? { position: Number(o.position) } : {}),
    format,
    dataDir: o.dataDir ?? './data',
    ...(o.out !== undefined ? { out: o.out } : {}),
    // Check 3 compares the read models (the present) with the replay: only for a replay of the whole history.
    readModelUrl:
      o.readModels === false || o.asOf !== undefined || o.position !== undefined
        ? null
        : (o.readModelUrl ?? process.env.READ_MODEL_URL ?? `sqlite:${join(o.dataDir ?? './data', 'read-models.db')}`),
  };
}
