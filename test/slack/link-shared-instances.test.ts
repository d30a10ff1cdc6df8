/**
 * Pasted paper links with several instances behind a load balancer (issue 17): two apps (Bolt's real HTTP receiver
 * each, their own store connections) on one Postgres, one fake Slack Web API recording chat.unfurl, one injected
 * clock. Slack's link_shared payload (../shared/fixtures/slack-payloads) is signed and POSTed to either instance.
 * The 30-minute rule and the memory of ids no source has hold across instances, and the same paste handed to both at
 * once unfolds exactly once (looked up once). Unreachable Postgres: skipped with a warning, unless CI or
 * REQUIRE_POSTGRES=1 (then it fails).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import { HfFixture } from '../ingest/hf-fixture.ts';
import { TEST_DATABASE_URL, adminClient, postgresRequired, probePostgres, randomSchemaName, withSearchPath } from '../store/harness.ts';
import { FakeSlack, type RecordedCall } from '../support/fake-slack.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures');
const LINK_SHARED = JSON.parse(readFileSync(resolve(SHARED, 'slack-payloads/slack-docs-examples/link_shared.api.slack.com.json'), 'utf8')) as {
  team_id: string;
  event: Record<string, unknown>;
} & Record<string, unknown>;
const HF_DAY = resolve(SHARED, 'hf-daily-papers/daily_papers_2025-10-03.json');
const DAY_ITEMS = JSON.parse(readFileSync(HF_DAY, 'utf8')) as Array<{ paper: Record<string, unknown> }>;
/** Papers of that day (ingested into the shared database). */
const PAPERS = ['2510.00446', '2510.02283', '2510.02297', '2510.02314', '2510.02240'];
const TEAM = LINK_SHARED.team_id;

const unreachable = await probePostgres(TEST_DATABASE_URL);
if (unreachable !== null && !postgresRequired()) {
  console.warn(`[link_shared instances] Skipping, Postgres unreachable (${unreachable}). Set REQUIRE_POSTGRES=1 to fail instead.`);
  describe.skip(`link_shared on two instances (skipped: Postgres unreachable: ${unreachable})`, () => {
    it('needs Postgres', () => undefined);
  });
} else if (unreachable !== null) {
  describe('link_shared on two instances', () => {
    it('requires a reachable Postgres (CI or REQUIRE_POSTGRES=1 is set)', () => {
      throw new Error(`Postgres unreachable: ${unreachable}`);
    });
  });
} else {
  defineInstanceTests();
}

function defineInstanceTests(): void {
  describe('link_shared on two instances sharing one Postgres', () => {
    let admin: pg.Client;
    const schema = randomSchemaName('pd_unfurl');
    let slack: FakeSlack;
    let hf: HfFixture;
    let arxiv: ArxivFixture;
    let a: RunningTestApp;
    let b: RunningTestApp;
    let now = new Date('2026-08-17T09:00:00.000Z');
    const clock = (): Date => now;
    const minutesLater = (minutes: number): void => {
      now = new Date(now.getTime() + minutes * 60_000);
    };

    beforeAll(async () => {
      admin = await adminClient(TEST_DATABASE_URL);
      await admin.query(`create schema "${schema}"`);
      const databaseUrl = withSearchPath(TEST_DATABASE_URL, schema);
      [slack, hf, arxiv] = await Promise.all([new FakeSlack().start(), new HfFixture().start(), new ArxivFixture().start()]);
      const env = { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url, INDEX_CACHE_DIR: 'off' };
      // Each loads its index from the shared papers table, as a deployed instance does.
      a = await startTestApp({ databaseUrl, slack, clock, env, ready: false });
      await a.runtime.loadIndex();
      b = await startTestApp({ databaseUrl, slack, clock, env, ready: false });
      await b.runtime.loadIndex();
      await ingestFile(a.runtime.ingestDeps, HF_DAY);
    }, 60_000);
    afterAll(async () => {
      await Promise.all([a?.stop({ keepSlack: true }), b?.stop({ keepSlack: true })]);
      await Promise.all([slack?.stop(), hf?.stop(), arxiv?.stop()]);
      await admin?.query(`drop schema if exists "${schema}" cascade`);
      await admin?.end();
    });

    let n = 0;
    /** The docs' payload with our link, channel and message ts, signed; POST it to `instances` (at once). */
    async function share(instances: RunningTestApp[], channel: string, url: string): Promise<string> {
      n += 1;
      const ts = `1755421400.${String(n).padStart(6, '0')}`;
      const body = JSON.stringify({
        ...LINK_SHARED,
        event_id: `EvI${n}`,
        event: { ...LINK_SHARED.event, channel, message_ts: ts, links: [{ domain: new URL(url).hostname, url }] },
      });
      const answers = await Promise.all(instances.map((instance) => postSigned(instance.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' })));
      expect(answers.map((res) => res.status)).toEqual(instances.map(() => 200));
      return ts;
    }

    const unfurlsFor = (ts: string): RecordedCall[] => slack.callsTo('chat.unfurl').filter((c) => c.params.ts === ts);
    /** The service's line for a handled paste (events are handled after the 200): `unfurl T/C: 0 card(s); skipped …`. */
    const skipLines = (instance: RunningTestApp, channel: string, reason: string): number =>
      instance.logs.filter((line) => line.includes(`unfurl ${TEAM}/${channel}: 0 card(s); skipped ${reason}`)).length;
    async function until(what: string, done: () => boolean): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    it('the same paste handed to both instances at once unfolds exactly once, in every channel; a paper the corpus lacks is looked up once', async () => {
      const fetched = DAY_ITEMS.find((item) => item.paper.id === '2510.01444')?.paper;
      if (!fetched) throw new Error('2510.01444 is missing from the HF fixture day');
      hf.setPaper('2611.00001', { json: { ...fetched, id: '2611.00001', title: 'A paper neither instance had' } });
      const pastes = [
        ...PAPERS.map((id, i) => ({ channel: `CRACE${i}`, url: `https://arxiv.org/abs/${id}` })),
        { channel: 'CRACE9', url: 'https://huggingface.co/papers/2611.00001' },
      ];
      const stamps = await Promise.all(pastes.map(({ channel, url }) => share([a, b], channel, url)));
      for (const [i, ts] of stamps.entries()) {
        const { channel, url } = pastes[i] ?? { channel: '', url: '' };
        await until(`both instances to handle ${channel}`, () => unfurlsFor(ts).length > 0 && skipLines(a, channel, 'recently_unfurled') + skipLines(b, channel, 'recently_unfurled') === 1);
        const calls = unfurlsFor(ts);
        expect(calls).toHaveLength(1);
        const unfurls = (calls[0]?.params.unfurls ?? {}) as Record<string, { blocks: unknown[] }>;
        expect(Object.keys(unfurls)).toEqual([url]);
        expect(blockKitMessageProblems(unfurls[url]?.blocks ?? [])).toEqual([]);
      }
      expect(hf.requests.filter((r) => r.path === '/api/papers/2611.00001')).toHaveLength(1);
    });

    it('a paper unfolded by one instance is not unfolded again in that channel by the other within 30 minutes, and is after', async () => {
      const channel = 'CWINDOW1';
      const url = `https://huggingface.co/papers/${PAPERS[1]}`;
      const first = await share([a], channel, url);
      await until('the first unfold', () => unfurlsFor(first).length === 1);

      minutesLater(29);
      const again = await share([b], channel, url);
      await until('instance B to skip the paste', () => skipLines(b, channel, 'recently_unfurled') === 1);
      expect(unfurlsFor(again)).toEqual([]);
      const elsewhere = await share([b], 'CWINDOW2', url);
      await until('the unfold in another channel', () => unfurlsFor(elsewhere).length === 1);

      minutesLater(2);
      const later = await share([b], channel, url);
      await until('the unfold 31 minutes later', () => unfurlsFor(later).length === 1);
      // B's unfold starts a new window for A too.
      const right = await share([a], channel, url);
      await until('instance A to skip the paste', () => skipLines(a, channel, 'recently_unfurled') === 1);
      expect(unfurlsFor(right)).toEqual([]);
    });

    it('the buttons of a card one instance just looked up work on the other at once (Save, 👍, Similar, Share), before its minutely index refresh', async () => {
      slack.respondTo('conversations.info', (call) => ({ body: { ok: true, channel: { id: call.params.channel, is_member: true } } }));
      const fetched = DAY_ITEMS.find((item) => item.paper.id === '2510.01444')?.paper;
      hf.setPaper('2611.00002', { json: { ...fetched, id: '2611.00002', title: 'A paper instance A looked up' } });
      const channel = 'CCLICKS1';
      const ts = await share([a], channel, 'https://arxiv.org/abs/2611.00002');
      await until('the card', () => unfurlsFor(ts).length === 1);
      const card = Object.values((unfurlsFor(ts)[0]?.params.unfurls ?? {}) as Record<string, { blocks: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> }>)[0];
      const button = (actionId: string): string => card?.blocks.flatMap((block) => block.elements ?? []).find((e) => e.action_id === actionId)?.value ?? '';
      let clicks = 0;
      const clickOnB = async (actionId: string): Promise<string> => {
        clicks += 1;
        const before = slack.callsTo('response_url').length;
        const body = buttonClickBody({ actionId, value: button(actionId), teamId: TEAM, userId: 'U1', channelId: channel, responseUrl: slack.responseUrl(`b-${clicks}`) });
        expect((await postSigned(b.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
        return String((await slack.waitFor('response_url', before + 1)).at(-1)?.params.text);
      };
      expect(await clickOnB(ActionId.save)).toMatch(/^Saved A paper instance A looked up/);
      expect(await clickOnB(ActionId.rateUp)).toMatch(/Noted for <#CCLICKS1>.*A paper instance A looked up/);
      expect(await clickOnB(ActionId.similar)).toMatch(/^Papers similar to A paper instance A looked up/);
      const posts = slack.callsTo('chat.postMessage').length;
      const share_ = buttonClickBody({ actionId: ActionId.share, value: button(ActionId.save), teamId: TEAM, userId: 'U1', channelId: channel, responseUrl: slack.responseUrl('b-share') });
      expect((await postSigned(b.eventsUrl, share_, SIGNING_SECRET)).status).toBe(200);
      expect(String((await slack.waitFor('chat.postMessage', posts + 1)).at(-1)?.params.text)).toMatch(/shared a paper: A paper instance A looked up/);
    });

    it('an id neither source has, found so by one instance, is not asked about by the other for 10 minutes; it may unfold in a channel once it exists', async () => {
      const id = '2509.99999';
      const asked = (): number => arxiv.requests.filter((r) => r === id).length;
      await share([a], 'CMISS1', `https://arxiv.org/abs/${id}`);
      await until('instance A to find nothing', () => skipLines(a, 'CMISS1', 'not_found') === 1);
      minutesLater(9);
      await share([b], 'CMISS2', `https://arxiv.org/abs/${id}`);
      await until('instance B to find nothing', () => skipLines(b, 'CMISS2', 'not_found') === 1);
      expect(asked()).toBe(1);

      // The paste that found nothing left no claim behind: once the paper exists, the same channel unfolds it.
      minutesLater(2);
      const fetched = DAY_ITEMS[0]?.paper ?? {};
      hf.setPaper(id, { json: { ...fetched, id, title: 'A paper that arrived later' } });
      const ts = await share([b], 'CMISS1', `https://arxiv.org/abs/${id}`);
      await until('the unfold once the paper exists', () => unfurlsFor(ts).length === 1);
    });
  });
}
