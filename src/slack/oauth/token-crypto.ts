import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM with a 32-byte key from the environment (`SLACK_TOKEN_ENCRYPTION_KEY`), a
 * random 96-bit IV per value, and the workspace id as additional authenticated data, so a sealed value copied
 * onto another workspace's row does not open. A database dump alone reveals no token.
 *
 * Format: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The key id (8 hex chars of a hash of the key) makes
 * "this was sealed with another key" a clear error instead of a bare authentication failure.
 */

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

/**
 * 32 random bytes as 64 hex characters or as base64/base64url (43-44 characters), e.g. the output of
 * `openssl rand -base64 32` or `node -p "require('crypto').randomBytes(32).toString('base64')"`.
 */
export function parseEncryptionKey(raw: string): Buffer {
  const value = raw.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key === null || key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      'SLACK_TOKEN_ENCRYPTION_KEY must be 32 random bytes, as 64 hex characters or base64 ' +
        '(generate one with: openssl rand -base64 32).',
    );
  }
  return key;
}

export class TokenSealer {
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new EncryptionKeyError(`the token encryption key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
    this.keyId = createHash('sha256').update('paper-digest token key id\0').update(key).digest('hex').slice(0, 8);
  }

  /** Encrypts `plaintext`, bound to `context` (the workspace id). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.keyId, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The plaintext `seal(…, context)` produced; throws when the value was altered, moved or sealed with another key. */
  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, body, ...rest] = sealed.split('.');
    if (version !== VERSION || keyId === undefined || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
      throw new EncryptionKeyError('stored installation is not in a format this version can read');
    }
    if (keyId !== this.keyId) {
      throw new EncryptionKeyError(
        `stored installation was encrypted with another key (key id ${keyId}, current ${this.keyId}): ` +
          'restore the previous SLACK_TOKEN_ENCRYPTION_KEY or reinstall the app in that workspace',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new EncryptionKeyError('stored installation failed authentication (altered, or copied from another workspace)');
    }
  }
}
