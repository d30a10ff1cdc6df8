import type { Paper } from '../../src/papers/paper.ts';
import { paperUrl } from '../../src/papers/paper.ts';
import type { SearchHit, SearchPage, Snippet } from '../../src/search/types.ts';

/** Test data built inline: these tests do not depend on the parser or the search implementation. */

export function makePaper(overrides: Partial<Paper> = {}): Paper {
  const title = overrides.title ?? 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding';
  const arxivId = overrides.arxivId === undefined ? '2402.05109' : overrides.arxivId;
  return {
    id: 'hydra-sequentially-dependent-draft-heads-3f9a1c',
    title,
    abstract:
      'To combat the memory bandwidth-bound nature of autoregressive LLM inference, previous research has proposed the speculative decoding framework. We introduce Hydra heads, a drop-in replacement for standard draft heads that significantly increases speculation accuracy.',
    authors: ['Zachary Ankner', 'Rishab Parthasarathy', 'Aniruddha Nrusimha', 'Christopher Rinard'],
    authorCount: 6,
    date: '2024-02-07',
    upvotes: 42,
    arxivId,
    url: paperUrl(title, arxivId),
    ...overrides,
  };
}

/** A snippet with `words` highlighted wherever they occur (case-insensitive, whole text). */
export function snippetFor(text: string, words: string[], cut: Partial<Pick<Snippet, 'truncatedStart' | 'truncatedEnd'>> = {}): Snippet {
  const highlights: Array<[number, number]> = [];
  const lower = text.toLowerCase();
  for (const word of words) {
    let at = lower.indexOf(word.toLowerCase());
    while (at !== -1) {
      highlights.push([at, at + word.length]);
      at = lower.indexOf(word.toLowerCase(), at + word.length);
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  const nonOverlapping = highlights.filter((range, i) => i === 0 || range[0] >= (highlights[i - 1]?.[1] ?? 0));
  return { text, highlights: nonOverlapping, truncatedStart: cut.truncatedStart ?? false, truncatedEnd: cut.truncatedEnd ?? false };
}

export function makeHit(paper: Paper, words: string[] = ['draft', 'heads']): SearchHit {
  return { paper, score: 1, snippet: snippetFor(paper.abstract.slice(0, 240), words, { truncatedEnd: paper.abstract.length > 240 }) };
}

const TITLES = [
  'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding',
  'Medusa: Simple LLM Inference Acceleration Framework with Multiple Decoding Heads',
  'Fast Inference from Transformers via Speculative Decoding',
  'SpecInfer: Accelerating Generative LLM Serving with Tree-based Speculative Inference',
  'EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty',
  'Lookahead Decoding: Break the Sequential Dependency of LLM Inference',
  'Sparse Attention with Linear Units',
];

export function realisticPapers(count: number): Paper[] {
  return Array.from({ length: count }, (_, i) => {
    const title = TITLES[i % TITLES.length] ?? 'Untitled';
    return makePaper({ id: `paper-${i}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40)}`, title, upvotes: 10 + i });
  });
}

export function makePage(overrides: Partial<SearchPage> = {}): SearchPage {
  const hits = overrides.hits ?? realisticPapers(5).map((paper) => makeHit(paper));
  return {
    query: 'speculative decoding',
    correctedQuery: null,
    total: 23,
    offset: 0,
    hits,
    suggestions: [],
    notice: null,
    ...overrides,
  };
}

/** Strings an attacker would put into a title, abstract, author name or query. */
export const EVIL = '<!channel> <@U123> <http://evil.example|click> & <#C123> <!subteam^S1|@team> *bold* _it_ ~s~ `c` | >';

/** Every string Slack would render: the top-level text and each `text` / `alt_text` anywhere in the blocks. */
export function renderedStrings(message: { text: string; blocks: readonly unknown[] }): string[] {
  const out = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'rich_text') {
      // Rich text is not mrkdwn: its text is shown as it is (see richTextLeaves).
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'text' || key === 'alt_text') && typeof child === 'string') out.push(child);
        else walk(child);
      }
    }
  };
  walk(message.blocks);
  return out;
}

/** Every `<…>` control sequence in a mrkdwn string. */
export function controls(text: string): string[] {
  return [...text.matchAll(/<[^>]*>/g)].map((m) => m[0]);
}

export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/**
 * The leaves of a message's rich_text blocks (command-line.ts): Slack shows a `text` leaf as it is, so an untrusted
 * `<!channel>` there is characters; a mention or a link would be its own leaf type (`broadcast`, `user`, `link`).
 */
export function richTextLeaves(message: { blocks: readonly unknown[] }): Array<{ type: string; text?: string; style?: unknown }> {
  const leaves: Array<{ type: string; text?: string; style?: unknown }> = [];
  for (const block of message.blocks) {
    if (typeof block !== 'object' || block === null || (block as { type?: unknown }).type !== 'rich_text') continue;
    for (const container of (block as { elements?: unknown[] }).elements ?? []) {
      leaves.push(...((container as { elements?: Array<{ type: string; text?: string; style?: unknown }> }).elements ?? []));
    }
  }
  return leaves;
}
