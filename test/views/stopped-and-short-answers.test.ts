/**
 * Answers no command test passes through Slack's schema: a digest or top list after its Unsubscribe was pressed (what
 * the channel sees, chat.update), the second Share of a paper, the "install the app again" answer, and the Home tab
 * that says something went wrong; each with the worst inputs, valid against Slack's Block Kit schema and unbroken.
 */
import { describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { digestMessage } from '../../src/views/digest.ts';
import { digestStoppedLine, stoppedDigestBlocks } from '../../src/views/digest-stopped.ts';
import { errorMessage, reinstallNeededMessage } from '../../src/views/error.ts';
import { homeUnavailableView } from '../../src/views/home.ts';
import { alreadySharedMessage } from '../../src/views/shared-paper.ts';
import { topDigestMessage } from '../../src/views/top-papers.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { EVIL, makeHit, makePaper } from './fixtures.ts';

const longPapers = Array.from({ length: 12 }, (_, i) =>
  makePaper({ id: `p-${i}`, title: `${EVIL} ${'A very long title about sparse attention '.repeat(8)} ${i}`, aiSummary: 'x'.repeat(400), authors: Array.from({ length: 40 }, (_, j) => `Author ${j} ${EVIL}`) }),
);

const hasUnsubscribe = (blocks: readonly unknown[]): boolean => JSON.stringify(blocks).includes(`"action_id":"${ActionId.unsubscribe}"`);

describe('a digest after Unsubscribe was pressed', () => {
  const digest = digestMessage({ topic: `${EVIL} ${'sparse attention '.repeat(20)}`, digestDate: '2026-08-18', subscriptionId: 7, hits: longPapers.map((p) => makeHit(p)) });
  const top = topDigestMessage({
    list: { period: 'week', from: '2026-08-11', to: '2026-08-17', topic: EVIL, papers: longPapers.slice(0, 10), listedInWindow: 40, matching: 12 },
    digestDate: '2026-08-18',
    subscriptionId: 8,
  });

  for (const [name, message] of [['the fullest digest', digest], ['the fullest top list', top]] as const) {
    it(`${name}: valid, the papers kept, the button replaced by who stopped it`, () => {
      expect(hasUnsubscribe(message.blocks)).toBe(true);
      const blocks = stoppedDigestBlocks(JSON.parse(JSON.stringify(message.blocks)), 'U0442US8QGH');
      expect(blocks).not.toBeNull();
      expect(blockKitMessageProblems(blocks ?? [])).toEqual([]);
      expect(hasUnsubscribe(blocks ?? [])).toBe(false);
      expect(blocks).toHaveLength(message.blocks.length);
      expect(JSON.stringify(blocks)).toContain('<@U0442US8QGH> pressed Unsubscribe: this digest is stopped');
    });
  }

  it('a user id that is not one is never put in a mention; a message without the button is left alone', () => {
    expect(digestStoppedLine('<!channel>')).not.toMatch(/<[@!]/);
    expect(digestStoppedLine('<!channel>')).toMatch(/Unsubscribe was pressed/);
    expect(stoppedDigestBlocks(alreadySharedMessage(longPapers[0] ?? makePaper()).blocks, 'U1')).toBeNull();
    expect(stoppedDigestBlocks('not blocks', 'U1')).toBeNull();
    expect(stoppedDigestBlocks([{ no: 'type' }], 'U1')).toBeNull();
  });
});

describe('short answers', () => {
  it('a second Share of a paper with a hostile 300-character title: valid, nothing injected', () => {
    const message = alreadySharedMessage(longPapers[0] ?? makePaper());
    expect(blockKitMessageProblems(message.blocks)).toEqual([]);
    expect(JSON.stringify(message)).not.toMatch(/<!channel>|<@U123>/);
  });

  it('"install the app again", an out-of-date button, and a 5,000-character error: valid', () => {
    for (const message of [reinstallNeededMessage(), errorMessage('That button comes from an older version'), errorMessage(`${EVIL}\n${'x'.repeat(5000)}`)]) {
      expect(blockKitMessageProblems(message.blocks)).toEqual([]);
      expect(message.text.length).toBeLessThan(4000);
    }
  });

  it('the Home tab that says something went wrong, opened and after a click: valid home views', () => {
    for (const afterClick of [false, true]) {
      const view = homeUnavailableView(afterClick);
      expect(blockKitErrors({ ...view, type: 'home', blocks: view.blocks })).toEqual([]);
    }
  });
});
