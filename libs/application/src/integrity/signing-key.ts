import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/** The Ed25519 key pair that signs log checkpoints; the private half never lives in DATA_DIR. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in events and reports. */
  readonly keyId: string;
  readonly publicKeyPem: string;
}

/** A trusted public key, as the auditor holds it. */
export interface VerifyingKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly publicKeyPem: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

function verifyingOf(publicKey: KeyObject): VerifyingKey {
  return {
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Reads a PKCS#8 PEM private key (COMPENSA_SIGNING_KEY_FILE). */
export function loadSigningKey(file: string): SigningKey {
  const privateKey = createPrivateKey(readFileSync(file));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key`);
  return { privateKey, ...verifyingOf(createPublicKey(privateKey)) };
}

/** Reads a public key (SPKI PEM) or, given the private key file, its public half. */
export function loadVerifyingKey(file: string): VerifyingKey {
  const text = readFileSync(file, 'utf8');
  const publicKey = text.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(text)) : createPublicKey(text);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 key`);
  return verifyingOf(publicKey);
}

/** `compensa keys init`: a new pair, the private key 0600, the public key beside it (`.pub`). Never overwrites. */
export function createSigningKeyPair(privateFile: string): { privateFile: string; publicFile: string; keyId: string } {
  const publicFile = `${privateFile}.pub`;
  for (const f of [privateFile, publicFile]) if (existsSync(f)) throw new Error(`${f} já existe: não foi sobrescrito`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeDurably(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  writeDurably(publicFile, publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
  return { privateFile, publicFile, keyId: keyIdOf(publicKey) };
}

function writeDurably(file: string, text: string, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function signText(key: SigningKey, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}

export function verifyText(key: VerifyingKey, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Whether `file` lies inside `dir` (the key must not sit beside the data it vouches for). */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
