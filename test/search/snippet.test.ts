import { describe, expect, it } from 'vitest';
import { stem } from '../../src/search/query.ts';
import { SNIPPET_CHARS, makeSnippet } from '../../src/search/page/snippet.ts';

const q = (...words: string[]): { stems: Set<string> } => ({ stems: new Set(words.map(stem)) });
const marked = (text: string, highlights: Array<[number, number]>): string[] => highlights.map(([a, b]) => text.slice(a, b));

const filler = (n: number): string =>
  Array.from({ length: n }, (_, i) => ['lorem', 'ipsum', 'dolor', 'sit', 'amet'][i % 5]).join(' ');

describe('makeSnippet', () => {
  it('returns a short text whole, with highlights on stem matches', () => {
    const text = 'Models attend to tokens; attention and attentions differ.';
    const snippet = makeSnippet(text, q('attention'));
    expect(snippet.text).toBe(text);
    expect(snippet.truncatedStart).toBe(false);
    expect(snippet.truncatedEnd).toBe(false);
    expect(marked(snippet.text, snippet.highlights)).toEqual(['attention', 'attentions']);
  });

  it('centres a window of about 220 characters on the densest cluster of distinct query words', () => {
    const text = `${filler(40)} sparse here. ${filler(40)} sparse attention kernels are fast. ${filler(60)}`;
    const snippet = makeSnippet(text, q('sparse', 'attention'));
    expect(snippet.text.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(snippet.text.length).toBeGreaterThan(SNIPPET_CHARS - 20);
    expect(snippet.text).toContain('sparse attention kernels');
    expect(snippet.truncatedStart).toBe(true);
    expect(snippet.truncatedEnd).toBe(true);
    expect(marked(snippet.text, snippet.highlights)).toContain('attention');
    expect(text).toContain(snippet.text);
    // cut at word boundaries
    expect(text[text.indexOf(snippet.text) - 1]).toBe(' ');
  });

  it('highlights are sorted, non-overlapping and inside the text', () => {
    const text = `${filler(30)} Attention, attention: ATTENTION heads attend. ${filler(30)}`;
    const { text: shown, highlights } = makeSnippet(text, q('attention', 'heads'));
    let last = 0;
    for (const [a, b] of highlights) {
      expect(a).toBeGreaterThanOrEqual(last);
      expect(b).toBeGreaterThan(a);
      expect(b).toBeLessThanOrEqual(shown.length);
      last = b;
    }
    expect(marked(shown, highlights).map((w) => w.toLowerCase())).toEqual(['attention', 'attention', 'attention', 'heads']);
  });

  it('falls back to the start of the abstract when nothing in it matches', () => {
    const text = `First sentence of the abstract. ${filler(80)}`;
    const snippet = makeSnippet(text, q('unrelated'));
    expect(snippet.text.startsWith('First sentence')).toBe(true);
    expect(snippet.highlights).toEqual([]);
    expect(snippet.truncatedStart).toBe(false);
    expect(snippet.truncatedEnd).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  it('marks a phrase as one span, stop words included', () => {
    const text = 'We study in-context learning and learning in context.';
    const snippet = makeSnippet(text, {
      stems: new Set([stem('context'), stem('learning')]),
      phrases: [['in', 'context', 'learning'].map(stem)],
    });
    expect(marked(snippet.text, snippet.highlights)).toEqual(['in-context learning', 'learning', 'context']);
  });

  it('ignores surrounding blanks and handles an empty abstract', () => {
    expect(makeSnippet('   spaced out   ', q('spaced')).text).toBe('spaced out');
    expect(makeSnippet('', q('x'))).toEqual({ text: '', highlights: [], truncatedStart: false, truncatedEnd: false });
  });

  it('a match near the end keeps the window inside the text', () => {
    const text = `${filler(100)} final keyword`;
    const snippet = makeSnippet(text, q('keyword'));
    expect(snippet.truncatedEnd).toBe(false);
    expect(snippet.truncatedStart).toBe(true);
    expect(snippet.text.endsWith('final keyword')).toBe(true);
    expect(marked(snippet.text, snippet.highlights)).toEqual(['keyword']);
  });
});
