/**
 * `/paper <arXiv id|link>` and `/paper similar <arXiv id|link>` end to end: signed slash commands through Bolt's
 * real HTTP receiver; papers the corpus lacks are looked up on the Hugging Face fixture (a real record from
 * ../shared/fixtures/hf-daily-papers) or, on its 404, the arXiv fixture. Before, a pasted link was searched as
 * words (`https`, `org`, `abs`) and answered with unrelated papers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/local/render-text.ts';
import { loadSeedPapers } from '../../src/papers/load-seeds.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { PERELMAN, startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import { paperCommand, type SlackReply } from '../support/slack-reply.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const WORKING = /Working on it/;

describe('/paper <arXiv id|link> and /paper similar <arXiv id|link>', () => {
  let t: RunningTestApp;
  let hf: HfFixture;
  let arxiv: ArxivFixture;
  let n = 0;

  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
    t = await startTestApp({ env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
    // The store holds the seed corpus, as a started app's does: a looked-up paper joins those papers' index.
    await t.runtime.store.upsertPapers((await loadSeedPapers('seeds')).papers);
    t.runtime.searchState.swap(createPaperSearch(await t.runtime.store.listPapers()));
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  /** The answer the person sees: the ack's body, or what replaced "Working on it" through the response_url. */
  async function ask(text: string): Promise<{ reply: SlackReply; shown: string }> {
    n += 1;
    const before = t.slack.callsTo('response_url').length;
    let reply = await paperCommand(t, { text, channel: `CN${String(n).padStart(7, '0')}` });
    if (WORKING.test(reply.text ?? '')) {
      const calls = await t.slack.waitFor('response_url', before + 1, 20_000);
      reply = calls[calls.length - 1]?.params as SlackReply;
    }
    expect(reply.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(blockKitMessageProblems(reply.blocks ?? [])).toEqual([]);
    return { reply, shown: renderText({ text: reply.text ?? '', blocks: reply.blocks ?? [] }) };
  }

  const buttonValues = (reply: SlackReply, actionId: string): string[] =>
    (reply.blocks ?? []).flatMap((block) =>
      block.type === 'actions' ? block.elements.flatMap((e) => (e.type === 'button' && e.action_id === actionId && e.value ? [e.value] : [])) : [],
    );

  it('a pasted arXiv link (Slack wraps it in <…>) shows that paper, looked up on Hugging Face, with Share and Similar', async () => {
    const { reply, shown } = await ask('<https://arxiv.org/abs/2510.02283v1>');
    expect(shown).toContain('Self-Forcing++: Towards Minute-Scale High-Quality Video Generation');
    expect(shown).not.toMatch(/papers for/);
    expect(hf.requests.some((r) => r.path === '/api/papers/2510.02283')).toBe(true);
    const shareIds = buttonValues(reply, ActionId.share);
    expect(shareIds).toHaveLength(1);
    expect(buttonValues(reply, ActionId.similar)).toEqual(shareIds);
  });

  it('a bare id the corpus now has answers from the store (Hugging Face is not asked again)', async () => {
    const asked = hf.requests.length;
    const { shown } = await ask('2510.02283');
    expect(shown).toContain('Self-Forcing++');
    expect(hf.requests.length).toBe(asked);
  });

  it('`similar <link>` gives the papers like it, as its Similar button would', async () => {
    const { shown } = await ask('similar https://huggingface.co/papers/2510.02283');
    const paper = await t.runtime.store.getPaperByArxivId('2510.02283');
    const button = t.runtime.searchState.current?.similar(paper?.id ?? '', 5).map((hit) => hit.paper.title) ?? [];
    expect(button.length).toBeGreaterThan(0);
    expect(shown).toMatch(/^Papers similar to Self-Forcing\+\+/m);
    for (const title of button) expect(shown).toContain(title.slice(0, 40));
  });

  it('several papers: each shown; one neither Hugging Face nor arXiv knows gets its own line', async () => {
    const { shown } = await ask(`2510.02283, arXiv:${PERELMAN} and 2509.00001`);
    expect(shown).toContain('Self-Forcing++');
    expect(shown).toContain('The entropy formula for the Ricci flow');
    expect(shown).toMatch(/couldn't find arXiv 2509\.00001: .*neither Hugging Face nor arXiv knows it/);
    expect(arxiv.requests).toContain('2509.00001');
  });

  it('sources that do not answer: a line saying to try again, not "not found" and not unrelated papers', async () => {
    hf.answerNext({ status: 500, json: { error: 'boom' } }, { status: 500, json: { error: 'boom' } }, { status: 500, json: { error: 'boom' } });
    const { shown } = await ask('similar 2509.77777');
    // arXiv is asked only when Hugging Face answers 404: it did not fail to answer, so "and arXiv" was not true.
    expect(shown).toContain("couldn't look up arXiv 2509.77777 just now: Hugging Face or arXiv did not answer. Try again in a minute.");
    expect(arxiv.requests).not.toContain('2509.77777');
    expect(t.logs.some((line) => line.includes('looking up 2509.77777 failed'))).toBe(true);
  });

  it('a paper link among other words: says how to ask for the paper or its like, never searches "https org abs"', async () => {
    const { shown } = await ask('<https://arxiv.org/abs/2510.02283> video generation');
    expect(shown).toContain('2510.02283 is a paper, not a search word');
    expect(shown).toContain('/paper similar 2510.02283');
  });

  it('a link that names no paper, and more than three papers, get a friendly line', async () => {
    expect((await ask('https://github.com/foo/bar')).shown).toMatch(/is not an arXiv id or a paper link I can read/);
    expect((await ask('2510.02283 2510.02284 2510.02285 2510.02286')).shown).toMatch(/I show up to 3 at a time/);
  });

  it('`similar` followed by words is still a search', async () => {
    expect((await ask('similar image retrieval')).shown).toMatch(/papers? for "similar image retrieval"/);
  });
});
