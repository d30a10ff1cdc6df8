import { describe, expect, it } from 'vitest';
import type { ActionsBlock, Button, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { renderText } from '../../src/local/render-text.ts';
import { ActionId, type UnsubscribeValue } from '../../src/views/action-ids.ts';
import {
  DIGEST_MAX_PAPERS,
  digestMessage,
  digestPaperBlocks,
  digestPreviewMessage,
  digestShownCount,
  formatDigestDate,
  plainText,
  type DigestInput,
} from '../../src/views/digest.ts';
import { assertValidMessage, LIMITS, validateMessage } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import { paperUrl } from '../../src/papers/paper.ts';
import type { SearchHit } from '../../src/search/types.ts';
import { controls, EVIL, hasLoneSurrogate, makeHit, makePaper, realisticPapers, renderedStrings, snippetFor } from './fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const isSection = (block: KnownBlock): block is SectionBlock => block.type === 'section';
const paperSections = (message: Message, prefix = 'digest_paper:'): SectionBlock[] =>
  message.blocks.filter(isSection).filter((b) => b.block_id?.startsWith(prefix));
const buttons = (message: Message): Button[] =>
  message.blocks.flatMap((b) => {
    const found: Button[] = [];
    if (b.type === 'section' && b.accessory?.type === 'button') found.push(b.accessory);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') found.push(e);
    return found;
  });
const header = (message: Message): string => {
  const block = message.blocks.find((b): b is HeaderBlock => b.type === 'header');
  return block?.text.text ?? '';
};
const allText = (message: Message): string => renderedStrings(message).join('\n');

/** A topic as hostile as a slash command allows: mentions, links, entities, bold, emoji, 200 chars. */
const EVIL_TOPIC = `<!channel> <@U1> <http://x|y> & *bold* 🚀👩‍👩‍👧‍👦 ${EVIL} ${'topic '.repeat(40)}`.slice(0, 200);

const realisticHits = (count: number): SearchHit[] => realisticPapers(count).map((paper) => makeHit(paper, ['sparse', 'attention', 'draft']));

function adversarialHits(count: number): SearchHit[] {
  const title = `${EVIL} 🚀👩‍👩‍👧‍👦 ${'Very long title & more '.repeat(240)}`.slice(0, 5000);
  const abstract = `${EVIL} ${'attention 🧠 is <all> you need & more.\n'.repeat(300)}`.slice(0, 10_000);
  const snippet = snippetFor(abstract, ['attention', 'channel', 'need'], { truncatedStart: true, truncatedEnd: true });
  return Array.from({ length: count }, (_, i) => ({
    paper: makePaper({
      id: `evil-${i}`,
      title,
      abstract,
      authors: i % 2 === 0 ? [EVIL, `${EVIL} two`, 'Three', 'Four'] : [],
      authorCount: i % 3 === 0 ? null : 6,
      date: i % 2 === 0 ? null : '2024-13-45',
      upvotes: i % 2 === 0 ? null : 7,
      arxivId: i % 2 === 0 ? null : `${EVIL}`,
      url: i % 2 === 0 ? paperUrl(title, null) : `javascript:alert(1)|<!channel>`,
    }),
    score: 1,
    snippet,
  }));
}

/** No untrusted mention, channel, subteam or link survives in any rendered text; the only controls are paper links. */
function expectNoInjection(message: Message): void {
  for (const text of renderedStrings(message)) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toMatch(/<@U/);
    expect(text).not.toContain('<#C123>');
    expect(text).not.toMatch(/<!subteam/);
    expect(text).not.toMatch(/<http:\/\/(x|evil)/);
    expect(text).not.toMatch(/<javascript/);
    for (const control of controls(text)) {
      const ours = /^<https:\/\/(huggingface\.co\/papers\/|arxiv\.org\/search\/\?)[^\s|<>]*\|[^|<>]+>$/.test(control);
      expect(ours, `unexpected control ${control}`).toBe(true);
    }
  }
}

const digestInput = (overrides: Partial<DigestInput> = {}): DigestInput => ({
  topic: 'sparse attention',
  digestDate: '2025-11-24',
  hits: realisticHits(5),
  subscriptionId: 12,
  ...overrides,
});

describe('digestMessage', () => {
  it('renders a realistic digest: header with the local date, papers, Unsubscribe with a confirm, footer', () => {
    const input = digestInput();
    const message = digestMessage(input);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    // Every paper's buttons (👍 👎 Save Similar) repeat their action_ids, one row per paper: unique within each block, as
    // Slack requires (and as search results' Share buttons are); everything else is unique in the whole message.
    assertValidMessage({ ...message, blocks: message.blocks.filter((b) => !b.block_id?.startsWith('digest_paper')) }, { surface: 'message', actionIdScope: 'message' });

    expect(message.blocks[0]).toEqual({
      type: 'header',
      block_id: 'digest_header',
      text: { type: 'plain_text', text: '📚 sparse attention · Mon, Nov 24', emoji: true },
    });

    const sections = paperSections(message);
    expect(sections).toHaveLength(5);
    expect(sections[0]?.text?.text).toBe(
      '*<https://huggingface.co/papers/2402.05109|Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding>*\n' +
        'To combat the memory bandwidth-bound nature of autoregressive LLM inference, previous research has proposed the speculative decoding framework. We introduce Hydra heads, a drop-in replacement for…',
    );
    // Each paper is followed by its metadata line.
    const firstIndex = message.blocks.findIndex((b) => b.block_id === 'digest_paper:0');
    const meta = message.blocks[firstIndex + 1];
    expect(meta?.block_id).toBe('digest_paper_meta:0');
    expect(meta?.type === 'context' && meta.elements[0]?.type === 'mrkdwn' && meta.elements[0].text).toBe(
      'Zachary Ankner, Rishab Parthasarathy, Aniruddha Nrusimha et al. · Feb 7, 2024 · ▲ 10',
    );

    // Each paper is followed by one row of buttons: 👍 More like this, 👎 Not for us (value: its id and the digest's
    // subscription), Save and Similar (value: its id). Nothing sits beside the title any more.
    const rows = message.blocks.filter((b): b is ActionsBlock => b.block_id?.startsWith('digest_paper_actions:') === true);
    expect(rows.map((r) => r.block_id)).toEqual([0, 1, 2, 3, 4].map((i) => `digest_paper_actions:${i}`));
    expect(message.blocks[firstIndex + 2]).toBe(rows[0]);
    for (const [i, row] of rows.entries()) {
      const id = input.hits[i]?.paper.id;
      expect(row.elements.map((e) => (e.type === 'button' ? [e.action_id, e.text.text, e.value] : null))).toEqual([
        [ActionId.rateUp, '👍 More like this', JSON.stringify({ p: id, s: 12 })],
        [ActionId.rateDown, '👎 Not for us', JSON.stringify({ p: id, s: 12 })],
        [ActionId.save, 'Save', id],
        [ActionId.similar, 'Similar', id],
      ]);
    }
    expect(sections.every((section) => section.accessory === undefined)).toBe(true);
    const paperButtons: unknown[] = rows.flatMap((r) => r.elements);

    // Tail: divider, the Unsubscribe button, the footer; nothing after.
    const types = message.blocks.map((b) => b.type);
    expect(types.slice(-3)).toEqual(['divider', 'actions', 'context']);
    const [unsubscribe, ...others] = buttons(message).filter((b) => !paperButtons.includes(b));
    expect(others).toEqual([]);
    expect(unsubscribe).toEqual({
      type: 'button',
      action_id: ActionId.unsubscribe,
      text: { type: 'plain_text', text: 'Unsubscribe', emoji: true },
      value: '{"id":12}',
      confirm: {
        title: { type: 'plain_text', text: 'Stop the digest for sparse attention?' },
        text: expect.objectContaining({ type: 'plain_text' }),
        confirm: { type: 'plain_text', text: 'Unsubscribe' },
        deny: { type: 'plain_text', text: 'Keep it' },
        style: 'danger',
      },
    });
    expect(ActionId.unsubscribe).toBe('digest_unsubscribe');
    expect(JSON.parse(unsubscribe?.value ?? 'null') as UnsubscribeValue).toEqual({ id: 12 });
    const footer = message.blocks[message.blocks.length - 1];
    expect(footer?.type === 'context' && footer.elements[0]?.type === 'mrkdwn' && footer.elements[0].text).toBe(
      'Digest for this channel · `/paper list` to see subscriptions',
    );
    expect(allText(message)).not.toContain('…and');

    expect(message.text).toBe(
      'Paper digest for sparse attention: 5 new papers — Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding; ' +
        'Medusa: Simple LLM Inference Acceleration Framework with Multiple Decoding Heads; ' +
        'Fast Inference from Transformers via Speculative Decoding; ' +
        'SpecInfer: Accelerating Generative LLM Serving with Tree-based Speculative Inference; ' +
        'EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty',
    );
    expect(digestShownCount(input)).toBe(5);
  });

  it('keeps each snippet to one short line and bolds the topic words', () => {
    const paper = makePaper({ abstract: `Sparse attention\nacross lines. ${'More words about attention. '.repeat(40)}` });
    const hit: SearchHit = { paper, score: 1, snippet: snippetFor(paper.abstract, ['sparse', 'attention'], { truncatedEnd: true }) };
    const [section] = digestPaperBlocks(hit, 0);
    const text = section?.type === 'section' ? (section.text?.text ?? '') : '';
    const [, body, ...rest] = text.split('\n');
    expect(rest).toEqual([]);
    expect(body?.startsWith('*Sparse attention* across lines.')).toBe(true);
    expect(body?.length).toBeLessThanOrEqual(200);
    expect(body?.length).toBeGreaterThan(150);
    expect(body?.endsWith('…')).toBe(true);
  });

  it('falls back to the abstract when the snippet is empty, and to the title alone when both are', () => {
    const empty = { text: '', highlights: [], truncatedStart: false, truncatedEnd: false };
    const withAbstract = digestPaperBlocks({ paper: makePaper({ abstract: 'Short abstract & such.' }), score: 1, snippet: empty }, 3);
    expect(withAbstract[0]?.type === 'section' && withAbstract[0].text?.text).toBe(
      '*<https://huggingface.co/papers/2402.05109|Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding>*\nShort abstract &amp; such.',
    );
    expect(withAbstract[0]?.block_id).toBe('digest_paper:3');
    const bare = digestPaperBlocks({ paper: makePaper({ abstract: '', authors: [], authorCount: null, date: null, upvotes: null }), score: 1, snippet: empty }, 0);
    expect(bare.map((b) => b.type)).toEqual(['section', 'actions']);
    expect(bare[0]?.type === 'section' && bare[0].text?.text).toBe(
      '*<https://huggingface.co/papers/2402.05109|Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding>*',
    );
  });

  it('formats the digest date without time zone conversion, and drops an impossible one', () => {
    expect(formatDigestDate('2025-11-24')).toBe('Mon, Nov 24');
    expect(formatDigestDate('2024-02-29')).toBe('Thu, Feb 29');
    expect(formatDigestDate('2025-01-01')).toBe('Wed, Jan 1');
    expect(formatDigestDate('2025-02-30')).toBeNull();
    expect(formatDigestDate('yesterday')).toBeNull();
    expect(header(digestMessage(digestInput({ digestDate: 'nope' })))).toBe('📚 sparse attention');
  });

  it('caps 50 hits to what fits, says how many more there are, and reports what it showed', () => {
    const input = digestInput({ hits: realisticHits(50) });
    const message = digestMessage(input);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const shown = paperSections(message).length;
    // 15 realistic papers (200-char snippets, metadata, a row of four buttons each) overrun the size budget: about
    // nine fit, well above the default digest size (5), and the buttons of every shown paper are there.
    expect(shown).toBeGreaterThanOrEqual(8);
    expect(shown).toBeLessThan(DIGEST_MAX_PAPERS);
    expect(JSON.stringify(message.blocks).length).toBeLessThanOrEqual(12_000);
    expect(buttons(message).filter((b) => b.action_id === ActionId.rateUp)).toHaveLength(shown);
    expect(digestShownCount(digestInput({ hits: realisticHits(5) }))).toBe(5);
    expect(digestShownCount(input)).toBe(shown);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(allText(message)).toContain(`…and ${50 - shown} more papers: \`/paper sparse attention\` finds them.`);
    expect(message.text).toMatch(/^Paper digest for sparse attention: 50 new papers — Hydra/);
    expect(message.text).toContain(`…and ${50 - shown} more`);
    // Still ends with the Unsubscribe button and footer.
    expect(message.blocks.map((b) => b.type).slice(-3)).toEqual(['divider', 'actions', 'context']);
  });

  it('survives adversarial data: hostile 200-char topic, 5,000-char titles, hostile URLs, 50 hits', () => {
    for (const count of [1, 3, 15, 50]) {
      const input = digestInput({ topic: EVIL_TOPIC, hits: adversarialHits(count), subscriptionId: 2 ** 31 });
      const message = digestMessage(input);
      expect(validateMessage(message.blocks, { surface: 'message', text: message.text })).toEqual([]);
      expect(blockKitErrors(message)).toEqual([]);
      const withoutPapers = message.blocks.filter((b) => !b.block_id?.startsWith('digest_paper'));
      expect(validateMessage(withoutPapers, { surface: 'message', actionIdScope: 'message' })).toEqual([]);
      expectNoInjection(message);
      const shown = paperSections(message).length;
      expect(shown).toBeGreaterThanOrEqual(1);
      expect(shown).toBe(digestShownCount(input));
      if (shown < count) expect(allText(message)).toContain(`…and ${count - shown} more`);
      expect(header(message).length).toBeLessThanOrEqual(LIMITS.headerText);
      expect(header(message).endsWith(' · Mon, Nov 24')).toBe(true);
      const confirm = buttons(message).find((b) => b.action_id === ActionId.unsubscribe)?.confirm;
      expect(confirm?.title?.text.length).toBeLessThanOrEqual(100);
      expect(confirm?.text.text.length).toBeLessThanOrEqual(300);
      expect(confirm?.title?.text).toMatch(/^Stop the digest for ‹!channel› ‹@U1› ‹http:\/\/x\|y› & \*bold\* 🚀/);
      for (const text of renderedStrings(message)) expect(hasLoneSurrogate(text)).toBe(false);
      for (const section of paperSections(message)) {
        expect([...(section.text?.text ?? '')].filter((c) => c === '*').length % 2).toBe(0);
      }
    }
  });

  it('escapes the topic in mrkdwn and plain text alike', () => {
    const message = digestMessage(digestInput({ topic: '<!channel> & <@U1>', hits: realisticHits(30) }));
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expectNoInjection(message);
    expect(header(message)).toBe('📚 ‹!channel› & ‹@U1› · Mon, Nov 24');
    expect(message.text).toMatch(/^Paper digest for &lt;!channel&gt; &amp; &lt;@U1&gt;: 30 new papers/);
    expect(allText(message)).toContain('`/paper &lt;!channel&gt; &amp; &lt;@U1&gt;` finds them.');
    expect(plainText('a\n\u0007b <c>', 150)).toBe('a b ‹c›');
    expect(plainText('x'.repeat(300), 10)).toBe('xxxxxxxxx…');
  });

  it('still posts something sensible with no hits', () => {
    const message = digestMessage(digestInput({ hits: [] }));
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(allText(message)).toContain('Nothing new for *sparse attention* today.');
    expect(buttons(message).map((b) => b.action_id)).toEqual([ActionId.unsubscribe]);
    expect(digestShownCount(digestInput({ hits: [] }))).toBe(0);
  });

  it('renders readably as text', () => {
    const out = renderText(digestMessage(digestInput()));
    expect(out).toMatch(/^📚 sparse attention · Mon, Nov 24\n=+\n/);
    for (const paper of realisticPapers(5)) expect(out).toContain(paper.title);
    expect(out).toContain('Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding (https://huggingface.co/papers/2402.05109)');
    expect(out).toContain('[Unsubscribe]');
    expect(out).toContain('Digest for this channel · `/paper list` to see subscriptions');
    expect(out).not.toMatch(/&amp;|&lt;|&gt;|<https?:/);
  });
});

describe('digestPreviewMessage', () => {
  it('previews a subscribed topic: when it goes out, the same papers as the digest, no Unsubscribe', () => {
    const hits = realisticHits(4);
    const message = digestPreviewMessage({ topic: 'sparse attention', hits, nextRunText: 'Tue 09:00 Europe/Berlin' });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const intro = message.blocks[0];
    expect(intro?.type === 'section' && intro.text?.text).toBe('Preview of the next digest for *sparse attention*: goes out Tue 09:00 Europe/Berlin.');
    // No Unsubscribe: the only buttons are each paper's 👍 👎 Save Similar (no subscription given: votes carry none).
    expect(buttons(message).map((b) => b.action_id)).toEqual(hits.flatMap(() => [ActionId.rateUp, ActionId.rateDown, ActionId.save, ActionId.similar]));
    expect(buttons(message).filter((b) => b.action_id === ActionId.rateDown).map((b) => b.value)).toEqual(hits.map((hit) => JSON.stringify({ p: hit.paper.id })));
    expect(buttons(message).filter((b) => b.action_id === ActionId.similar).map((b) => b.value)).toEqual(hits.map((hit) => hit.paper.id));
    // A subscribed topic's preview tags the votes with the subscription, like the digest itself.
    const tagged = digestPreviewMessage({ topic: 'sparse attention', hits, nextRunText: 'Tue 09:00 Europe/Berlin', subscriptionId: 7 });
    expect(buttons(tagged).filter((b) => b.action_id === ActionId.rateUp).map((b) => b.value)).toEqual(hits.map((hit) => JSON.stringify({ p: hit.paper.id, s: 7 })));
    // The very same per-paper rendering as the digest.
    const digest = digestMessage(digestInput({ hits }));
    expect(paperSections(message).map((s) => s.text?.text)).toEqual(paperSections(digest).map((s) => s.text?.text));
    expect(paperSections(message)).toHaveLength(4);
    const footer = message.blocks[message.blocks.length - 1];
    expect(footer?.type === 'context' && footer.elements[0]?.type === 'mrkdwn' && footer.elements[0].text).toBe(
      'Preview only: nothing is recorded, these papers can still appear in the real digest.',
    );
    expect(message.text).toMatch(/^Preview of the next digest for sparse attention: 4 papers — Hydra: /);
  });

  it('tells an unsubscribed channel how to subscribe', () => {
    const message = digestPreviewMessage({ topic: 'sparse attention', hits: realisticHits(2), nextRunText: null });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const intro = message.blocks[0];
    expect(intro?.type === 'section' && intro.text?.text).toBe(
      'Preview of the next digest for *sparse attention*: this channel does not get it yet; `/paper subscribe sparse attention` to get it daily.',
    );
  });

  it('says when there is nothing new', () => {
    const message = digestPreviewMessage({ topic: 'sparse attention', hits: [], nextRunText: 'Tue 09:00 UTC' });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const first = message.blocks[0];
    expect(first?.type === 'section' && first.text?.text).toBe(
      'Nothing new for *sparse attention* right now: every matching paper has already been sent to this channel or rated here.',
    );
    expect(allText(message)).toContain('Next digest goes out Tue 09:00 UTC.');
    expect(paperSections(message)).toEqual([]);
    const unsubscribed = digestPreviewMessage({ topic: 'sparse attention', hits: [], nextRunText: null });
    assertValidMessage(unsubscribed);
    expect(blockKitErrors(unsubscribed)).toEqual([]);
    expect(allText(unsubscribed)).toContain('This channel does not get it yet; `/paper subscribe sparse attention` to get it daily.');
    const paused = digestPreviewMessage({ topic: 'sparse attention', hits: [], nextRunText: null, paused: true });
    assertValidMessage(paused);
    expect(allText(paused)).toContain('Its digest is paused, so nothing goes out until it resumes (`/paper list` says why).');
    expect(allText(paused)).not.toContain('not subscribed');
  });

  it('survives adversarial data and 50 hits', () => {
    for (const nextRunText of [null, `${EVIL} 09:00`]) {
      const message = digestPreviewMessage({ topic: EVIL_TOPIC, hits: adversarialHits(50), nextRunText });
      expect(validateMessage(message.blocks, { surface: 'message', text: message.text })).toEqual([]);
      expect(blockKitErrors(message)).toEqual([]);
      const withoutPapers = message.blocks.filter((b) => !b.block_id?.startsWith('digest_paper'));
      expect(validateMessage(withoutPapers, { surface: 'message', actionIdScope: 'message' })).toEqual([]);
      expectNoInjection(message);
      expect(paperSections(message).length).toBeGreaterThanOrEqual(1);
      expect(allText(message)).toMatch(/…and \d+ more/);
    }
    const realistic = digestPreviewMessage({ topic: 'sparse attention', hits: realisticHits(50), nextRunText: null });
    assertValidMessage(realistic);
    expect(blockKitErrors(realistic)).toEqual([]);
    // Fewer than DIGEST_MAX_PAPERS: each paper's row of four buttons counts against the size budget.
    expect(paperSections(realistic).length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(realistic.blocks).length).toBeLessThanOrEqual(12_000);
    const empty = digestPreviewMessage({ topic: EVIL_TOPIC, hits: [], nextRunText: null });
    assertValidMessage(empty);
    expect(blockKitErrors(empty)).toEqual([]);
    expectNoInjection(empty);
  });

  it('renders readably as text', () => {
    const out = renderText(digestPreviewMessage({ topic: 'sparse attention', hits: realisticHits(3), nextRunText: null }));
    expect(out).toContain('Preview of the next digest for sparse attention: this channel does not get it yet; `/paper subscribe sparse attention` to get it daily.');
    for (const paper of realisticPapers(3)) expect(out).toContain(paper.title);
    expect(out).toContain('Preview only: nothing is recorded');
    expect(out).not.toContain('[Unsubscribe]');
  });
});
