import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config.ts';

/**
 * An operator sets the app up from README's Configuration table and .env.example: every variable src/config.ts
 * reads must be in both, with a comment in .env.example, and the default both give must be the one the code applies.
 */
const ROOT = join(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** The variables src/config.ts reads: `env.NAME`, `env['NAME']`, `integer(env, 'NAME', …)` and the like. */
function configVariables(): string[] {
  const source = read('src/config.ts');
  const names = new Set<string>();
  for (const match of source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\]|, '([A-Z][A-Z0-9_]+)')/g)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name) names.add(name);
  }
  return [...names].sort();
}

/** README's Configuration table: variable → its default cell. */
function readmeDefaults(): Map<string, string> {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Operations'));
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]*) \|/gm)) {
    if (match[1] && match[2] !== undefined) rows.set(match[1], match[2].trim());
  }
  return rows;
}

/** .env.example: variable → { value, commented: a comment right above it, or above the variables just before it }. */
function envExample(): Map<string, { value: string; commented: boolean }> {
  const lines = read('.env.example').split('\n');
  const entries = new Map<string, { value: string; commented: boolean }>();
  lines.forEach((line, index) => {
    const match = /^([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match?.[1]) return;
    const value = (match[2] ?? '').trim().replace(/^"(.*)"$/, '$1');
    let above = index - 1;
    while (/^[A-Z][A-Z0-9_]+=/.test(lines[above] ?? '')) above -= 1;
    entries.set(match[1], { value, commented: (lines[above] ?? '').startsWith('#') });
  });
  return entries;
}

/** The default the code applies, for each variable that has one. */
const CODE_DEFAULTS: Record<string, (config: Config) => string> = {
  NODE_ENV: (c) => c.nodeEnv,
  SLACK_API_TIMEOUT_MS: (c) => String(c.slack.timeoutMs),
  PORT: (c) => String(c.port),
  SEEDS_DIR: (c) => c.seedsDir,
  DIGEST_DEFAULT_TIME: (c) => c.digest.defaultTime,
  DIGEST_DEFAULT_TZ: (c) => c.digest.defaultTimeZone,
  DIGEST_SIZE: (c) => String(c.digest.size),
  DIGEST_TICK_CRON: (c) => c.digest.tickCron,
  DIGEST_CONCURRENCY: (c) => String(c.digest.concurrency),
  HF_API_URL: (c) => c.hfApiUrl,
  ARXIV_API_URL: (c) => c.arxivApiUrl,
  INGEST_CRON: (c) => c.ingestCron ?? 'off',
  LOG_LEVEL: (c) => c.logLevel,
};

describe('the configuration an operator reads (README, .env.example) is the one the code applies', () => {
  const variables = configVariables();
  const readme = readmeDefaults();
  const example = envExample();

  it('finds the variables src/config.ts reads', () => {
    expect(variables).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'PORT', 'DIGEST_SIZE', 'LOG_LEVEL']));
  });

  it('every variable is in .env.example with a comment and in README\'s Configuration table', () => {
    const missing = variables.filter((name) => !readme.has(name) || !example.get(name)?.commented);
    expect(missing).toEqual([]);
  });

  it('README, .env.example and the code give the same default', () => {
    const defaults = loadConfig({});
    for (const name of variables) {
      const documented = /^`([^`]*)`$/.exec(readme.get(name) ?? '')?.[1];
      const inExample = example.get(name)?.value ?? '';
      const inCode = CODE_DEFAULTS[name]?.(defaults);
      if (inCode !== undefined) expect(documented, `${name} in README`).toBe(inCode);
      if (inCode !== undefined && inExample !== '') expect(inExample, `${name} in .env.example`).toBe(inCode);
      if (documented !== undefined && inExample !== '') expect(inExample, `${name}: .env.example vs README`).toBe(documented);
    }
  });
});
