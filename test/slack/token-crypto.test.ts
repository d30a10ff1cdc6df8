import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSecrets, loadConfig, resolveRunMode } from '../../src/config.ts';
import { EncryptionKeyError, parseEncryptionKey, TokenSealer } from '../../src/slack/oauth/token-crypto.ts';

const key = randomBytes(32);
const token = 'xoxb-1234-5678-abcdefghijklmnop';

describe('token encryption at rest (AES-256-GCM)', () => {
  it('round-trips, and the sealed text reveals nothing of the token', () => {
    const sealer = new TokenSealer(key);
    const sealed = sealer.seal(JSON.stringify({ bot: { token } }), 'T1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('xoxb');
    expect(Buffer.from(sealed).includes(Buffer.from('1234-5678'))).toBe(false);
    expect(JSON.parse(sealer.open(sealed, 'T1'))).toEqual({ bot: { token } });
    // A fresh IV each time.
    expect(sealer.seal('same', 'T1')).not.toBe(sealer.seal('same', 'T1'));
  });

  it('refuses a value moved to another workspace, altered, or sealed with another key', () => {
    const sealer = new TokenSealer(key);
    const sealed = sealer.seal(token, 'T1');
    expect(() => sealer.open(sealed, 'T2')).toThrow(EncryptionKeyError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const flipped = [...parts.slice(0, 4), body.toString('base64url')].join('.');
    expect(() => sealer.open(flipped, 'T1')).toThrow(/failed authentication/);
    expect(() => new TokenSealer(randomBytes(32)).open(sealed, 'T1')).toThrow(/encrypted with another key/);
    expect(() => sealer.open('plain-text', 'T1')).toThrow(/format/);
  });

  it('accepts 32 bytes as hex or base64 and explains anything else', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), 'z'.repeat(64)]) {
      expect(() => parseEncryptionKey(bad)).toThrow(/32 random bytes.*openssl rand -base64 32/);
    }
  });
});

describe('OAuth configuration', () => {
  const oauthEnv = {
    SLACK_CLIENT_ID: '111.222',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret',
    SLACK_TOKEN_ENCRYPTION_KEY: key.toString('base64'),
  };

  it('OAuth + signing secret: HTTP mode without SLACK_BOT_TOKEN; OAuth + app token: Socket Mode', () => {
    expect(resolveRunMode(loadConfig({ ...oauthEnv, SLACK_SIGNING_SECRET: 's' }))).toEqual({ kind: 'http' });
    expect(resolveRunMode(loadConfig({ ...oauthEnv, SLACK_APP_TOKEN: 'xapp-1' }))).toEqual({ kind: 'socket' });
  });

  it('names every missing OAuth variable, the encryption key included', () => {
    const mode = resolveRunMode(loadConfig({ SLACK_CLIENT_ID: '111.222', SLACK_SIGNING_SECRET: 's' }));
    expect(mode).toEqual({
      kind: 'misconfigured',
      message: 'Missing SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_TOKEN_ENCRYPTION_KEY for HTTP mode with OAuth. See .env.example.',
    });
    const noKey = resolveRunMode(loadConfig({ ...oauthEnv, SLACK_TOKEN_ENCRYPTION_KEY: '', SLACK_SIGNING_SECRET: 's' }));
    expect(noKey.kind === 'misconfigured' && noKey.message).toMatch(/Missing SLACK_TOKEN_ENCRYPTION_KEY for HTTP mode with OAuth/);
  });

  it('refuses a bot token together with OAuth, and a malformed key at load time', () => {
    const both = resolveRunMode(loadConfig({ ...oauthEnv, SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }));
    expect(both.kind === 'misconfigured' && both.message).toMatch(/unset SLACK_BOT_TOKEN for OAuth/);
    expect(() => loadConfig({ ...oauthEnv, SLACK_TOKEN_ENCRYPTION_KEY: 'not-a-key' })).toThrow(ConfigError);
  });

  it('treats the OAuth secrets and the key as secrets for the logger', () => {
    const secrets = configSecrets(loadConfig({ ...oauthEnv, SLACK_SIGNING_SECRET: 'signing-secret' }));
    expect(secrets).toEqual(expect.arrayContaining(['client-secret', 'state-secret', key.toString('base64'), 'signing-secret']));
    expect(secrets).not.toContain('111.222');
  });

  it('DIGEST_TICK_CRON defaults to every minute and is validated', () => {
    expect(loadConfig({}).digest.tickCron).toBe('* * * * *');
    expect(loadConfig({ DIGEST_TICK_CRON: '*/5 * * * * *' }).digest.tickCron).toBe('*/5 * * * * *');
    expect(() => loadConfig({ DIGEST_TICK_CRON: 'every minute' })).toThrow(/DIGEST_TICK_CRON/);
  });
});
