import { createHmac } from 'node:crypto';

export interface SignedPostOptions {
  /** Seconds since the epoch to sign with (default: now). */
  timestamp?: number;
  /** Replace the computed signature (to test rejection). */
  signature?: string;
  contentType?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a body to the app the way Slack does: signed with the signing secret. */
export async function postSigned(url: string, body: string, secret: string, options: SignedPostOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
  });
}

export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy-token',
    command: '/paper',
    text: '',
    team_id: 'T1',
    team_domain: 'test',
    channel_id: 'C1',
    channel_name: 'research',
    user_id: 'U1',
    user_name: 'ada',
    trigger_id: '1.2.3',
    api_app_id: 'A1',
    ...fields,
  }).toString();
}

/** An interactivity payload (button click) as Slack form-encodes it. */
export function blockActionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
