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

/** A button click as Slack sends it: the fixed fields filled in, the rest as given. */
export function buttonClickBody(click: {
  actionId: string;
  value: string | undefined;
  blockId?: string;
  teamId?: string;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
  container?: Record<string, unknown>;
  view?: Record<string, unknown>;
}): string {
  return blockActionBody({
    type: 'block_actions',
    team: { id: click.teamId ?? 'T1' },
    user: { id: click.userId ?? 'U1' },
    ...(click.channelId ? { channel: { id: click.channelId } } : {}),
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: '1.2.3',
    ...(click.responseUrl ? { response_url: click.responseUrl } : {}),
    ...(click.container ? { container: click.container } : {}),
    ...(click.view ? { view: click.view } : {}),
    actions: [{ type: 'button', action_id: click.actionId, block_id: click.blockId ?? 'b', value: click.value, action_ts: '1' }],
  });
}
