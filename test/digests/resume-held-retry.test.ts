/**
 * A digest still being retried (Slack answered 500 or 429) when someone paused it, resumed by a person (`/paper
 * resume`, the App Home's Resume) or its channel back, rather than by the end of a timed pause: as at that end
 * (timed-pause-retry.test.ts), it goes out if the resume comes less than 12 hours after its time, and is recorded as
 * skipped and logged otherwise,
 * so `/paper list` stops showing it as failed; resumed in time and refused by Slack until the 12 hours are over, it is
 * given up, never left waiting for a retry. While a timed pause still runs, `/paper list` names the retry that goes out
 * when it ends. Real `/paper` commands and App Home service, real runner and Slack poster against the fake Slack,
 * injected clock, SQLite and Postgres.
 */
import { describe, expect, it } from 'vitest';
import { runPaperCommand } from '../../src/commands/paper-command.ts';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { HomeService } from '../../src/digests/home-service.ts';
import { CHANNEL_PAUSE, DigestPauses, RESUMED_BY_JOIN } from '../../src/digests/pauses.ts';
import { renderText } from '../../src/local/render-text.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { storeHarnesses } from '../store/harness.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { seedPaperSearch } from '../support/test-app.ts';
import { SlackWorld, expectNoRepeats, runnerDeps, slackAndStores, slackPoster, subscribeDaily, tick, utc } from './runner-harness.ts';

const harnesses = await storeHarnesses('a person resuming a digest being retried');

for (const makeHarness of harnesses) {
  const harness = makeHarness();
  describe(`a digest being retried when paused, resumed by a person (${harness.label})`, () => {
    let fake: FakeSlack;
    slackAndStores((started) => (fake = started), () => harness.cleanup());

    async function setup(instanceId: string, channelId: string, start: string) {
      const clock = { now: utc(start) };
      // What the app logs (the commands, the App Home, the runner), line by line.
      const logs: string[] = [];
      const logger = createLogger({ level: LogLevel.DEBUG, write: (line) => logs.push(line) });
      const runtime = await openRuntime(loadConfig({ DATABASE_URL: await harness.storeUrl() }), logger, { clock: () => clock.now });
      runtime.searchState.swap(await seedPaperSearch());
      const world = new SlackWorld(fake);
      const { deps } = runnerDeps({ store: runtime.store, searchState: runtime.searchState, poster: slackPoster(fake), instanceId, logs });
      const where = { teamId: 'T1', channelId, userId: 'U1' };
      /** `/paper <text>` typed in the channel at `at`: the reply as a person reads it (ephemeral, valid Block Kit). */
      const paper = async (text: string, at: string): Promise<string> => {
        clock.now = utc(at);
        const reply = await runPaperCommand(text, where, runtime.commandDeps(alwaysReachable, { homeTab: true }));
        expect(reply.responseType, text).toBe('ephemeral');
        expect(blockKitErrors(reply.message), text).toEqual([]);
        return renderText(reply.message);
      };
      const home = new HomeService({ store: runtime.store, logger, clock: () => clock.now, userChannels: { of: async () => new Set([channelId]) } });
      return { runtime, clock, world, deps, logs, paper, home };
    }

    const close = async (runtime: Runtime): Promise<void> => runtime.close();

    it('`/paper resume` two days after a digest Slack was failing when `/paper pause` came: recorded as skipped, `/paper list` says so, the next day goes out', async () => {
      const { runtime, world, deps, logs, paper } = await setup('resume-late', 'CRESUME', '2026-06-01T08:00:00.000Z');
      try {
        const sub = await subscribeDaily(runtime.store, { channelId: 'CRESUME', now: utc('2026-06-01T08:00:00.000Z') });
        fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
        const first = await tick(world, deps, utc('2026-06-01T09:00:00.000Z'));
        expect(first.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-06-01', outcome: 'failed', detail: 'http_500' }]);
        expect(await paper(`pause #${sub.id}`, '2026-06-01T09:00:30.000Z')).toContain(`Paused speech recognition (#${sub.id})`);
        for (const at of ['2026-06-01T09:01:00.000Z', '2026-06-02T09:00:00.000Z', '2026-06-03T09:00:00.000Z']) {
          expect((await tick(world, deps, utc(at))).outcomes, at).toEqual([]);
        }

        // Resumed two days after its time: not sent late, no longer waiting for a retry, and the channel is told so.
        const resumed = await paper(`resume #${sub.id}`, '2026-06-03T10:00:00.000Z');
        expect(resumed).toContain(`Resumed speech recognition (#${sub.id}). Next digest: Thu Jun 4, 09:00 UTC.`);
        expect(await runtime.store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'skipped', nextAttemptAt: null });
        expect(logs.some((line) => /WARN .*for 2026-06-01 .*being retried \(http_500\) when its pause began.*skipped, not sent late/.test(line))).toBe(true);
        const listed = await paper('list', '2026-06-03T10:00:30.000Z');
        expect(listed).toContain('Next: Thu Jun 4, 09:00 UTC');
        expect(listed).toContain('Last digest: Wed Jun 3, 10:00 UTC \u2014 skipped');
        expect(listed).not.toContain('failed');
        for (const at of ['2026-06-03T10:01:00.000Z', '2026-06-03T21:00:00.000Z', '2026-06-04T08:59:00.000Z']) {
          expect((await tick(world, deps, utc(at))).outcomes, at).toEqual([]);
        }
        expect(world.postAttempts('CRESUME')).toHaveLength(1);
        await tick(world, deps, utc('2026-06-04T09:00:00.000Z'));
        expect(world.in('CRESUME').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-04T09:00:00.000Z']);
      } finally {
        await close(runtime);
      }
    });

    it('the App Home\u2019s Resume 30 hours into a 3-day pause begun while Slack failed the digest: recorded as skipped at once, nothing sent late', async () => {
      const { runtime, clock, world, deps, logs, paper, home } = await setup('home-resume-late', 'CHOME', '2026-06-01T08:00:00.000Z');
      try {
        const sub = await subscribeDaily(runtime.store, { channelId: 'CHOME', now: utc('2026-06-01T08:00:00.000Z') });
        fake.answerNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '600' }, body: { ok: false, error: 'ratelimited' } });
        await tick(world, deps, utc('2026-06-01T09:00:00.000Z'));
        expect(await paper(`pause #${sub.id} for 3 days`, '2026-06-01T09:05:00.000Z')).toContain('until Thu Jun 4, 2026, 09:05 UTC');
        expect((await tick(world, deps, utc('2026-06-01T09:10:00.000Z'))).outcomes).toEqual([]);

        clock.now = utc('2026-06-02T15:00:00.000Z');
        expect(await home.resume('T1', 'U1', sub.id)).toBe('Resumed "speech recognition".');
        expect(await runtime.store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'skipped', nextAttemptAt: null });
        expect(logs.some((line) => /WARN .*for 2026-06-01 .*being retried \(ratelimited\) when its pause began.*skipped, not sent late/.test(line))).toBe(true);
        expect(await paper('list', '2026-06-02T15:00:30.000Z')).toContain('Next: Wed Jun 3, 09:00 UTC');
        for (const at of ['2026-06-02T15:01:00.000Z', '2026-06-03T08:59:00.000Z']) {
          expect((await tick(world, deps, utc(at))).outcomes, at).toEqual([]);
        }
        await tick(world, deps, utc('2026-06-03T09:00:00.000Z'));
        expect(world.in('CHOME').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-03T09:00:00.000Z']);
      } finally {
        await close(runtime);
      }
    });

    it('paused until the next day while rate limited: `/paper list` names the retry at the pause\u2019s end; `/paper resume` before then names the next tick and it goes out', async () => {
      const { runtime, world, deps, paper } = await setup('resume-early', 'CEARLY', '2026-12-22T20:00:00.000Z');
      try {
        const sub = await subscribeDaily(runtime.store, { channelId: 'CEARLY', now: utc('2026-12-22T20:00:00.000Z'), time: '21:00' });
        fake.answerNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '600' }, body: { ok: false, error: 'ratelimited' } });
        await tick(world, deps, utc('2026-12-22T21:00:00.000Z'));
        expect(await paper(`pause #${sub.id} until 2026-12-23`, '2026-12-22T21:05:00.000Z')).toContain('until Wed Dec 23, 2026, 00:00 UTC');
        // The retry would go out when the pause ends (3 h late, within the 12 h): that is the next digest, not tomorrow's 21:00.
        const whilePaused = await paper('list', '2026-12-22T21:06:00.000Z');
        expect(whilePaused).toContain('Next: Wed Dec 23, 00:00 UTC');
        expect(whilePaused).toContain('Paused until Wed Dec 23, 2026, 00:00 UTC');
        expect((await tick(world, deps, utc('2026-12-22T21:10:00.000Z'))).outcomes).toEqual([]);

        expect(await paper(`resume #${sub.id}`, '2026-12-22T22:00:00.000Z')).toContain(`Resumed speech recognition (#${sub.id}). Next digest: Tue Dec 22, 22:01 UTC.`);
        expect(await paper('list', '2026-12-22T22:00:30.000Z')).toContain('Next: Tue Dec 22, 22:01 UTC');
        const sent = await tick(world, deps, utc('2026-12-22T22:01:00.000Z'));
        expect(sent.outcomes).toEqual([{ subscriptionId: sub.id, digestDate: '2026-12-22', outcome: 'posted' }]);
        for (const at of ['2026-12-23T00:00:00.000Z', '2026-12-23T00:01:00.000Z']) {
          expect((await tick(world, deps, utc(at))).outcomes, at).toEqual([]);
        }
        await tick(world, deps, utc('2026-12-23T21:00:00.000Z'));
        expect(world.in('CEARLY').map((m) => m.postedAt.toISOString())).toEqual(['2026-12-22T22:01:00.000Z', '2026-12-23T21:00:00.000Z']);
        expectNoRepeats(world, 'CEARLY');
      } finally {
        await close(runtime);
      }
    });

    it('`/paper resume` 11.5 hours late while Slack keeps failing: retried until 12 hours after its time, then given up (logged), never left waiting for a retry', async () => {
      const { runtime, world, deps, logs, paper } = await setup('resume-still-failing', 'CFAILING', '2026-06-01T08:00:00.000Z');
      try {
        const sub = await subscribeDaily(runtime.store, { channelId: 'CFAILING', now: utc('2026-06-01T08:00:00.000Z') });
        const failing = { on: true };
        world.postAnswer = (call) => (failing.on && call.params.channel === 'CFAILING' ? { status: 500, body: { ok: false, error: 'internal_error' } } : undefined);
        await tick(world, deps, utc('2026-06-01T09:00:00.000Z'));
        await paper(`pause #${sub.id}`, '2026-06-01T09:00:30.000Z');
        expect(await paper(`resume #${sub.id}`, '2026-06-01T20:30:00.000Z')).toContain('Next digest: Mon Jun 1, 20:31 UTC.');
        for (let at = utc('2026-06-01T20:31:00.000Z').getTime(); at <= utc('2026-06-01T21:05:00.000Z').getTime(); at += 60_000) {
          await tick(world, deps, new Date(at));
        }
        // Tried at 20:31, 20:33, 20:37, 20:45; the next retry (21:01) comes after the 12 hours: given up, not retried.
        expect(world.postAttempts('CFAILING')).toHaveLength(5);
        expect(await runtime.store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'failed', nextAttemptAt: null });
        expect(logs.some((line) => /WARN .*for 2026-06-01 given up: Slack kept failing \(http_500\) for 12 h/.test(line))).toBe(true);
        expect(await paper('list', '2026-06-01T21:10:00.000Z')).toMatch(/Next: Tue Jun 2, 09:00 UTC .*failed \(http_500; given up after 12 h\)/);
        failing.on = false;
        world.postAnswer = null;
        await tick(world, deps, utc('2026-06-02T09:00:00.000Z'));
        expect(world.in('CFAILING').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-02T09:00:00.000Z']);
      } finally {
        await close(runtime);
      }
    });

    it('the bot removed from the channel while Slack failed the digest and invited back two days later: recorded as skipped, as a person\u2019s resume does', async () => {
      const { runtime, clock, world, deps, logs, paper } = await setup('channel-back-late', 'CBACK', '2026-06-01T08:00:00.000Z');
      try {
        const sub = await subscribeDaily(runtime.store, { channelId: 'CBACK', now: utc('2026-06-01T08:00:00.000Z') });
        fake.answerNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
        await tick(world, deps, utc('2026-06-01T09:00:00.000Z'));
        const pauses = new DigestPauses({ store: runtime.store, logger: createLogger({ level: LogLevel.DEBUG, write: (line) => logs.push(line) }), clock: () => clock.now });
        clock.now = utc('2026-06-01T09:00:30.000Z');
        await pauses.pauseChannel('T1', 'CBACK', CHANNEL_PAUSE.botRemoved, 'no longer has the bot');
        clock.now = utc('2026-06-03T10:00:00.000Z');
        await pauses.resumeChannel('T1', 'CBACK', RESUMED_BY_JOIN, 'has the bot again');
        expect(await runtime.store.getDigestRun(sub.id, '2026-06-01')).toMatchObject({ status: 'skipped', nextAttemptAt: null });
        expect(logs.some((line) => /WARN .*for 2026-06-01 .*being retried \(http_500\) when its pause began.*skipped, not sent late/.test(line))).toBe(true);
        expect(await paper('list', '2026-06-03T10:00:30.000Z')).toContain('Next: Thu Jun 4, 09:00 UTC \u00B7 Last digest: Wed Jun 3, 10:00 UTC \u2014 skipped');
        expect((await tick(world, deps, utc('2026-06-03T10:01:00.000Z'))).outcomes).toEqual([]);
        await tick(world, deps, utc('2026-06-04T09:00:00.000Z'));
        expect(world.in('CBACK').map((m) => m.postedAt.toISOString())).toEqual(['2026-06-04T09:00:00.000Z']);
      } finally {
        await close(runtime);
      }
    });
  });
}
