import { BOT_SCOPES } from '../../src/slack/oauth/scopes.ts';
import type { FakeAnswer } from './fake-slack.ts';

/** oauth.v2.access's answer to a bot install by U_ADMIN of `team`, or org-wide of `enterprise` (team null). */
export function botInstallAnswer(install: {
  accessToken: string;
  botUserId: string;
  team: { id: string; name: string } | null;
  enterprise?: { id: string; name: string } | null;
  appId?: string;
}): FakeAnswer {
  const enterprise = install.enterprise ?? null;
  return {
    body: {
      ok: true,
      app_id: install.appId ?? 'A1',
      authed_user: { id: 'U_ADMIN' },
      scope: BOT_SCOPES.join(','),
      token_type: 'bot',
      access_token: install.accessToken,
      bot_user_id: install.botUserId,
      team: install.team,
      enterprise,
      is_enterprise_install: enterprise !== null,
    },
  };
}

/** /slack/install as a browser opens it: its status, the state Slack will send back and the cookie that must come with it. */
export async function beginInstall(baseUrl: string): Promise<{ status: number; state: string; cookie: string }> {
  const start = await fetch(`${baseUrl}/slack/install`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
  return { status: start.status, state, cookie: (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}
