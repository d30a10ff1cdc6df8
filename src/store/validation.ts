/** Checks every store write makes before it reaches SQL; a failure throws StoreValidationError. */

/** `topic`: a digest of new papers; `top`: a top list (issue 18), its topic `top` or `top <words>` (digests/top-papers.ts). */
export type SubscriptionKind = 'topic' | 'top';

export class StoreValidationError extends Error {
  override name = 'StoreValidationError';
}

/** Adding the examples would give a subscription more than it may hold; nothing was written. */
export class TooManyExamplesError extends StoreValidationError {
  override name = 'TooManyExamplesError';
  constructor(
    readonly limit: number,
    /** How many the subscription already had. */
    readonly existing: number,
    /** How many new ones were asked for. */
    readonly adding: number,
  ) {
    super(`a subscription holds at most ${limit} examples; it has ${existing} and ${adding} more were asked for`);
  }
}

/** A new subscription would give a channel more than it may hold; nothing was written. */
export class ChannelFullError extends StoreValidationError {
  override name = 'ChannelFullError';
  constructor(
    readonly limit: number,
    /** How many the channel already has. */
    readonly existing: number,
  ) {
    super(`a channel holds at most ${limit} subscriptions; it has ${existing}`);
  }
}

/** Normalized topic used for uniqueness: NFKC, trimmed, whitespace collapsed, lower-cased. */
export function topicKey(topic: string): string {
  return topic.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidTime(time: string): boolean {
  return TIME_RE.test(time);
}

export function isValidTimezone(timezone: string): boolean {
  if (timezone.trim() === '' || timezone !== timezone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function isValidDigestDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const parsed = new Date(`${date}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

const MAX_INT4 = 2_147_483_647;

/** Ids are int4 in Postgres: anything else cannot exist (and would make Postgres throw). */
export function isDbId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_INT4;
}

export function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new StoreValidationError(`${name} must be a non-empty string`);
}

export function requireDigestDate(digestDate: string): void {
  if (!isValidDigestDate(digestDate)) throw new StoreValidationError(`digestDate must be YYYY-MM-DD, got "${digestDate}"`);
}
