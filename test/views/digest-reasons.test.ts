import { describe, expect, it } from 'vitest';
import type { ContextBlock } from '@slack/types';
import { digestMessage, digestPreviewMessage, DIGEST_MAX_PAPERS } from '../../src/views/digest.ts';
import { reasonMrkdwn, type DigestReason } from '../../src/views/digest-reason.ts';
import { assertValidMessage } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { EVIL, makeHit, makePaper, realisticPapers } from './fixtures.ts';

const metaLines = (message: Message): string[] =>
  message.blocks
    .filter((block): block is ContextBlock => block.type === 'context' && (block.block_id ?? '').startsWith('digest_paper_meta:'))
    .map((block) => (block.elements[0]?.type === 'mrkdwn' ? block.elements[0].text : ''));

describe('why a paper is in a digest', () => {
  it('says it on the metadata line: the topic it matches, or the liked paper or example it is like', () => {
    const papers = realisticPapers(3);
    const hits = papers.map((paper) => makeHit(paper));
    const reasons = new Map<string, DigestReason>([
      [papers[0]?.id ?? '', { kind: 'topic', topic: 'sparse attention' }],
      [papers[1]?.id ?? '', { kind: 'liked', title: 'SeerAttention', topic: null }],
      [papers[2]?.id ?? '', { kind: 'example', title: 'FlashAttention', topic: 'sparse attention' }],
    ]);
    const message = digestMessage({ topic: 'sparse attention', digestDate: '2026-11-24', hits, subscriptionId: 7, reasons });
    expect(metaLines(message)).toEqual([
      'matches *sparse attention*',
      'like *SeerAttention*, which you liked',
      'matches *sparse attention*, like *FlashAttention*, one of your examples',
    ]);
    expect(blockKitErrors(message)).toEqual([]);
    const preview = digestPreviewMessage({ topic: 'sparse attention', hits, nextRunText: null, reasons });
    expect(JSON.stringify(preview.blocks)).toContain('like *SeerAttention*, which you liked');
    expect(blockKitErrors(preview)).toEqual([]);
  });

  it('escapes hostile titles and topics and keeps them short', () => {
    const line = reasonMrkdwn({ kind: 'liked', title: `${EVIL} ${'long title '.repeat(40)}`, topic: `${EVIL} topic` });
    expect(line).not.toMatch(/<!channel>|<@U123>|<http|<#C123>|<!subteam/);
    expect(line).toContain('&lt;!channel&gt;');
    // Only the reason's own bold marks remain: two around the topic, two around the title.
    expect(line.match(/\*/g)).toHaveLength(4);
    expect(line.length).toBeLessThan(220);
  });

  it('a full digest with hostile reasons stays valid Block Kit within Slack limits', () => {
    const papers = realisticPapers(DIGEST_MAX_PAPERS).map((paper, i) => makePaper({ ...paper, id: `p${i}`, title: `${EVIL} ${paper.title}` }));
    const hits = papers.map((paper) => makeHit(paper));
    const reasons = new Map<string, DigestReason>(papers.map((paper, i) => [paper.id, { kind: i % 2 ? 'liked' : 'example', title: `${EVIL} ${'x'.repeat(300)}`, topic: EVIL }]));
    const message = digestMessage({ topic: EVIL, digestDate: '2026-11-24', hits, subscriptionId: 1, reasons });
    expect(blockKitErrors(message)).toEqual([]);
    assertValidMessage(message);
    expect(metaLines(message).length).toBeGreaterThan(0);
    expect(metaLines(message).every((line) => line.startsWith('matches *'))).toBe(true);
  });
});
