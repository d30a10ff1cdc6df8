/**
 * A feed without words (issue 16) whose digest holds more papers than Slack lets one message show (DIGEST_SIZE at
 * its maximum of 20): the real runner posts through the Slack poster to a fake Slack, and the line counting the papers
 * left out must not send people to a search for the feed's name ("papers like “…”"), which finds something else.
 */
import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { runPaperCommand } from '../../src/commands/paper-command.ts';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { exampleFeedKey } from '../../src/digests/subscription-examples.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import type { Store } from '../../src/store/index.ts';
import { renderText } from '../../src/local/render-text.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { paper } from '../search/fixtures.ts';
import { SlackWorld, runnerDeps, slackPoster, tickEveryMinute, utc, slackAndStore } from './runner-harness.ts';

const LONG = ' The recipe is studied across languages, accents, noisy rooms, far-field microphones and streaming latency budgets, with ablations of every component, error analyses by speaker group, and a release of code, checkpoints and evaluation scripts for everyone who wants to build on it.';
const example = paper('Connectionist temporal classification for speech recognition', `Connectionist temporal classification aligns audio frames with blank tokens for speech recognition.${LONG}`, { arxivId: '2401.00001' });
const similar = Array.from({ length: 30 }, (_, i) =>
  paper(`Connectionist temporal classification for speech recognition, variant ${i}`, `Connectionist temporal classification variant ${i} aligns audio frames with blank tokens for speech recognition.${LONG}`, {
    aiSummary: `Variant ${i} of connectionist temporal classification aligns audio frames with blank tokens and improves speech recognition across languages and noisy rooms.`,
    authors: ['Alexandra Author-Longname', 'Bartholomew Second-Author', 'Christopher Third-Author', 'Dorothea Fourth'],
    date: '2026-10-30',
    upvotes: 40 + i,
  }),
);
// The rest of the corpus: the feed's words must be rare in it, as they are among real papers.
const FIELDS = ['graph', 'vision', 'diffusion', 'protein', 'robot', 'weather', 'market', 'chemistry', 'galaxy', 'music', 'legal', 'medical', 'traffic', 'energy', 'soil', 'ocean'];
const unrelated = Array.from({ length: 400 }, (_, i) =>
  paper(`${FIELDS[i % 16]} ${FIELDS[(i * 7 + 3) % 16]} study ${i}`, `${FIELDS[i % 16]} and ${FIELDS[(i * 5 + 1) % 16]} methods number ${i}.`),
);
const TEAM = 'T1';
const CHANNEL = 'CFEED';

describe('a feed without words, more papers than one message shows', () => {
  let fake: FakeSlack;
  let store: Store;
  slackAndStore((started) => ({ fake, store } = started));

  it('counts the papers left out without pointing to a search for its name', async () => {
    const world = new SlackWorld(fake);
    const state = new SearchState();
    state.swap(createPaperSearch([example, ...similar, ...unrelated]));
    const { deps } = runnerDeps({ store, searchState: state, poster: slackPoster(fake), instanceId: 'feed-1', digestSize: 20 });
    await store.subscribeWithExamples({
      teamId: TEAM,
      channelId: CHANNEL,
      createdBy: 'U1',
      topic: '',
      topicKey: exampleFeedKey(['2401.00001']),
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
      examples: [{ id: example.id, arxivId: '2401.00001', title: example.title }],
      maxExamples: 10,
      now: utc('2026-11-01T08:00:00.000Z'),
    });

    await tickEveryMinute(world, deps, utc('2026-11-02T08:59:00.000Z'), utc('2026-11-02T09:02:00.000Z'));
    const [digest] = world.in(CHANNEL);
    const posted = fake.callsTo('chat.postMessage').at(-1);
    const blocks = (posted?.params.blocks ?? []) as KnownBlock[];
    expect(fake.blockKitViolations).toEqual([]);
    const text = renderText({ text: String(posted?.params.text ?? ''), blocks });
    expect(text).toContain('papers like “Connectionist temporal classification');
    // Slack's size limit left some of the 20 out, and the digest says so…
    expect(digest?.paperIds.length).toBeLessThan(20);
    expect(text).toMatch(/…and \d+ more papers/);
    // …but not as a search for the feed's name.
    expect(text).not.toMatch(/\/paper papers like/);
    expect(text).toMatch(/…and \d+ more papers like these: they were not sent, so a later digest can bring them\./);
  });

  it('so does its preview, /paper digest like <paper>', async () => {
    const runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:', DIGEST_SIZE: '20' }), createLogger({ level: LogLevel.ERROR }), {
      clock: () => utc('2026-11-02T08:00:00.000Z'),
    });
    try {
      runtime.searchState.swap(createPaperSearch([example, ...similar, ...unrelated]));
      await runtime.store.upsertPapers([{ title: example.title, abstract: example.abstract, authors: [], authorCount: null, date: null, upvotes: null, arxivId: '2401.00001' }]);
      const where = { teamId: TEAM, channelId: 'CPREVIEW', userId: 'U1' };
      const deps = runtime.commandDeps(alwaysReachable, { homeTab: false });
      expect(renderText((await runPaperCommand('subscribe like 2401.00001', where, deps)).message)).toContain('Subscribed this channel to papers like');
      const reply = await runPaperCommand('digest like 2401.00001', where, deps);
      expect(blockKitErrors(reply.message)).toEqual([]);
      const text = renderText(reply.message);
      expect(text).toContain('Preview of the next digest for papers like “Connectionist temporal classification');
      expect(text).toMatch(/…and \d+ more papers like these: they were not sent, so a later digest can bring them\./);
      expect(text).not.toMatch(/\/paper papers like/);
    } finally {
      await runtime.close();
    }
  });
});
