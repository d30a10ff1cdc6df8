/**
 * The 25-digest cap of a channel (and its 50 followed authors) when people subscribe (follow) at the same moment, through Bolt's real HTTP receiver with
 * signed `/paper subscribe` requests sent together: on SQLite to one app, on Postgres to two apps (two instances
 * behind a load balancer, each with its own pool) on one schema. Exactly as many subscriptions are made as the
 * channel has room for; everyone else is told the channel is full, and the store never holds more than the cap.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_FOLLOWS_PER_CHANNEL } from '../../src/digests/follow-service.ts';
import { MAX_SUBSCRIPTIONS_PER_CHANNEL } from '../../src/digests/subscription-service.ts';
import { storeHarnesses } from '../store/harness.ts';
import { paperCommand, type SlackReply } from '../support/slack-reply.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { FakeSlack } from '../support/fake-slack.ts';

const TEAM = 'T1';
const CHANNEL = 'CBUSY';
const NOW = new Date('2026-06-01T08:00:00.000Z');
const AT_ONCE = 8;

const harnesses = await storeHarnesses('subscribe cap race');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`the per-channel digest cap under concurrent /paper subscribe (${harness.label})`, () => {
    const running: RunningTestApp[] = [];
    afterEach(async () => {
      const slack = running[0]?.slack;
      await Promise.all(running.splice(0).map((app) => app.stop({ keepSlack: true })));
      await slack?.stop();
    });
    afterAll(() => harness.cleanup());

    async function apps(): Promise<RunningTestApp[]> {
      const databaseUrl = await harness.storeUrl();
      const slack = await new FakeSlack().start();
      // One SQLite file is one instance's (one connection per process); Postgres is shared by several.
      const count = harness.label === 'sqlite' ? 1 : 2;
      for (let i = 0; i < count; i++) running.push(await startTestApp({ databaseUrl, slack, clock: () => NOW }));
      return running;
    }

    const subscribed = (reply: SlackReply): boolean => /Subscribed this channel/.test(JSON.stringify(reply));
    const refusedAsFull = (reply: SlackReply): boolean => /the most it can have/.test(JSON.stringify(reply));

    it('a channel one short of the cap gets exactly one more digest; the others are told it is full', async () => {
      const instances = await apps();
      const [first] = instances;
      if (!first) throw new Error('no app');
      for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CHANNEL - 1; i++) {
        await first.runtime.store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: `moe ${i}`, createdBy: 'U1', now: NOW });
      }
      const replies = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          paperCommand(instances[i % instances.length] ?? first, { text: `subscribe speculative decoding ${i}`, team: TEAM, channel: CHANNEL, user: `U${i}` }),
        ),
      );
      expect(replies.filter(subscribed)).toHaveLength(1);
      expect(replies.filter(refusedAsFull)).toHaveLength(AT_ONCE - 1);
      expect(await first.runtime.store.listSubscriptions(TEAM, CHANNEL)).toHaveLength(MAX_SUBSCRIPTIONS_PER_CHANNEL);
    });

    it('an empty channel subscribed to by more people at once than it has room for ends at the cap', async () => {
      const instances = await apps();
      const [first] = instances;
      if (!first) throw new Error('no app');
      const asked = MAX_SUBSCRIPTIONS_PER_CHANNEL + 5;
      const replies = await Promise.all(
        Array.from({ length: asked }, (_, i) =>
          paperCommand(instances[i % instances.length] ?? first, { text: `subscribe diffusion ${i}`, team: TEAM, channel: CHANNEL, user: `U${i}` }),
        ),
      );
      expect(replies.filter(subscribed)).toHaveLength(MAX_SUBSCRIPTIONS_PER_CHANNEL);
      expect(replies.filter(refusedAsFull)).toHaveLength(asked - MAX_SUBSCRIPTIONS_PER_CHANNEL);
      expect(await first.runtime.store.listSubscriptions(TEAM, CHANNEL)).toHaveLength(MAX_SUBSCRIPTIONS_PER_CHANNEL);
    });

    it('a channel one short of its followed authors gets exactly one more; the others are told it follows the most it can', async () => {
      const instances = await apps();
      const [first] = instances;
      if (!first) throw new Error('no app');
      for (let i = 0; i < MAX_FOLLOWS_PER_CHANNEL - 1; i++) {
        await first.runtime.store.addFollow({ teamId: TEAM, channelId: CHANNEL, name: `Author Number ${i}`, nameKey: `author number ${i}`, hfUser: null, createdBy: 'U1', now: NOW });
      }
      const replies = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          paperCommand(instances[i % instances.length] ?? first, { text: `follow "Ada Lovelace${'x'.repeat(i)}"`, team: TEAM, channel: CHANNEL, user: `U${i}` }),
        ),
      );
      const full = replies.filter((reply) => /the most it can/.test(JSON.stringify(reply)));
      expect(full).toHaveLength(AT_ONCE - 1);
      expect(await first.runtime.store.listFollows(TEAM, CHANNEL)).toHaveLength(MAX_FOLLOWS_PER_CHANNEL);
    });

    it('subscribing again to a topic the full channel already has still updates it (the cap counts new digests only)', async () => {
      const instances = await apps();
      const [first] = instances;
      if (!first) throw new Error('no app');
      for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CHANNEL; i++) {
        await first.runtime.store.upsertSubscription({ teamId: TEAM, channelId: CHANNEL, topic: `moe ${i}`, createdBy: 'U1', now: NOW });
      }
      const reply = await paperCommand(first, { text: 'subscribe moe 3 at 07:30', team: TEAM, channel: CHANNEL });
      expect(refusedAsFull(reply)).toBe(false);
      const updated = (await first.runtime.store.listSubscriptions(TEAM, CHANNEL)).find((s) => s.topicKey === 'moe 3');
      expect(updated?.time).toBe('07:30');
    });
  });
}
