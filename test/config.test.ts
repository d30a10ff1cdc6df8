import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveRunMode } from '../src/config.ts';

describe('run mode from the environment', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no credentials: local console', {}, 'local'],
    ['bot token + signing secret: HTTP', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'http'],
    ['bot token + app token: Socket Mode', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, 'socket'],
    ['blank values count as unset', { SLACK_BOT_TOKEN: '  ', SLACK_SIGNING_SECRET: '' }, 'local'],
  ];
  it.each(cases)('%s', (_name, env, kind) => {
    expect(resolveRunMode(loadConfig(env)).kind).toBe(kind);
  });

  it('production without credentials is an error naming the variables', () => {
    const mode = resolveRunMode(loadConfig({ NODE_ENV: 'production' }));
    expect(mode.kind).toBe('misconfigured');
    expect(mode.kind === 'misconfigured' && mode.message).toMatch(/SLACK_BOT_TOKEN.*SLACK_SIGNING_SECRET/);
  });

  it('a partial set names exactly what is missing', () => {
    const http = resolveRunMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }));
    expect(http).toEqual({ kind: 'misconfigured', message: expect.stringMatching(/Missing SLACK_SIGNING_SECRET for HTTP mode/) });
    const socket = resolveRunMode(loadConfig({ SLACK_APP_TOKEN: 'xapp-1' }));
    expect(socket).toEqual({ kind: 'misconfigured', message: expect.stringMatching(/Missing SLACK_BOT_TOKEN for Socket Mode/) });
  });
});

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      seedsDir: 'seeds',
      databaseUrl: undefined,
      digest: { defaultTime: '09:00', defaultTimeZone: 'UTC', size: 5 },
      logLevel: 'info',
    });
  });

  it('rejects nonsense numbers with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DIGEST_SIZE: '0' })).toThrow(/DIGEST_SIZE must be a whole number from 1 to 20/);
  });

  it('normalizes SLACK_API_URL to end with a slash', () => {
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack.apiUrl).toBe('http://127.0.0.1:9/api/');
  });
});

describe('Slack tokens in the wrong variable', () => {
  it('an app-level token as SLACK_BOT_TOKEN, or a bot or user token as SLACK_APP_TOKEN, is named, without the token', () => {
    const swapped = () => loadConfig({ SLACK_BOT_TOKEN: 'xapp-1-A1-sekret', SLACK_APP_TOKEN: 'xoxb-1-sekret' });
    expect(swapped).toThrow(ConfigError);
    expect(swapped).toThrow(/^SLACK_BOT_TOKEN holds an app-level token \(xapp-…\)/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-sekret', SLACK_APP_TOKEN: 'xoxb-1-sekret' })).toThrow(
      /^SLACK_APP_TOKEN holds a bot or user token \(xoxb-…\), not the app-level token \(xapp-…\)/,
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-1-sekret', SLACK_SIGNING_SECRET: 's' })).toThrow(/^SLACK_BOT_TOKEN holds a user token \(xoxp-…\)/);
    try {
      swapped();
    } catch (error) {
      expect(String(error)).not.toContain('sekret');
    }
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-ok', SLACK_APP_TOKEN: 'xapp-1-ok' }).slack.appToken).toBe('xapp-1-ok');
  });
});
