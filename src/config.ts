import { parseLogLevel, type LogLevel } from './logger.ts';

/** Everything the operator can set, read once from the environment (see .env.example). */
export interface Config {
  nodeEnv: string;
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    /** Web API base URL override (tests, proxies); Slack's own when unset. */
    apiUrl: string | undefined;
  };
  port: number;
  databaseUrl: string | undefined;
  seedsDir: string;
  digest: {
    defaultTime: string;
    defaultTimeZone: string;
    size: number;
  };
  hfApiUrl: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env[key]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const apiUrl = nonEmpty(env.SLACK_API_URL);
  return {
    nodeEnv: nonEmpty(env.NODE_ENV) ?? 'development',
    slack: {
      botToken: nonEmpty(env.SLACK_BOT_TOKEN),
      signingSecret: nonEmpty(env.SLACK_SIGNING_SECRET),
      appToken: nonEmpty(env.SLACK_APP_TOKEN),
      apiUrl: apiUrl && !apiUrl.endsWith('/') ? `${apiUrl}/` : apiUrl,
    },
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: nonEmpty(env.DATABASE_URL),
    seedsDir: nonEmpty(env.SEEDS_DIR) ?? 'seeds',
    digest: {
      defaultTime: nonEmpty(env.DIGEST_DEFAULT_TIME) ?? '09:00',
      defaultTimeZone: nonEmpty(env.DIGEST_DEFAULT_TZ) ?? 'UTC',
      size: integer(env, 'DIGEST_SIZE', 5, 1, 20),
    },
    hfApiUrl: nonEmpty(env.HF_API_URL) ?? 'https://huggingface.co/api/daily_papers',
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}

export type RunMode =
  | { kind: 'socket' }
  | { kind: 'http' }
  | { kind: 'local' }
  | { kind: 'misconfigured'; message: string };

/**
 * Which surface to run. Any Slack credential means the operator wants Slack, so a partial set is an error
 * naming what is missing rather than a silent fall-back to the local console.
 */
export function resolveRunMode(config: Config): RunMode {
  const { botToken, signingSecret, appToken } = config.slack;
  const anySlack = Boolean(botToken || signingSecret || appToken);
  if (!anySlack) {
    if (config.nodeEnv === 'production') {
      return {
        kind: 'misconfigured',
        message:
          'Missing Slack credentials: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode) ' +
          'or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode). See .env.example.',
      };
    }
    return { kind: 'local' };
  }
  const missing: string[] = [];
  if (!botToken) missing.push('SLACK_BOT_TOKEN');
  if (appToken) {
    if (missing.length === 0) return { kind: 'socket' };
  } else {
    if (!signingSecret) missing.push('SLACK_SIGNING_SECRET');
    if (missing.length === 0) return { kind: 'http' };
  }
  return {
    kind: 'misconfigured',
    message: `Missing ${missing.join(' and ')} for ${appToken ? 'Socket Mode' : 'HTTP mode'}. See .env.example.`,
  };
}

/** Values that must never be echoed, for the logger's redaction. */
export function configSecrets(config: Config): string[] {
  return [config.slack.botToken, config.slack.signingSecret, config.slack.appToken].filter(
    (value): value is string => Boolean(value),
  );
}
