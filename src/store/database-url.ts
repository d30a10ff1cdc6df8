/**
 * DATABASE_URL as text: which database it names, and how it is shown in logs. Kept apart from dialect.ts (which
 * opens the connection) so reading the configuration does not load kysely and the database drivers.
 */
import { resolve } from 'node:path';

export type DialectKind = 'sqlite' | 'postgres';

export type DatabaseTarget =
  | { kind: 'sqlite'; /** ':memory:' or an absolute path */ path: string }
  | { kind: 'postgres'; connectionString: string };

export const DEFAULT_SQLITE_PATH = 'data/paper-digest.sqlite';

/**
 * `undefined`/'' → SQLite file `data/paper-digest.sqlite` (relative to `cwd`);
 * `sqlite:<path>`, `sqlite://<path>`, `sqlite::memory:` → SQLite;
 * `postgres://…`, `postgresql://…` → Postgres (libpq parameters such as
 * `?options=-c%20search_path%3Dmyschema` are honoured).
 */
export function parseDatabaseUrl(url: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  const trimmed = url?.trim() ?? '';
  if (trimmed === '') return { kind: 'sqlite', path: resolve(cwd, DEFAULT_SQLITE_PATH) };
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', connectionString: trimmed };
  if (/^sqlite:/i.test(trimmed)) {
    let rest = trimmed.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2);
    if (rest === '') throw new Error('DATABASE_URL "sqlite:" needs a path, e.g. sqlite:data/paper-digest.sqlite');
    if (rest === ':memory:') return { kind: 'sqlite', path: ':memory:' };
    return { kind: 'sqlite', path: resolve(cwd, rest) };
  }
  throw new Error(
    `Unsupported DATABASE_URL scheme in "${redactDatabaseUrl(trimmed)}": use postgres://…, postgresql://… or sqlite:<path>`,
  );
}

/** The URL without its password, for logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, '$1***@');
}

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.path}` : redactDatabaseUrl(target.connectionString);
}
