import { describe, expect, it } from 'vitest';
import type { Button, KnownBlock } from '@slack/types';
import { renderText } from '../../src/local/render-text.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { assertValidMessage, LIMITS } from '../../src/views/limits.ts';
import { searchResultsMessage } from '../../src/views/search-results.ts';
import { similarPapersMessage } from '../../src/views/similar-papers.ts';
import { EVIL, makeHit, makePage, makePaper, realisticPapers, renderedStrings } from './fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const buttons = (blocks: readonly KnownBlock[]): Button[] =>
  blocks.flatMap((b) => {
    const found: Button[] = [];
    if (b.type === 'section' && b.accessory?.type === 'button') found.push(b.accessory);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') found.push(e);
    return found;
  });

describe('"Similar" beside "Share" on every search result', () => {
  it('one actions block per hit holds Share, Similar, Save, 👍 and 👎, all carrying the paper id', () => {
    const page = makePage();
    const message = searchResultsMessage(page, { pageSize: 5 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const rows = message.blocks.filter((b) => b.type === 'actions' && b.block_id?.startsWith('result_actions:'));
    expect(rows).toHaveLength(page.hits.length);
    rows.forEach((row, i) => {
      const [share, similar, save, up, down, ...rest] = buttons([row]);
      expect(rest).toEqual([]);
      expect([up?.action_id, down?.action_id]).toEqual([ActionId.rateUp, ActionId.rateDown]);
      expect(up?.value).toBe(JSON.stringify({ p: page.hits[i]?.paper.id }));
      expect(down?.value).toBe(up?.value);
      expect(save?.action_id).toBe(ActionId.save);
      expect(save?.value).toBe(share?.value);
      expect(share?.action_id).toBe(ActionId.share);
      expect(similar?.action_id).toBe(ActionId.similar);
      expect(share?.value).toBe(page.hits[i]?.paper.id);
      expect(similar?.value).toBe(page.hits[i]?.paper.id);
    });
  });

  it('a full page of 200 hits stays within 50 blocks', () => {
    const hits = realisticPapers(200).map((p) => makeHit(p));
    const message = searchResultsMessage(makePage({ total: 500, hits }), { pageSize: 50 });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  });
});

describe('similarPapersMessage', () => {
  const source = realisticPapers(1)[0] ?? makePaper();
  const hits = realisticPapers(6).slice(1).map((p) => makeHit(p));

  it('says what the papers are similar to, then shows each like a search result', () => {
    const message = similarPapersMessage(source, hits);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const intro = message.blocks[0];
    expect(intro?.type === 'section' && intro.text?.text).toMatch(/^Papers similar to \*<https:\/\/huggingface\.co\/papers\/[^|]+\|Hydra/);
    expect(buttons(message.blocks).filter((b) => b.action_id === ActionId.similar).map((b) => b.value)).toEqual(hits.map((h) => h.paper.id));
    expect(buttons(message.blocks).filter((b) => b.action_id === ActionId.share)).toHaveLength(hits.length);
    expect(message.text).toMatch(/^Papers similar to Hydra/);
    expect(message.text).toContain(`1. ${hits[0]?.paper.title}`);
  });

  it('says so when nothing is similar', () => {
    const message = similarPapersMessage(source, []);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(message.text).toMatch(/^No other paper is much like Hydra/);
    expect(buttons(message.blocks)).toEqual([]);
  });

  it('fits Slack limits with many long hits, and escapes hostile titles', () => {
    const evil = makePaper({ title: `${EVIL} ${'x'.repeat(5000)}` });
    const many = realisticPapers(60).map((p) => makeHit({ ...p, title: `${EVIL} ${p.title}` }));
    const message = similarPapersMessage(evil, many);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    for (const text of renderedStrings(message)) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toMatch(/<@U/);
    }
  });

  it('renders as terminal text for the CLI', () => {
    const out = renderText(similarPapersMessage(source, hits.slice(0, 2)));
    expect(out).toMatch(/^Papers similar to Hydra/);
    expect(out).toContain('[Share] [Similar]');
  });
});
