/**
 * "One line that says what a paper is": the Hugging Face summary leads a paper's item (the matched-terms snippet
 * otherwise) and the code repository is linked with its stars, in search results, digests, previews and shares.
 */
import { describe, expect, it } from 'vitest';
import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { renderText } from '../../src/local/render-text.ts';
import { digestMessage, digestPreviewMessage } from '../../src/views/digest.ts';
import { assertValidMessage } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import { searchResultsMessage, sharedPaperMessage } from '../../src/views/search-results.ts';
import { controls, EVIL, makeHit, makePage, makePaper } from './fixtures.ts';

const SUMMARY = 'Hydra heads make speculative decoding draft heads depend on earlier drafts, raising throughput.';
const REPO = 'https://github.com/zankner/Hydra';
const withExtras = makePaper({ aiSummary: SUMMARY, githubRepo: REPO, githubStars: 1234, projectPage: 'https://hydra.example.org/' });
const plain = makePaper({ id: 'plain', title: 'Medusa: Simple LLM Inference Acceleration' });

const sections = (message: Message, prefix: string): SectionBlock[] =>
  message.blocks.filter((b): b is SectionBlock => b.type === 'section' && (b.block_id ?? '').startsWith(prefix));
const contexts = (message: Message, prefix: string): ContextBlock[] =>
  message.blocks.filter((b): b is ContextBlock => b.type === 'context' && (b.block_id ?? '').startsWith(prefix));
const secondLine = (block: SectionBlock | undefined): string => block?.text?.text.split('\n')[1] ?? '';
const contextText = (block: ContextBlock | undefined): string =>
  (block?.elements ?? []).map((e) => ('text' in e && typeof e.text === 'string' ? e.text : '')).join(' | ');

describe('one line that says what a paper is', () => {
  it('search results: the summary is the first line under the title, the snippet when there is none; code link with stars', () => {
    const message = searchResultsMessage(makePage({ hits: [makeHit(withExtras), makeHit(plain)], query: 'draft heads' }), { pageSize: 5 });
    assertValidMessage(message);
    const [first, second] = sections(message, 'result:');
    expect(secondLine(first)).toBe(SUMMARY);
    expect(secondLine(second)).toContain('*draft heads*');
    const [meta, plainMeta] = contexts(message, 'result_meta:');
    expect(contextText(meta)).toContain(`Code: <${REPO}|zankner/Hydra> \u2605 1,234`);
    expect(contextText(meta)).toContain('<https://hydra.example.org/|Project page>');
    expect(contextText(plainMeta)).not.toContain('Code:');
  });

  it('digests and previews lead with the summary and link the code', () => {
    const digest = digestMessage({ topic: 'decoding', digestDate: '2025-10-03', hits: [makeHit(withExtras), makeHit(plain)], subscriptionId: 1 });
    assertValidMessage(digest);
    expect(secondLine(sections(digest, 'digest_paper:')[0])).toBe(SUMMARY);
    expect(contextText(contexts(digest, 'digest_paper_meta:')[0])).toContain(`<${REPO}|zankner/Hydra> \u2605 1,234`);
    const preview = digestPreviewMessage({ topic: 'decoding', hits: [makeHit(withExtras)], nextRunText: null });
    expect(secondLine(sections(preview, 'digest_paper:')[0])).toBe(SUMMARY);
    const shared = sharedPaperMessage(withExtras, 'U123');
    expect(secondLine(sections(shared, 'shared_paper')[0])).toBe(SUMMARY);
  });

  it('a long summary is cut to one line; a repository without stars shows no star count', () => {
    const long = makePaper({ aiSummary: `${'word '.repeat(200)}end`, githubRepo: 'https://gitlab.com/group/project', githubStars: null });
    const message = searchResultsMessage(makePage({ hits: [makeHit(long)] }), { pageSize: 5 });
    const line = secondLine(sections(message, 'result:')[0]);
    expect(line.length).toBeLessThanOrEqual(300);
    expect(line.endsWith('\u2026')).toBe(true);
    const meta = contextText(contexts(message, 'result_meta:')[0]);
    expect(meta).toContain('Code: <https://gitlab.com/group/project|gitlab.com/group/project>');
    expect(meta).not.toContain('\u2605');
  });

  it('hostile summaries and links are escaped: no mention, no injected link, no broken control', () => {
    const evil = makePaper({
      aiSummary: EVIL,
      githubRepo: 'https://github.com/a/b|<!channel>',
      githubStars: 3,
      projectPage: 'javascript:alert(1)',
    });
    const hits = [makeHit(evil)];
    const messages: Message[] = [
      searchResultsMessage(makePage({ hits }), { pageSize: 5 }),
      digestMessage({ topic: 'x', digestDate: '2025-10-03', hits, subscriptionId: 1 }),
      sharedPaperMessage(evil, 'U1'),
    ];
    for (const message of messages) {
      const texts = message.blocks.flatMap((b: KnownBlock) =>
        b.type === 'section' ? [b.text?.text ?? ''] : b.type === 'context' ? b.elements.map((e) => ('text' in e && typeof e.text === 'string' ? e.text : '')) : [],
      );
      const all = texts.join('\n');
      expect(all).not.toContain('<!channel>');
      expect(all).not.toContain('<@U123>');
      expect(all).not.toContain('javascript:');
      for (const control of controls(all)) expect(control).toMatch(/^<https?:\/\/[^|<>\s]+\|[^<>]*>$|^<@U1>$/);
    }
  });

  it('the local console shows the summary and the code link as text', () => {
    const text = renderText(searchResultsMessage(makePage({ hits: [makeHit(withExtras)] }), { pageSize: 5 }));
    expect(text).toContain(SUMMARY);
    expect(text).toContain(`zankner/Hydra (${REPO}) \u2605 1,234`);
  });
});
