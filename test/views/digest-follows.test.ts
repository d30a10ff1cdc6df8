/**
 * The digest's "From people you follow" section (issue 18): before the topic's papers, within Slack's limits (the
 * topic's papers are dropped first), counted exactly (only shown papers are recorded as sent), escaped, schema-valid.
 */
import { describe, expect, it } from 'vitest';
import { DIGEST_MAX_PAPERS, digestMessage, digestPreviewMessage, digestShown, digestShownCount } from '../../src/views/digest.ts';
import { LIMITS } from '../../src/views/limits.ts';
import { renderText } from '../../src/local/render-text.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { EVIL, controls, makeHit, makePaper, renderedStrings } from './fixtures.ts';

const hits = (prefix: string, count: number, long = false) =>
  Array.from({ length: count }, (_, i) =>
    makeHit(
      makePaper({
        id: `${prefix}-${i}`,
        title: long ? `${prefix} ${i} ${'A very long title about sparse attention '.repeat(6)}` : `${prefix} paper ${i}`,
        aiSummary: long ? 'x'.repeat(400) : null,
        authors: Array.from({ length: long ? 40 : 2 }, (_, j) => `Author ${j} ${EVIL}`),
      }),
    ),
  );

const base = { topic: 'sparse attention', digestDate: '2026-08-18', subscriptionId: 7 };

describe('the follow section of a digest', () => {
  it('comes first under its heading, then the topic under its own; the counts say what is shown', () => {
    const input = { ...base, followed: hits('followed', 2), hits: hits('topic', 3) };
    const message = digestMessage(input);
    expect(blockKitErrors(message)).toEqual([]);
    const ids = message.blocks.map((b) => b.block_id);
    expect(ids.slice(0, 4)).toEqual(['digest_header', 'digest_followed_header', 'digest_followed:0', 'digest_followed_meta:0']);
    expect(ids.indexOf('digest_topic_header')).toBeGreaterThan(ids.indexOf('digest_followed_meta:1'));
    expect(ids.indexOf('digest_paper:0')).toBeGreaterThan(ids.indexOf('digest_topic_header'));
    expect(digestShown(input)).toEqual({ followed: 2, topic: 3 });
    expect(digestShownCount(input)).toBe(3);
    const text = renderText(message);
    expect(text).toMatch(/From people you follow[\s\S]*followed paper 0[\s\S]*New on sparse attention[\s\S]*topic paper 0/);
  });

  it('with nothing new on the topic, the followed papers still make a digest', () => {
    const input = { ...base, followed: hits('followed', 1), hits: [] };
    const message = digestMessage(input);
    expect(blockKitErrors(message)).toEqual([]);
    expect(renderText(message)).toContain('Nothing new for sparse attention today.');
    expect(digestShown(input)).toEqual({ followed: 1, topic: 0 });
    // The notification text says so too, rather than "0 new papers".
    expect(message.text).toBe('Paper digest for sparse attention: From people you follow: followed paper 0. Nothing new on the topic today.');
    const preview = digestPreviewMessage({ topic: 'sparse attention', hits: [], followed: hits('followed', 1), nextRunText: 'Tue 09:00 UTC' });
    expect(preview.text).toBe('Preview of the next digest for sparse attention: From people you follow: followed paper 0. Nothing new on the topic right now.');
  });

  it('without follows the digest is as before (no heading)', () => {
    const message = digestMessage({ ...base, hits: hits('topic', 3) });
    expect(message.blocks.map((b) => b.block_id)).not.toContain('digest_followed_header');
    expect(message.blocks.map((b) => b.block_id)).not.toContain('digest_topic_header');
  });

  it('under Slack\'s limits with long papers: the topic\'s are dropped first, the rest announced, everything escaped', () => {
    const input = { ...base, followed: hits('followed', 12, true), hits: hits('topic', 12, true) };
    const message = digestMessage(input);
    const shown = digestShown(input);
    expect(blockKitErrors(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(JSON.stringify(message.blocks).length).toBeLessThanOrEqual(LIMITS.messageJson);
    expect(shown.followed + shown.topic).toBeLessThanOrEqual(DIGEST_MAX_PAPERS);
    expect(shown.followed).toBeGreaterThan(0);
    if (shown.topic > 0) expect(shown.followed).toBe(12);
    // The papers in the blocks are exactly the counted ones.
    const ids = message.blocks.map((b) => b.block_id ?? '');
    expect(ids.filter((id) => /^digest_followed:\d+$/.test(id))).toHaveLength(shown.followed);
    expect(ids.filter((id) => /^digest_paper:\d+$/.test(id))).toHaveLength(shown.topic);
    if (shown.followed < 12) expect(renderText(message)).toContain(`${12 - shown.followed} more papers by people you follow: they come with the next digest`);
    for (const text of renderedStrings(message)) {
      expect(controls(text).filter((c) => !/^<https:\/\//.test(c))).toEqual([]);
    }
  });

  it('the preview shows the same section', () => {
    const message = digestPreviewMessage({ topic: 'sparse attention', hits: hits('topic', 2), followed: hits('followed', 1), nextRunText: 'Tue 09:00 UTC' });
    expect(blockKitErrors(message)).toEqual([]);
    expect(renderText(message)).toMatch(/Preview of the next digest[\s\S]*From people you follow[\s\S]*followed paper 0[\s\S]*topic paper 0/);
  });
});
