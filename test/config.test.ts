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
