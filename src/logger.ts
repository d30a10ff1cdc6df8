import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { LogLevel, type Logger } from '@slack/logger';

export type { Logger };
export { LogLevel };

const severity: Record<LogLevel, number> = {
  [LogLevel.ERROR]: 40,
  [LogLevel.WARN]: 30,
  [LogLevel.INFO]: 20,
  [LogLevel.DEBUG]: 10,
};

/** Slack tokens and signing secrets must never reach a log line, whatever object a caller logs. */
const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposre]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\b(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+@/g,
];

export function redactSecrets(line: string, extraSecrets: readonly string[] = []): string {
  let out = line;
  for (const secret of extraSecrets) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) => (typeof prefix === 'string' ? `${prefix}[redacted]@` : '[redacted]'));
  }
  return out;
}

const logContext = new AsyncLocalStorage<string>();

/**
 * Runs `work` with `fields` (e.g. `req=3f9a0c1e`) at the start of every line logged while it runs, however deep
 * in the call chain: one request's lines can be told apart from another's. Nested contexts add up.
 */
export function withLogContext<T>(fields: string, work: () => T): T {
  const outer = logContext.getStore();
  return logContext.run(outer ? `${outer} ${fields}` : fields, work);
}

export function parseLogLevel(value: string | undefined): LogLevel {
  const wanted = (value ?? '').trim().toLowerCase();
  const levels = Object.values(LogLevel) as string[];
  return levels.includes(wanted) ? (wanted as LogLevel) : LogLevel.INFO;
}

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  /** Where lines go; stderr by default so stdout stays clean for the console and `--json`. */
  write?: (line: string) => void;
  /** Exact secret values (signing secret, tokens) to scrub in addition to the known token shapes. */
  secrets?: readonly string[];
}

/** The one logger of the app: Bolt gets it too, so every line has the same shape and the same redaction. */
export function createLogger(options: LoggerOptions = {}): Logger {
  let level = options.level ?? LogLevel.INFO;
  let name = options.name ?? 'paper-digest';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = options.secrets ?? [];

  const emit = (at: LogLevel, msg: unknown[]): void => {
    if (severity[at] < severity[level]) return;
    const context = logContext.getStore();
    const text = redactSecrets(context ? `${context} ${format(...msg)}` : format(...msg), secrets);
    write(`${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${text}`);
  };

  return {
    debug: (...msg: unknown[]) => emit(LogLevel.DEBUG, msg),
    info: (...msg: unknown[]) => emit(LogLevel.INFO, msg),
    warn: (...msg: unknown[]) => emit(LogLevel.WARN, msg),
    error: (...msg: unknown[]) => emit(LogLevel.ERROR, msg),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
