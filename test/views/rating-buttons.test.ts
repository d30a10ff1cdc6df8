/**
 * 👍 More like this / 👎 Not for us as data (issue 16): the button values and their checks, the answer with Undo, and
 * every message that carries the buttons (digests of 1..50 hits, previews, search results, a shared paper, a link
 * card) valid against ../shared/schemas, within 50 blocks, with action_ids unique in each block.
 */
import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/views/action-ids.ts';
import { digestMessage, digestPreviewMessage, digestShownCount } from '../../src/views/digest.ts';
import { LIMITS, validateMessage } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import { paperCardMessage } from '../../src/views/paper-card.ts';
import { paperActionsBlock, parseRatingButtonValue, ratingButtonValue, ratingButtons, ratingOutcomeMessage } from '../../src/views/rating-buttons.ts';
import { searchResultsMessage } from '../../src/views/search-results.ts';
import { sharedPaperMessage } from '../../src/views/shared-paper.ts';
import { topDigestMessage, topDigestShownCount, topPapersMessage, type TopListView } from '../../src/views/top-papers.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { EVIL, makeHit, makePage, makePaper, realisticPapers, renderedStrings } from './fixtures.ts';

function expectSlackValid(message: Message): void {
  expect(validateMessage(message.blocks, { surface: 'message', text: message.text })).toEqual([]);
  expect(blockKitMessageProblems(message.blocks)).toEqual([]);
  expect(blockKitErrors(message)).toEqual([]);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
}

const votesIn = (blocks: readonly KnownBlock[]) => buttonsIn(blocks).filter((b) => b.action_id === ActionId.rateUp || b.action_id === ActionId.rateDown);

describe('rating button values', () => {
  it('carry the paper id and, from a digest, the subscription; anything else reads as null', () => {
    expect(ratingButtonValue('p-1', 12)).toBe('{"p":"p-1","s":12}');
    expect(ratingButtonValue('p-1')).toBe('{"p":"p-1"}');
    expect(parseRatingButtonValue('{"p":"p-1","s":12}')).toEqual({ paperId: 'p-1', subscriptionId: 12 });
    expect(parseRatingButtonValue('{"p":"p-1"}')).toEqual({ paperId: 'p-1', subscriptionId: null });
    for (const bad of [undefined, '', 'p-1', 'null', '[]', '{"p":" "}', '{"p":1}', '{"p":"x","s":0}', '{"p":"x","s":"3"}', '{"p":"x","s":2147483648}']) {
      expect(parseRatingButtonValue(bad)).toBeNull();
    }
  });

  it('stay within 2,000 characters: an id too long for a value gets no vote buttons (Save and Similar decide for themselves)', () => {
    const longest = 'x'.repeat(LIMITS.buttonValue - ratingButtonValue('', 2_147_483_647).length);
    for (const button of ratingButtons(longest, 2_147_483_647)) expect(button.value?.length).toBe(LIMITS.buttonValue);
    expect(ratingButtons(longest, 2_147_483_647)).toHaveLength(2);
    expect(ratingButtons(`${longest}x`, 2_147_483_647)).toEqual([]);
    expect(ratingButtons('')).toEqual([]);
    expect(paperActionsBlock('x'.repeat(3000), 'b')).toBeNull();
    // Quotes and backslashes in an id survive the JSON round trip.
    const odd = 'a"b\\c';
    expect(parseRatingButtonValue(ratingButtons(odd, 4)[0]?.value)).toEqual({ paperId: odd, subscriptionId: 4 });
  });
});

describe('the answer to a vote', () => {
  const base = { title: 'Hydra: Sequentially-Dependent Draft Heads', channelId: 'C0RESEARCH', paperId: 'p-1', subscriptionId: 5 };

  it('says it counted for the channel, with an Undo carrying the same value; a change of mind and a repeat say so', () => {
    const up = ratingOutcomeMessage({ ...base, outcome: { kind: 'rated', vote: 1, previous: null } });
    expectSlackValid(up);
    expect(up.text).toBe('👍 Noted for <#C0RESEARCH>: the next digests and searches favour papers like Hydra: Sequentially-Dependent Draft Heads.');
    expect(buttonsIn(up.blocks)).toEqual([{ action_id: ActionId.rateUndo, value: '{"p":"p-1","s":5}' }]);
    const changed = ratingOutcomeMessage({ ...base, outcome: { kind: 'rated', vote: -1, previous: 1 } });
    expect(changed.text).toBe('👎 Changed your vote to 👎 for <#C0RESEARCH>: the next digests and searches play down papers like Hydra: Sequentially-Dependent Draft Heads.');
    const repeat = ratingOutcomeMessage({ ...base, outcome: { kind: 'rated', vote: -1, previous: -1 } });
    expect(repeat.text).toMatch(/^👎 Already noted for <#C0RESEARCH>/);
    const note = ratingOutcomeMessage({ ...base, outcome: { kind: 'rated', vote: 1, previous: null }, note: 'The digest <!channel> was stopped.' });
    expectSlackValid(note);
    expect(JSON.stringify(note.blocks)).toContain('The digest &lt;!channel&gt; was stopped.');
  });

  it('Undo and nothing-to-undo carry no Undo; an unknown title and a non-channel id read naturally', () => {
    const undone = ratingOutcomeMessage({ ...base, outcome: { kind: 'undone' } });
    expectSlackValid(undone);
    expect(buttonsIn(undone.blocks)).toEqual([]);
    const nothing = ratingOutcomeMessage({ ...base, title: null, channelId: 'C_LOCAL', outcome: { kind: 'nothing_to_undo' } });
    expectSlackValid(nothing);
    expect(nothing.text).toBe('You have no vote on this paper in this channel to undo: nothing changed.');
  });

  it('escapes a hostile title: no mention, no link, bold stays balanced', () => {
    const message = ratingOutcomeMessage({ ...base, title: EVIL, outcome: { kind: 'rated', vote: 1, previous: null } });
    expectSlackValid(message);
    for (const text of renderedStrings(message)) {
      expect(text).not.toMatch(/<!channel>|<@U123>|<http:\/\/evil/);
    }
  });
});

describe('every message with the vote buttons fits Slack', () => {
  const realistic = realisticPapers(50).map((paper) => makeHit(paper, ['sparse', 'attention']));
  const evil = Array.from({ length: 50 }, (_, i) =>
    makeHit(makePaper({ id: `evil-${i}-${'x'.repeat(60)}`, title: `${EVIL} ${'Very long title & more '.repeat(50)}`, abstract: `${EVIL} `.repeat(200), aiSummary: EVIL })),
  );

  it('digests of 1..50 hits: every shown paper has its own row of 👍 👎 Save Similar, tagged with the subscription', () => {
    for (const hits of [realistic, evil]) {
      for (let count = 1; count <= 50; count++) {
        const input = { topic: 'sparse attention', digestDate: '2026-11-23', hits: hits.slice(0, count), subscriptionId: 42 };
        const message = digestMessage(input);
        expectSlackValid(message);
        const shown = digestShownCount(input);
        expect(shown).toBeGreaterThanOrEqual(1);
        const rows = message.blocks.filter((b) => b.block_id?.startsWith('digest_paper_actions:'));
        expect(rows).toHaveLength(shown);
        for (const row of rows) {
          expect(buttonsIn([row]).map((b) => b.action_id)).toEqual([ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]);
        }
        expect(votesIn(message.blocks).every((b) => parseRatingButtonValue(b.value)?.subscriptionId === 42)).toBe(true);
      }
    }
  });

  it('previews of 1..50 hits, with and without a subscription', () => {
    for (let count = 1; count <= 50; count += 7) {
      for (const subscriptionId of [null, 9]) {
        const message = digestPreviewMessage({ topic: 'sparse attention', hits: realistic.slice(0, count), nextRunText: subscriptionId ? 'Tue 09:00 UTC' : null, subscriptionId });
        expectSlackValid(message);
        expect(votesIn(message.blocks).length).toBeGreaterThanOrEqual(2);
        expect(votesIn(message.blocks).every((b) => parseRatingButtonValue(b.value)?.subscriptionId === subscriptionId)).toBe(true);
      }
    }
  });

  it('search results, a shared paper and a link card', () => {
    for (const hits of [realistic, evil]) {
      const results = searchResultsMessage(makePage({ total: 200, hits: hits.slice(0, 20) }), { pageSize: 20 });
      expectSlackValid(results);
      expect(votesIn(results.blocks).length).toBeGreaterThanOrEqual(2);
      for (const hit of hits.slice(0, 3)) {
        for (const message of [sharedPaperMessage(hit.paper, 'U123'), paperCardMessage(hit.paper)]) {
          expectSlackValid(message);
          expect(buttonsIn(message.blocks).map((b) => b.action_id)).toEqual([ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]);
          expect(votesIn(message.blocks).map((b) => parseRatingButtonValue(b.value))).toEqual([
            { paperId: hit.paper.id, subscriptionId: null },
            { paperId: hit.paper.id, subscriptionId: null },
          ]);
        }
      }
    }
  });

  it('top lists (`/paper top` and a top-list post) of 1..10 papers: every shown paper has 👍 👎 Save Similar, untagged; summaries shrink before papers drop', () => {
    const long = realisticPapers(10).map((paper, i) => ({
      ...paper,
      title: `${paper.title}: With a Longer Subtitle`,
      aiSummary: `Summary ${i}: ${'a fairly long one-line summary of what the paper shows '.repeat(6)}`,
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    }));
    const hostile = evil.slice(0, 10).map((hit) => hit.paper);
    const cases = [
      { papers: long, topic: 'sparse attention', all: true },
      { papers: long, topic: EVIL, all: false },
      { papers: hostile, topic: EVIL, all: false },
    ];
    for (const { papers, topic, all } of cases) {
      for (let count = 1; count <= 10; count++) {
        const list: TopListView = { period: 'week', from: '2026-11-26', to: '2026-12-02', topic, papers: papers.slice(0, count), listedInWindow: 40, matching: 12 };
        const input = { list, digestDate: '2026-12-02', subscriptionId: 7 };
        for (const message of [topPapersMessage(list), topDigestMessage(input)]) {
          expectSlackValid(message);
          const rows = message.blocks.filter((b) => b.block_id?.startsWith('top_paper_actions:'));
          for (const row of rows) expect(buttonsIn([row]).map((b) => b.action_id)).toEqual([ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]);
          expect(votesIn(message.blocks).every((b) => parseRatingButtonValue(b.value)?.subscriptionId === null)).toBe(true);
          for (const text of renderedStrings(message)) expect(text).not.toMatch(/<!channel>|<@U123>|<http:\/\/evil/);
          if (all) expect(rows).toHaveLength(count);
          else expect(rows.length).toBeGreaterThanOrEqual(Math.min(count, papers === long ? 9 : 1));
        }
        const shown = topDigestMessage(input).blocks.filter((b) => b.block_id?.startsWith('top_paper_actions:')).length;
        expect(topDigestShownCount(input)).toBe(all ? count : shown);
      }
    }
    // A short list keeps its summaries and metadata lines; ten long ones give up summaries, then the separate
    // metadata blocks, but keep every paper and its upvotes.
    const view = (papers: typeof long): TopListView => ({ period: 'week', from: '2026-11-26', to: '2026-12-02', topic: null, papers, listedInWindow: 40, matching: 40 });
    const three = topPapersMessage(view(long.slice(0, 3)));
    expect(JSON.stringify(three.blocks)).toContain('Summary 2:');
    expect(three.blocks.filter((b) => b.block_id?.startsWith('top_paper_meta:'))).toHaveLength(3);
    const ten = JSON.stringify(topPapersMessage(view(long)).blocks);
    for (const paper of long) expect(ten).toContain(`▲ ${paper.upvotes} upvotes`);
  });
});

