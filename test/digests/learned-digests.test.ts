/**
 * Digests that learn, end to end on a real SQLite store: the real runner posts through the Slack poster to a fake
 * Slack with an injected clock; between two digest days the channel rates papers; the next digest follows the
 * ratings (neighbours of the liked paper, capped; nothing rated again) and says why each paper is there.
 */
import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { digestContent } from '../../src/digests/digest-content.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { SearchState } from '../../src/search/search-state.ts';
import type { Store } from '../../src/store/index.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import { paper } from '../search/fixtures.ts';
import { SlackWorld, runnerDeps, slackPoster, tickEveryMinute, utc, slackAndStore } from './runner-harness.ts';

const onTopic = [
  paper('CTC alignment for speech recognition', 'Connectionist temporal classification aligns audio frames with blank tokens for speech recognition.'),
  paper('Speech recognition for low-resource languages', 'Multilingual transfer lets speech recognition serve languages with little data.'),
  paper('Multilingual speech recognition', 'One speech recognition model for hundreds of languages.'),
  paper('A speech recognition benchmark', 'We benchmark speech recognition systems on read speech.'),
  paper('Noisy speech recognition', 'Speech recognition in noise with data augmentation.'),
];
const [ctc, lowResource] = onTopic;
const ctcOnly = [1, 2, 3].map((i) =>
  paper(`Connectionist temporal classification study ${i}`, `Blank tokens and alignment in connectionist temporal classification, variant ${i}, for audio frames.`),
);
const unrelated = ['Graph neural networks', 'Vision transformers', 'Diffusion models', 'Protein folding', 'Robot policies'].map((title) =>
  paper(title, `${title} studied on their usual benchmarks.`),
);
const search = createPaperSearch([...onTopic, ...ctcOnly, ...unrelated]);
const TEAM = 'T1';
const CHANNEL = 'CSPEECH';

function blocksOf(call: { params: Record<string, unknown> }): KnownBlock[] {
  return call.params.blocks as KnownBlock[];
}

/** The reason lines of a digest: the first element of each paper's metadata line. */
function reasons(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'context' && (block.block_id ?? '').startsWith('digest_paper_meta:') && block.elements[0]?.type === 'mrkdwn' ? [block.elements[0].text] : [],
  );
}

describe('digests that learn what the channel wants', () => {
  let fake: FakeSlack;
  let store: Store;

  slackAndStore((started) => ({ fake, store } = started));

  it('after a 👍 and a 👎 the next digest brings papers like the liked one (at most 2 of 5 off the topic), never a rated one, each saying why', async () => {
    if (!ctc || !lowResource) throw new Error('fixture');
    const world = new SlackWorld(fake);
    const state = new SearchState();
    state.swap(search);
    const { deps } = runnerDeps({ store, searchState: state, poster: slackPoster(fake), instanceId: 'learner-1', digestSize: 5 });
    const { subscription } = await store.upsertSubscription({
      teamId: TEAM,
      channelId: CHANNEL,
      createdBy: 'U1',
      topic: 'speech recognition',
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
      now: utc('2026-11-01T08:00:00.000Z'),
    });

    // Day 1: the five papers with the topic's words, each "matches *speech recognition*".
    await tickEveryMinute(world, deps, utc('2026-11-02T08:59:00.000Z'), utc('2026-11-02T09:02:00.000Z'));
    const [first] = world.in(CHANNEL);
    expect(first?.paperIds.sort()).toEqual(onTopic.map((p) => p.id).sort());
    const day1 = fake.callsTo('chat.postMessage').at(-1);
    expect(reasons(day1 ? blocksOf(day1) : [])).toEqual(Array(5).fill('matches *speech recognition*'));

    // Without ratings the topic has nothing left: the next digest would be empty.
    const before = await digestContent({ store, search, digestSize: 5 }, { teamId: TEAM, channelId: CHANNEL, topic: 'speech recognition', subscriptionId: subscription.id }, utc('2026-11-03T09:00:00.000Z'));
    expect(before.hits).toEqual([]);

    // Two people like the CTC paper from the digest; one marks the low-resource paper "not for us" from a search.
    await store.ratePaper({ teamId: TEAM, channelId: CHANNEL, userId: 'U1', paperId: ctc.id, value: 1, subscriptionId: subscription.id });
    await store.ratePaper({ teamId: TEAM, channelId: CHANNEL, userId: 'U2', paperId: ctc.id, value: 1, subscriptionId: subscription.id });
    await store.ratePaper({ teamId: TEAM, channelId: CHANNEL, userId: 'U1', paperId: lowResource.id, value: -1, subscriptionId: null });

    // Day 2: two CTC papers without the topic's words (the off-topic cap of a 5-paper digest), each naming the like.
    await tickEveryMinute(world, deps, utc('2026-11-03T08:59:00.000Z'), utc('2026-11-03T09:02:00.000Z'));
    const second = world.in(CHANNEL)[1];
    expect(second?.paperIds).toHaveLength(2);
    expect(ctcOnly.map((p) => p.id)).toEqual(expect.arrayContaining(second?.paperIds ?? ['none']));
    const day2 = fake.callsTo('chat.postMessage').at(-1);
    const blocks = day2 ? blocksOf(day2) : [];
    expect(reasons(blocks)).toEqual(Array(2).fill('like *CTC alignment for speech recognition*, which you liked'));
    expect(fake.blockKitViolations).toEqual([]);

    // Nothing rated or sent comes back, whichever digest the rating came from.
    const all = world.in(CHANNEL).flatMap((message) => message.paperIds);
    expect(new Set(all).size).toBe(all.length);
    expect(world.messages.length).toBe(2);
  });

  it('a rating clicked on another subscription digest shapes only that one, but its paper is never offered here again', async () => {
    const other = await store.upsertSubscription({
      teamId: TEAM,
      channelId: 'COTHER',
      createdBy: 'U1',
      topic: 'speech recognition',
      time: '10:00',
      timezone: 'UTC',
      cadence: 'daily',
      now: utc('2026-11-01T08:00:00.000Z'),
    });
    const elsewhere = await store.upsertSubscription({
      teamId: TEAM,
      channelId: 'COTHER',
      createdBy: 'U1',
      topic: 'classification',
      time: '10:00',
      timezone: 'UTC',
      cadence: 'daily',
      now: utc('2026-11-01T08:00:00.000Z'),
    });
    if (!ctc) throw new Error('fixture');
    await store.ratePaper({ teamId: TEAM, channelId: 'COTHER', userId: 'U1', paperId: ctc.id, value: 1, subscriptionId: elsewhere.subscription.id });
    const content = await digestContent(
      { store, search, digestSize: 5 },
      { teamId: TEAM, channelId: 'COTHER', topic: 'speech recognition', subscriptionId: other.subscription.id },
      utc('2026-11-03T09:00:00.000Z'),
    );
    const ids = content.hits.map((hit) => hit.paper.id);
    expect(ids).not.toContain(ctc.id);
    // Not learned from: no neighbours of the CTC paper, only the topic's papers, each for its words.
    expect(ids.sort()).toEqual(onTopic.slice(1).map((p) => p.id).sort());
    expect([...content.reasons.values()].every((reason) => reason.kind === 'topic')).toBe(true);
  });
});
