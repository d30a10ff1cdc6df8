import { postSigned } from './signed-request.ts';

let eventCounter = 0;

/** An Events API delivery (`event_callback`) as Slack POSTs it: JSON, signed. */
export function eventCallbackBody(teamId: string, event: Record<string, unknown>): string {
  eventCounter += 1;
  return JSON.stringify({
    token: 'legacy-token',
    team_id: teamId,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${String(eventCounter).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

export async function postEvent(url: string, secret: string, teamId: string, event: Record<string, unknown>): Promise<Response> {
  return postSigned(url, eventCallbackBody(teamId, event), secret, { contentType: 'application/json' });
}

/** Polls `check` until it returns a value other than undefined/false (events are handled after the 200). */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
