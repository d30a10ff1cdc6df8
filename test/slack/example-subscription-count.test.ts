/**
 * The answer to `/paper subscribe <topic> like <paper>` says how many papers match the topic today: a digest never sends
 * its example papers, so they are not counted ("besides the example papers"). Through Bolt's real HTTP receiver, on a
 * real Hugging Face day (../shared/fixtures, 2025-10-03, ingested from the HF fixture server) whose Self-Forcing++
 * (2510.02283) is the example; replies checked against Slack's schemas.
 */
import type { KnownBlock } from '@slack/types';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestHfDays } from '../../src/ingest/ingest.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { paperCommand } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const DAY = '2025-10-03';
const ITEMS = JSON.parse(readFileSync(new URL(`../../../shared/fixtures/hf-daily-papers/daily_papers_${DAY}.json`, import.meta.url), 'utf8')) as unknown[];
const CHANNEL = 'C_COUNT';

describe('how many papers match a topic seeded with example papers', () => {
  let t: RunningTestApp;
  let hf: HfFixture;
  let arxiv: ArxivFixture;

  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
    t = await startTestApp({ env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
    hf.setDay(DAY, ITEMS);
    expect(await ingestHfDays(t.runtime.ingestDeps, [DAY])).toMatchObject({ ok: true });
    await t.runtime.refreshIndex();
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  async function subscribe(text: string): Promise<string> {
    const reply = await paperCommand(t, { text, channel: CHANNEL });
    const blocks: KnownBlock[] = reply.blocks ?? [];
    expect(blockKitMessageProblems(blocks)).toEqual([]);
    expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
    return reply.text ?? '';
  }

  /** Papers with every word of the topic, as `/paper subscribe` without examples counts them. */
  function matching(topic: string): number {
    const search = t.runtime.searchState.current;
    if (!search) throw new Error('no index');
    return search.search(topic, { match: 'all', limit: 1 }).total;
  }

  it('leaves the example papers out of "N papers match today", and says so', async () => {
    // The example is one of the topic's matches: the answer counts the others.
    const all = matching('video');
    expect(all).toBeGreaterThan(2);
    expect(await subscribe('subscribe video like 2510.02283')).toContain(
      `${all - 1} papers have every word of *video* today, besides the example papers.`,
    );
    // Subscribing again without examples (a new time) counts the same way: the subscription still has its example.
    expect(await subscribe('subscribe video at 10:00')).toContain(`${all - 1} papers have every word of *video* today, besides the example papers.`);
  });

  it('a topic only the example matches gets the warning that nothing else does yet', async () => {
    expect(matching('minute-scale video')).toBe(1);
    const text = await subscribe('subscribe minute-scale video like 2510.02283');
    expect(text).toContain(':warning: No paper has every word of *minute-scale video* today besides the example papers.');
    expect(text).not.toMatch(/\b1 paper (?:matches|has)/);
  });

  it('a topic without examples counts every match, as before', async () => {
    const all = matching('image');
    expect(all).toBeGreaterThan(1);
    const text = await subscribe('subscribe image');
    expect(text).toContain(`${all} papers have every word of *image* today.`);
    expect(text).not.toContain('besides');
  });
});
