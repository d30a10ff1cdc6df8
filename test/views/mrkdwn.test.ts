import { describe, expect, it } from 'vitest';
import {
  cleanText,
  escapeMrkdwn,
  link,
  mrkdwnText,
  safeLinkUrl,
  snippetToMrkdwn,
  truncate,
  unescapeMrkdwn,
} from '../../src/views/mrkdwn.ts';
import type { Snippet } from '../../src/search/types.ts';
import { EVIL, hasLoneSurrogate, snippetFor } from './fixtures.ts';

/** Every `*` in a rendered snippet is one of ours: an even count, each run opening and closing on word edges. */
function expectWellFormedBold(mrkdwn: string): void {
  const stars = [...mrkdwn].filter((c) => c === '*').length;
  expect(stars % 2, `unbalanced bold in ${mrkdwn}`).toBe(0);
  for (const match of mrkdwn.matchAll(/\*([^*]*)\*/g)) {
    const at = match.index;
    const before = mrkdwn.slice(0, at).slice(-1);
    const after = mrkdwn.slice(at + match[0].length).slice(0, 1);
    expect(before, `bold opens mid-word in ${mrkdwn}`).not.toMatch(/[\p{L}\p{N}_]/u);
    expect(after, `bold closes mid-word in ${mrkdwn}`).not.toMatch(/[\p{L}\p{N}_]/u);
    expect(match[1], `bold run with space at an edge in ${mrkdwn}`).toMatch(/^\S(.*\S)?$/u);
  }
}

describe('escapeMrkdwn', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn(`*_~\`"'|`)).toBe(`*_~\`"'|`);
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });

  it('defuses mentions and links', () => {
    const escaped = escapeMrkdwn(EVIL);
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toContain('&lt;!channel&gt;');
  });

  it('round-trips through unescapeMrkdwn exactly once', () => {
    for (const s of [EVIL, '&amp;lt;', 'a&&b<<>>', '']) expect(unescapeMrkdwn(escapeMrkdwn(s))).toBe(s);
    expect(unescapeMrkdwn('&amp;lt;')).toBe('&lt;');
  });
});

describe('cleanText', () => {
  it('drops control characters and bidi overrides, repairs lone surrogates, keeps newlines and emoji', () => {
    expect(cleanText('a\u0000b\u001b[31mc\u202Ed\ne\tf')).toBe('ab[31mcd\ne\tf');
    expect(cleanText('x\uD83Dy')).toBe('x\uFFFDy');
    expect(cleanText('🚀 ok')).toBe('🚀 ok');
  });
});

describe('link', () => {
  it('builds <url|label> with the label escaped', () => {
    expect(link('https://huggingface.co/papers/2402.05109', 'A & B <C>')).toBe(
      '<https://huggingface.co/papers/2402.05109|A &amp; B &lt;C&gt;>',
    );
  });

  it('neutralizes | and > in the label so it cannot end the link or start another', () => {
    const out = link('https://example.com/', 'left|<!channel>|right > x');
    expect(out.startsWith('<https://example.com/|')).toBe(true);
    expect(out.endsWith('>')).toBe(true);
    const label = out.slice('<https://example.com/|'.length, -1);
    expect(label).not.toMatch(/[|<>]/);
    expect(label).toContain('&lt;!channel&gt;');
  });

  it('neutralizes * in the label so a bold title cannot be broken', () => {
    expect(link('https://example.com/', 'A* search')).not.toContain('*');
  });

  it('encodes |, <, > and spaces in the URL and escapes &', () => {
    const url = safeLinkUrl('https://arxiv.org/search/?query=a|b<c>d e&searchtype=title');
    expect(url).toBe('https://arxiv.org/search/?query=a%7Cb%3Cc%3Ed%20e&amp;searchtype=title');
  });

  it('drops the link for non-http(s), unparsable or too-long URLs but keeps the label', () => {
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link('not a url', 'x <y>')).toBe('x &lt;y&gt;');
    expect(link('https://example.com/' + 'a'.repeat(100), 'x', { maxUrl: 50 })).toBe('x');
    expect(link('', '')).toBe('');
  });

  it('caps the label length after escaping', () => {
    const out = link('https://example.com/', '<'.repeat(1000), { maxLabel: 100 });
    const label = out.slice('<https://example.com/|'.length, -1);
    expect(label.length).toBeLessThanOrEqual(100);
    expect(label).toMatch(/^(&lt;)+…$/);
  });
});

describe('truncate', () => {
  it('returns short strings unchanged and cuts long ones with an ellipsis within max', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('hello world', 8).length).toBeLessThanOrEqual(8);
  });

  it('never cuts inside an entity', () => {
    const s = escapeMrkdwn('ab&cd');
    // 'ab&amp;cd': a cut at 4..7 would land inside &amp;
    for (let max = 3; max <= 8; max += 1) {
      const out = truncate(s, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.replace(/…$/, '')).toMatch(/^(ab|ab&amp;|ab&amp;c|a)$/);
    }
  });

  it('never splits a surrogate pair or an emoji cluster', () => {
    const s = 'ab😀cd👩‍👩‍👧‍👦ef';
    for (let max = 1; max <= s.length; max += 1) {
      const out = truncate(s, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(out)).toBe(false);
      expect(out).not.toMatch(/\u200D…$/);
      const kept = out.replace(/…$/, '');
      expect(s.startsWith(kept)).toBe(true);
      expect(['', 'a', 'ab', 'ab😀', 'ab😀c', 'ab😀cd', 'ab😀cd👩‍👩‍👧‍👦', 'ab😀cd👩‍👩‍👧‍👦e', s]).toContain(kept);
    }
  });

  it('holds for random mixes of entities and astral characters', () => {
    const pieces = ['a', ' ', '&', '<', '>', '😀', 'é', '𝒳'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 300; round += 1) {
      const raw = Array.from({ length: 1 + (next() % 40) }, () => pieces[next() % pieces.length]).join('');
      const escaped = escapeMrkdwn(raw);
      const max = 1 + (next() % 30);
      const out = truncate(escaped, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(out)).toBe(false);
      // Unescaping the kept part must give a prefix of the raw text: no half entity survived.
      const kept = out.endsWith('…') && !escaped.startsWith(out) ? out.slice(0, -1) : out;
      expect(kept).not.toMatch(/&(a|am|amp|l|lt|g|gt)?$/);
      expect(raw.startsWith(unescapeMrkdwn(kept))).toBe(true);
    }
  });

  it('prefers a word boundary when asked', () => {
    expect(truncate('the quick brown fox jumps', 18, { wordBoundary: true })).toBe('the quick brown…');
  });

  it('copes with tiny limits', () => {
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
  });
});

describe('mrkdwnText', () => {
  it('collapses whitespace, escapes, neutralizes * and truncates after escaping', () => {
    expect(mrkdwnText('  a\n\n*b*  & c ', 100)).toBe('a ∗b∗ &amp; c');
    expect(mrkdwnText('&'.repeat(100), 20).length).toBeLessThanOrEqual(20);
  });

  it('marks a cut even when only a prefix of a huge text was looked at', () => {
    const long = mrkdwnText('word '.repeat(5000), 100, { wordBoundary: true });
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^(word )+word…$/);
    const airy = mrkdwnText(`a${' '.repeat(10_000)}b`, 10);
    expect(airy.endsWith('…')).toBe(true);
    expect(mrkdwnText(`${'😀'.repeat(3000)}`, 50)).toMatch(/^(😀)+…$/);
  });
});

describe('snippetToMrkdwn', () => {
  it('bolds the highlighted words and escapes everything', () => {
    const snippet = snippetFor('Sparse attention & <dense> attention.', ['attention']);
    expect(snippetToMrkdwn(snippet)).toBe('Sparse *attention* &amp; &lt;dense&gt; *attention*.');
  });

  it('adds ellipses where the text was cut, away from bold markers', () => {
    expect(snippetToMrkdwn(snippetFor('the middle part', [], { truncatedStart: true, truncatedEnd: true }))).toBe('…the middle part…');
    expect(snippetToMrkdwn(snippetFor('attention is all', ['attention', 'all'], { truncatedStart: true, truncatedEnd: true }))).toBe(
      '… *attention* is *all* …',
    );
  });

  it('grows a mid-word highlight to the whole word (Slack ignores * inside words)', () => {
    const snippet: Snippet = { text: 'transformers are neat', highlights: [[0, 11]], truncatedStart: false, truncatedEnd: false };
    expect(snippetToMrkdwn(snippet)).toBe('*transformers* are neat');
    const middle: Snippet = { text: 'pretransformers', highlights: [[3, 6]], truncatedStart: false, truncatedEnd: false };
    expect(snippetToMrkdwn(middle)).toBe('*pretransformers*');
  });

  it('merges adjacent highlights and highlights separated only by spaces', () => {
    const adjacent: Snippet = { text: 'keyvalue cache x', highlights: [[0, 3], [3, 8], [9, 14]], truncatedStart: false, truncatedEnd: false };
    expect(snippetToMrkdwn(adjacent)).toBe('*keyvalue cache* x');
  });

  it('trims whitespace off highlight edges and ignores empty or out-of-range ranges', () => {
    const snippet: Snippet = {
      text: 'a sparse model',
      highlights: [[1, 9], [5, 5], [40, 50], [-3, -1], [Number.NaN, 2]],
      truncatedStart: false,
      truncatedEnd: false,
    };
    expect(snippetToMrkdwn(snippet)).toBe('a *sparse* model');
  });

  it('neutralizes * in the text so it cannot pair with our markers', () => {
    const snippet = snippetFor('a *very* fast method', ['fast']);
    const out = snippetToMrkdwn(snippet);
    expect(out).toBe('a ∗very∗ *fast* method');
    expectWellFormedBold(out);
  });

  it('keeps surrogate pairs whole when a range points into one', () => {
    const snippet: Snippet = { text: 'go 🚀rocket now', highlights: [[4, 9]], truncatedStart: false, truncatedEnd: false };
    const out = snippetToMrkdwn(snippet);
    expect(hasLoneSurrogate(out)).toBe(false);
    expectWellFormedBold(out);
  });

  it('collapses newlines (a bold run cannot span lines)', () => {
    const snippet: Snippet = { text: 'key\nvalue\n\ncache', highlights: [[0, 9]], truncatedStart: false, truncatedEnd: false };
    expect(snippetToMrkdwn(snippet)).toBe('*key value* cache');
  });

  it('fits maxLength without cutting markers or entities', () => {
    const text = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 'attention' : 'a<b&c')).join(' ');
    const out = snippetToMrkdwn(snippetFor(text, ['attention']), { maxLength: 300 });
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…$/);
    expectWellFormedBold(out);
  });

  it('produces well-formed bold for random highlights over awkward text', () => {
    const text = 'Re-thinking *attention*: (sparse) key_value caches, 🚀 fast & <cheap> — naïve “heads”.';
    let seed = 3;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let round = 0; round < 300; round += 1) {
      const highlights: Array<[number, number]> = [];
      let at = next() % 10;
      while (at < text.length) {
        const len = 1 + (next() % 8);
        highlights.push([at, at + len]);
        at += len + (next() % 10);
      }
      const out = snippetToMrkdwn({ text, highlights, truncatedStart: round % 2 === 0, truncatedEnd: round % 3 === 0 });
      expectWellFormedBold(out);
      expect(hasLoneSurrogate(out)).toBe(false);
      expect(out).not.toMatch(/[<>]/);
    }
  });
});
