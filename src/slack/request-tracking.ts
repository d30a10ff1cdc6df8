import { randomBytes } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { withLogContext } from '../logger.ts';

/**
 * Counts the Slack requests (commands, button clicks, events) whose listeners are still running, so a
 * shutdown can wait for them: a slash command acknowledged in time may still be delivering its answer
 * through `response_url`.
 */
export class InFlightRequests {
  #active = 0;
  #waiters: Array<() => void> = [];

  get active(): number {
    return this.#active;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#active += 1;
    try {
      return await work();
    } finally {
      this.#active -= 1;
      if (this.#active === 0) for (const wake of this.#waiters.splice(0)) wake();
    }
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.#active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** Slack's event id when there is one (it names the same delivery across Slack's retries), else a random id. */
export function requestIdOf(body: unknown): string {
  const eventId = (body as { event_id?: unknown } | null)?.event_id;
  if (typeof eventId === 'string' && /^[A-Za-z0-9]{1,40}$/.test(eventId)) return eventId;
  return randomBytes(4).toString('hex');
}

/**
 * Bolt global middleware: every log line written while the request is handled starts with `req=<id>`
 * (and `team=<id>`), and the request counts as in flight until its listeners finish.
 */
export function trackRequests(inFlight: InFlightRequests): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const team = typeof context.teamId === 'string' && /^[A-Z0-9]{1,20}$/.test(context.teamId) ? ` team=${context.teamId}` : '';
    await inFlight.run(() => withLogContext(`req=${requestIdOf(body)}${team}`, next));
  };
}
