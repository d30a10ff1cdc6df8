import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SQLITE_PATH,
  isValidDigestDate,
  isValidTime,
  isValidTimezone,
  parseDatabaseUrl,
  redactDatabaseUrl,
  topicKey,
} from '../../src/store/index.ts';

describe('parseDatabaseUrl', () => {
  it('defaults to the SQLite file under data/', () => {
    expect(parseDatabaseUrl(undefined, '/srv/app')).toEqual({ kind: 'sqlite', path: `/srv/app/${DEFAULT_SQLITE_PATH}` });
    expect(parseDatabaseUrl('  ', '/srv/app')).toEqual({ kind: 'sqlite', path: '/srv/app/data/paper-digest.sqlite' });
  });

  it('parses sqlite: URLs', () => {
    expect(parseDatabaseUrl('sqlite:db/x.sqlite', '/srv/app')).toEqual({ kind: 'sqlite', path: '/srv/app/db/x.sqlite' });
    expect(parseDatabaseUrl('sqlite:/var/lib/x.sqlite', '/srv/app')).toEqual({ kind: 'sqlite', path: '/var/lib/x.sqlite' });
    expect(parseDatabaseUrl('sqlite:///var/lib/x.sqlite', '/srv/app')).toEqual({ kind: 'sqlite', path: '/var/lib/x.sqlite' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a path/);
  });

  it('parses postgres URLs and rejects anything else', () => {
    expect(parseDatabaseUrl('postgres://u:p@h:5432/db')).toEqual({ kind: 'postgres', connectionString: 'postgres://u:p@h:5432/db' });
    expect(parseDatabaseUrl('postgresql://h/db?sslmode=require')).toMatchObject({ kind: 'postgres' });
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db')).toThrow(/Unsupported DATABASE_URL/);
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db')).not.toThrow(/secret/);
  });

  it('redacts passwords', () => {
    expect(redactDatabaseUrl('postgres://user:s3cr3t@db.example:5432/app')).toBe('postgres://user:***@db.example:5432/app');
    expect(redactDatabaseUrl('postgres://user@db/app')).toBe('postgres://user@db/app');
  });
});

describe('validation helpers', () => {
  it('normalizes topics', () => {
    expect(topicKey('  Large   Language\tModels ')).toBe('large language models');
    expect(topicKey('ＲＬＨＦ')).toBe('rlhf');
  });

  it('validates times, timezones and dates', () => {
    expect(['00:00', '09:05', '23:59'].every(isValidTime)).toBe(true);
    expect(['24:00', '9:05', '12:60', '12:5', ''].some(isValidTime)).toBe(false);
    expect(isValidTimezone('Europe/Paris')).toBe(true);
    expect(isValidTimezone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimezone('Not/AZone')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
    expect(isValidDigestDate('2024-02-29')).toBe(true);
    expect(isValidDigestDate('2025-02-29')).toBe(false);
    expect(isValidDigestDate('2025-3-1')).toBe(false);
  });
});
