import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/local/render-text.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { digestMessage } from '../../src/views/digest.ts';
import { helpMessage } from '../../src/views/help.ts';
import { paperCardMessage } from '../../src/views/paper-card.ts';
import { searchResultsMessage } from '../../src/views/search-results.ts';
import { subscriptionListMessage } from '../../src/views/subscription-list.ts';
import { unfurlSettingMessage } from '../../src/views/unfurl-setting.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { controls, EVIL, makeHit, makePage, makePaper } from './fixtures.ts';

const withExtras = makePaper({ aiSummary: 'Hydra heads make draft heads depend on earlier drafts.', githubRepo: 'https://github.com/zankner/Hydra', githubStars: 310 });

describe('the unfolded paper card', () => {
  it('title linked, one-line summary, first authors · date · upvotes, code, 👍 👎 Save Similar: valid Block Kit', () => {
    const card = paperCardMessage(withExtras);
    expect(blockKitMessageProblems(card.blocks)).toEqual([]);
    expect(card.blocks.length).toBeLessThanOrEqual(3);
    expect(renderText(card)).toBe(
      [
        `Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding (${withExtras.url})`,
        'Hydra heads make draft heads depend on earlier drafts.',
        'Zachary Ankner, Rishab Parthasarathy, Aniruddha Nrusimha et al. \u00B7 Feb 7, 2024 \u00B7 \u25B2 42 \u00B7 Code: zankner/Hydra (https://github.com/zankner/Hydra) \u2605 310',
        '',
        '[👍 More like this] [👎 Not for us] [Save] [Similar]',
      ].join('\n'),
    );
    expect(buttonsIn(card.blocks)).toEqual([
      { action_id: ActionId.rateUp, value: JSON.stringify({ p: withExtras.id }) },
      { action_id: ActionId.rateDown, value: JSON.stringify({ p: withExtras.id }) },
      { action_id: ActionId.save, value: withExtras.id },
      { action_id: ActionId.similar, value: withExtras.id },
    ]);
  });

  it('without a summary: the abstract\'s first sentence, cut to one line', () => {
    const text = renderText(paperCardMessage(makePaper({ abstract: `${'Long words here '.repeat(5)}end. Second sentence.` })));
    expect(text.split('\n')[1]).toBe(`${'Long words here '.repeat(5)}end.`);
    const long = renderText(paperCardMessage(makePaper({ abstract: 'word '.repeat(400) })));
    expect(long.split('\n')[1]?.length).toBeLessThanOrEqual(200);
  });

  it('hostile titles, summaries and authors are escaped: no mention, no link but ours', () => {
    const card = paperCardMessage(makePaper({ title: EVIL, aiSummary: EVIL, authors: [EVIL], abstract: EVIL }));
    expect(blockKitMessageProblems(card.blocks)).toEqual([]);
    const all = JSON.stringify(card.blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U123>');
    for (const block of card.blocks) {
      const texts = block.type === 'section' ? [block.text?.text ?? ''] : block.type === 'context' ? block.elements.map((e) => ('text' in e ? String(e.text) : '')) : [];
      for (const text of texts) for (const control of controls(text)) expect(control).toMatch(/^<https:\/\/huggingface\.co\/papers\/[^|]+\|/);
    }
  });
});

describe('Block Kit schema (../shared/schemas): the messages issue 17 adds or changes', () => {
  it('search results, digests, /paper list with the unfurl line, /paper unfurl replies, help', () => {
    const messages = [
      searchResultsMessage(makePage({ hits: [makeHit(withExtras), makeHit(makePaper({ id: 'other' }))] }), { pageSize: 5 }),
      digestMessage({ topic: 'decoding', digestDate: '2025-10-03', hits: [makeHit(withExtras)], subscriptionId: 3 }),
      subscriptionListMessage({ items: [], unfurlLinks: false }),
      subscriptionListMessage({
        items: Array.from({ length: 60 }, (_, i) => ({ id: i + 1, topic: `topic ${i}`, scheduleText: 'every day at 09:00 UTC', nextRunText: 'Tue 09:00 UTC', pausedReason: null, lastDigest: null })),
        unfurlLinks: true,
      }),
      unfurlSettingMessage(true, true),
      unfurlSettingMessage(false, true),
      unfurlSettingMessage(true, false),
      helpMessage(),
    ];
    for (const message of messages) expect(blockKitMessageProblems(message.blocks)).toEqual([]);
    expect(renderText(messages[3] ?? { text: '', blocks: [] })).toContain('unfold into a card in this channel');
  });

  it('the schema check itself catches what Slack refuses (so the checks above can fail)', () => {
    const card = paperCardMessage(withExtras);
    expect(blockKitMessageProblems([...card.blocks, ...card.blocks])).toContainEqual(expect.stringContaining('block_id repeated'));
    expect(blockKitMessageProblems(Array.from({ length: 51 }, (_, i) => ({ type: 'divider', block_id: `d${i}` })))).toContainEqual(expect.stringContaining('51 blocks'));
    expect(blockKitMessageProblems([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])).not.toEqual([]);
    const twice = { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'A' } }, { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'B' } }] };
    expect(blockKitMessageProblems([twice])).toContainEqual(expect.stringContaining('repeats action_id a'));
  });
});
