import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { postSigned } from './signed-request.ts';
import { SIGNING_SECRET, type RunningTestApp } from './test-app.ts';

/** A real app_home_opened delivery (../shared/fixtures/slack-payloads/real-captured/). */
export const HOME_OPENED = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/slack-payloads/real-captured/app_home_opened_home.json'), 'utf8'),
) as { team_id: string; event: { user: string }; authorizations: Array<{ team_id: string }> };

/** That delivery, its workspace swapped for the test's (T1), posted signed to the test app: a person opens the Home tab. */
export function openHomeTab(t: RunningTestApp): Promise<Response> {
  const body = JSON.stringify({ ...HOME_OPENED, team_id: 'T1', authorizations: HOME_OPENED.authorizations.map((a) => ({ ...a, team_id: 'T1' })) });
  return postSigned(t.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' });
}
