import { describe, expect, it } from 'vitest';
import { createLogger, LogLevel, redactSecrets } from '../src/logger.ts';

describe('logger', () => {
  it('redacts Slack tokens, configured secrets and database passwords', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), secrets: ['my-signing-secret-value'] });
    logger.info('token xoxb-123-456-abc app xapp-1-A1-xyz secret my-signing-secret-value', { url: 'postgres://u:hunter2@db:5432/x' });
    const line = lines.join('\n');
    expect(line).not.toMatch(/xoxb-123|xapp-1-A1|my-signing-secret-value|hunter2/);
    expect(line).toContain('[redacted]');
    expect(redactSecrets('postgres://u:pw@h/db')).toBe('postgres://u:[redacted]@h/db');
  });

  it('honours the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: LogLevel.WARN, write: (line) => lines.push(line) });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN .*loud/);
  });
});
