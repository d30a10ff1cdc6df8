/**
 * 👍/👎 under a paper that has since been withdrawn (a digest or link card from before the withdrawal). A withdrawn paper
 * is in no index, so a vote on it would steer no digest or search: the answer says so instead of "the next digests
 * favour papers like it", and records nothing (Save says so too, and tells whoever saved it before that it stays in their saved papers); a vote cast before the withdrawal can still be taken back. Through Bolt's
 * real HTTP receiver: the paper looked up at the Hugging Face fixture (a real record from ../shared/fixtures) by
 * `/paper <id>`, signed block_actions clicks on its buttons.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { clickInChannel, paperCommand, type SlackReply } from '../support/slack-reply.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const TEAM = 'T1';
const CHANNEL = 'C0WITHDRAWN';

describe('rating a paper that was withdrawn', () => {
  let t: RunningTestApp;
  let hf: HfFixture;
  let arxiv: ArxivFixture;

  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
    t = await startTestApp({ env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  async function click(actionId: string, value: string, user: string): Promise<SlackReply> {
    const reply = await clickInChannel(t, { team: TEAM, channel: CHANNEL, user, actionId, value, blockId: 'named_paper_actions:0' });
    expect(blockKitErrors({ text: reply.text ?? '', blocks: reply.blocks ?? [] })).toEqual([]);
    return reply;
  }

  it('a vote on it is refused with the reason, records nothing; an earlier vote can still be undone', async () => {
    const shown = await paperCommand(t, { text: '2510.02283', team: TEAM, channel: CHANNEL, user: 'U1' });
    const blocks: KnownBlock[] = shown.blocks ?? [];
    const up = buttonsIn(blocks).find((b) => b.action_id === ActionId.rateUp)?.value ?? '';
    const down = buttonsIn(blocks).find((b) => b.action_id === ActionId.rateDown)?.value ?? '';
    expect(up).not.toBe('');
    // U1 votes while the paper stands.
    const voted = await click(ActionId.rateUp, up, 'U1');
    expect(voted.text).toMatch(/^👍 Noted for/);
    const undo = buttonsIn(voted.blocks ?? []).find((b) => b.action_id === ActionId.rateUndo)?.value ?? '';
    // U3 saves it while it stands.
    const save = buttonsIn(blocks).find((b) => b.action_id === ActionId.save)?.value ?? '';
    expect((await click(ActionId.save, save, 'U3')).text).toMatch(/^Saved Self-Forcing\+\+/);

    await t.runtime.store.upsertPapers([], { withdrawals: [{ arxivId: '2510.02283', withdrawnAt: '2026-10-05T00:00:00.000Z' }] });
    await t.runtime.refreshIndex();

    for (const [actionId, value] of [[ActionId.rateUp, up], [ActionId.rateDown, down]] as const) {
      const reply = await click(actionId, value, 'U2');
      expect(reply.text).toMatch(/Self-Forcing\+\+.* was withdrawn/);
      expect(reply.text).toContain('nothing was recorded');
      expect(reply.text).not.toMatch(/favour|play down/);
    }
    // Save says so too (not "search for it again", which cannot find it), and saves nothing.
    expect((await click(ActionId.save, save, 'U2')).text).toMatch(/Self-Forcing\+\+.* was withdrawn, so nothing was saved\./);
    expect((await t.runtime.store.listSavedPapers(TEAM, 'U2', { offset: 0, limit: 5 })).total).toBe(0);
    // Whoever saved it before keeps it, and is told so (not "nothing was saved", which reads as if it was lost).
    const kept = await click(ActionId.save, save, 'U3');
    expect(kept.text).toMatch(/Self-Forcing\+\+.* was withdrawn since you saved it: it stays in your saved papers, marked withdrawn\./);
    expect(kept.text).not.toContain('nothing was saved');
    expect(JSON.stringify(kept.blocks)).toContain('`/paper saved`');
    const stillSaved = await t.runtime.store.listSavedPapers(TEAM, 'U3', { offset: 0, limit: 5 });
    expect(stillSaved.papers.map((p) => [p.arxivId, p.withdrawnAt])).toEqual([['2510.02283', '2026-10-05T00:00:00.000Z']]);
    const paperId = (await t.runtime.store.getPaperByArxivId('2510.02283'))?.id;
    expect((await t.runtime.store.channelRatings(TEAM, CHANNEL)).map((r) => [r.userId, r.paperId])).toEqual([['U1', paperId]]);

    const undone = await click(ActionId.rateUndo, undo, 'U1');
    expect(undone.text).toMatch(/^↩️ Undone: your vote on .*Self-Forcing\+\+/);
    expect(await t.runtime.store.channelRatings(TEAM, CHANNEL)).toEqual([]);
  });
});
