import cron from 'node-cron';
import { scheduleDefaultsFromEnv } from './digests/schedule.ts';
import { errorText } from './error-text.ts';
import { quotableUrl } from './quotable-url.ts';
import { ArxivApiUrlError, checkArxivApiUrl, DEFAULT_ARXIV_API_URL } from './ingest/arxiv-endpoint.ts';
import { DEFAULT_HF_API_URL, HfApiUrlError, hfEndpoints } from './ingest/hf-endpoints.ts';
import { LogLevel, parseLogLevel } from './logger.ts';
import { EncryptionKeyError, parseEncryptionKey } from './slack/oauth/token-crypto.ts';
import { parseDatabaseUrl } from './store/database-url.ts';

/** Everything the operator can set, read once from the environment (see .env.example). */
export interface Config {
  nodeEnv: string;
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    /** Web API base URL override (tests, proxies); Slack's own when unset. */
    apiUrl: string | undefined;
    /** SLACK_API_TIMEOUT_MS: every Web API / response_url request is given up after this long. */
    timeoutMs: number;
    /** OAuth (several workspaces): all three plus `tokenEncryptionKey`, and no `botToken`. */
    clientId: string | undefined;
    clientSecret: string | undefined;
    stateSecret: string | undefined;
    /** 32 bytes (hex or base64) that encrypt installed tokens at rest; validated by `loadConfig`. */
    tokenEncryptionKey: string | undefined;
  };
  port: number;
  databaseUrl: string | undefined;
  seedsDir: string;
  /**
   * Folder of the serialized search index cache (INDEX_CACHE_DIR): a path, null when `off`, undefined for the
   * default (next to a SQLite file, else data/index-cache; none for an in-memory database).
   */
  indexCacheDir: string | null | undefined;
  digest: {
    defaultTime: string;
    defaultTimeZone: string;
    size: number;
    /** node-cron expression of the scheduler tick (ops/tests only; every minute by default). */
    tickCron: string;
    /** DIGEST_CONCURRENCY: digests talking to Slack at once (default 4). */
    concurrency: number;
  };
  /** HF_API_URL: the Hugging Face API's base or its daily papers endpoint (ingest/hf-endpoints.ts); validated. */
  hfApiUrl: string;
  /** ARXIV_API_URL: the arXiv API query endpoint, asked for a pasted paper Hugging Face does not know; validated. */
  arxivApiUrl: string;
  /** When every instance ingests the daily papers (cron, UTC); null for `INGEST_CRON=off` (never). */
  ingestCron: string | null;
  logLevel: LogLevel;
}

/** SLACK_API_TIMEOUT_MS's default: a Slack request with no answer after this long is given up. */
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

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

function cronExpression(env: Env, key: string, fallback: string): string {
  const raw = nonEmpty(env[key]);
  if (raw === undefined) return fallback;
  if (!cron.validate(raw)) throw new ConfigError(`${key} must be a cron expression such as "${fallback}" (got "${raw}").`);
  return raw;
}

/** LOG_LEVEL: a typo ("warning", "verbose") is refused rather than quietly logging at info. */
function logLevel(env: Env): LogLevel {
  const raw = nonEmpty(env.LOG_LEVEL);
  if (raw === undefined) return LogLevel.INFO;
  const levels = Object.values(LogLevel) as string[];
  if (!levels.includes(raw.toLowerCase())) throw new ConfigError(`LOG_LEVEL must be one of ${levels.join(', ')} (got "${raw}").`);
  return parseLogLevel(raw);
}

function encryptionKey(env: Env): string | undefined {
  const raw = nonEmpty(env.SLACK_TOKEN_ENCRYPTION_KEY);
  if (raw === undefined) return undefined;
  try {
    parseEncryptionKey(raw);
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw new ConfigError(error.message);
    throw error;
  }
  return raw;
}

function hfApiUrl(env: Env): string {
  const raw = nonEmpty(env.HF_API_URL) ?? DEFAULT_HF_API_URL;
  try {
    hfEndpoints(raw);
  } catch (error) {
    if (error instanceof HfApiUrlError) throw new ConfigError(error.message);
    throw error;
  }
  return raw;
}

function arxivApiUrl(env: Env): string {
  const raw = nonEmpty(env.ARXIV_API_URL) ?? DEFAULT_ARXIV_API_URL;
  try {
    return checkArxivApiUrl(raw);
  } catch (error) {
    if (error instanceof ArxivApiUrlError) throw new ConfigError(error.message);
    throw error;
  }
}

/**
 * The tokens Slack shows side by side, checked by their prefix: an app-level token (xapp-) where the bot token goes, or
 * a bot or user token (xox?-) where the app-level token goes, would only fail later in Slack's words
 * ("not_allowed_token_type"). A user token (xoxp-) would make the app act as a person. Only the prefix is echoed.
 */
function checkTokenKinds(botToken: string | undefined, appToken: string | undefined): void {
  if (botToken?.startsWith('xapp-')) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN holds an app-level token (xapp-…): that one goes in SLACK_APP_TOKEN (Socket Mode); SLACK_BOT_TOKEN is the Bot User OAuth Token (xoxb-…) under Install App.',
    );
  }
  if (botToken?.startsWith('xoxp-')) {
    throw new ConfigError('SLACK_BOT_TOKEN holds a user token (xoxp-…): use the Bot User OAuth Token (xoxb-…) under Install App.');
  }
  const kind = appToken === undefined ? null : /^(xox[a-z])-/.exec(appToken);
  if (kind) {
    throw new ConfigError(
      `SLACK_APP_TOKEN holds a bot or user token (${kind[1] ?? 'xox'}-…), not the app-level token (xapp-…): generate one under Basic Information → App-Level Tokens with the scope connections:write.`,
    );
  }
}

/** SLACK_API_URL, ending in a slash; refused unless http(s), since Slack calls to it would all fail as "unreachable". */
function slackApiUrl(env: Env): string | undefined {
  const raw = nonEmpty(env.SLACK_API_URL);
  if (raw === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    // A proxy URL may carry credentials: never echo them.
    throw new ConfigError(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got "${quotableUrl(raw)}").`);
  }
  return raw.endsWith('/') ? raw : `${raw}/`;
}

/** A check another module owns (its message names the variable), as a ConfigError: exit 2 in the CLI like the rest. */
function checked(check: () => unknown): void {
  try {
    check();
  } catch (error) {
    throw new ConfigError(errorText(error));
  }
}

function indexCacheDir(env: Env): string | null | undefined {
  const raw = nonEmpty(env.INDEX_CACHE_DIR);
  if (raw === undefined) return undefined;
  return raw.toLowerCase() === 'off' ? null : raw;
}

/** Whether the OAuth variables are set: the app serves /slack/install and uses each workspace's own token. */
export function oauthEnabled(config: Config): boolean {
  const { clientId, clientSecret, stateSecret } = config.slack;
  return Boolean(clientId || clientSecret || stateSecret);
}

export function loadConfig(env: Env = process.env): Config {
  checkTokenKinds(nonEmpty(env.SLACK_BOT_TOKEN), nonEmpty(env.SLACK_APP_TOKEN));
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  checked(() => parseDatabaseUrl(databaseUrl));
  const defaultTime = nonEmpty(env.DIGEST_DEFAULT_TIME) ?? '09:00';
  const defaultTimeZone = nonEmpty(env.DIGEST_DEFAULT_TZ) ?? 'UTC';
  checked(() => scheduleDefaultsFromEnv({ DIGEST_DEFAULT_TIME: defaultTime, DIGEST_DEFAULT_TZ: defaultTimeZone }));
  return {
    nodeEnv: nonEmpty(env.NODE_ENV) ?? 'development',
    slack: {
      botToken: nonEmpty(env.SLACK_BOT_TOKEN),
      signingSecret: nonEmpty(env.SLACK_SIGNING_SECRET),
      appToken: nonEmpty(env.SLACK_APP_TOKEN),
      apiUrl: slackApiUrl(env),
      timeoutMs: integer(env, 'SLACK_API_TIMEOUT_MS', DEFAULT_SLACK_TIMEOUT_MS, 100, 120_000),
      clientId: nonEmpty(env.SLACK_CLIENT_ID),
      clientSecret: nonEmpty(env.SLACK_CLIENT_SECRET),
      stateSecret: nonEmpty(env.SLACK_STATE_SECRET),
      tokenEncryptionKey: encryptionKey(env),
    },
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    seedsDir: nonEmpty(env.SEEDS_DIR) ?? 'seeds',
    indexCacheDir: indexCacheDir(env),
    digest: {
      defaultTime,
      defaultTimeZone,
      size: integer(env, 'DIGEST_SIZE', 5, 1, 20),
      tickCron: cronExpression(env, 'DIGEST_TICK_CRON', '* * * * *'),
      concurrency: integer(env, 'DIGEST_CONCURRENCY', 4, 1, 20),
    },
    hfApiUrl: hfApiUrl(env),
    arxivApiUrl: arxivApiUrl(env),
    ingestCron: nonEmpty(env.INGEST_CRON)?.toLowerCase() === 'off' ? null : cronExpression(env, 'INGEST_CRON', '30 6 * * *'),
    logLevel: logLevel(env),
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
  const { botToken, signingSecret, appToken, clientId, clientSecret, stateSecret, tokenEncryptionKey } = config.slack;
  const oauth = oauthEnabled(config);
  const anySlack = Boolean(botToken || signingSecret || appToken || oauth);
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
  if (oauth) {
    // Several workspaces: each one's token comes from its installation, never from SLACK_BOT_TOKEN.
    if (botToken) {
      return {
        kind: 'misconfigured',
        message:
          'SLACK_BOT_TOKEN (one workspace) and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/SLACK_STATE_SECRET (OAuth, many ' +
          'workspaces) are both set: unset SLACK_BOT_TOKEN for OAuth, or the OAuth variables for one workspace. See .env.example.',
      };
    }
    if (!clientId) missing.push('SLACK_CLIENT_ID');
    if (!clientSecret) missing.push('SLACK_CLIENT_SECRET');
    if (!stateSecret) missing.push('SLACK_STATE_SECRET');
    if (!tokenEncryptionKey) missing.push('SLACK_TOKEN_ENCRYPTION_KEY');
  } else if (!botToken) {
    missing.push('SLACK_BOT_TOKEN');
  }
  if (appToken) {
    if (missing.length === 0) return { kind: 'socket' };
  } else {
    if (!signingSecret) missing.push('SLACK_SIGNING_SECRET');
    if (missing.length === 0) return { kind: 'http' };
  }
  const last = missing.pop();
  const names = missing.length > 0 ? `${missing.join(', ')} and ${last}` : last;
  return {
    kind: 'misconfigured',
    message: `Missing ${names} for ${appToken ? 'Socket Mode' : 'HTTP mode'}${oauth ? ' with OAuth' : ''}. See .env.example.`,
  };
}

/** Values that must never be echoed, for the logger's redaction. */
export function configSecrets(config: Config): string[] {
  const { botToken, signingSecret, appToken, clientSecret, stateSecret, tokenEncryptionKey } = config.slack;
  return [botToken, signingSecret, appToken, clientSecret, stateSecret, tokenEncryptionKey].filter(
    (value): value is string => Boolean(value),
  );
}
