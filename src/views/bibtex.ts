import { cleanText, collapseWhitespace, escapeMrkdwn } from './mrkdwn.ts';

/**
 * BibTeX for saved papers: one `@article` per paper, and the entries cut into Slack-sized code blocks. Pure.
 *
 * Inside a Slack code block mrkdwn formatting is off but `<…>` still makes mentions and links, so every entry is
 * entity-escaped (`&` `<` `>`; Slack shows them as the characters, and a copy gives the characters back). A
 * backtick could close the code block, so it becomes an apostrophe; braces are kept balanced so a field cannot end
 * early.
 */

export interface BibtexPaper {
  arxivId: string | null;
  title: string;
  authors: readonly string[];
  /** 'YYYY-MM-DD' or null. */
  date: string | null;
  url: string;
}

/** Longest code block (fences included): Slack's section text limit is 3,000. */
export const BIBTEX_BLOCK_MAX = 2900;
const TITLE_MAX = 500;
const AUTHORS_MAX = 40;

/** A field value safe between `{…}`: one line, no unbalanced braces, no backticks, LaTeX specials escaped. */
export function bibtexValue(raw: string): string {
  const text = collapseWhitespace(cleanText(raw)).replace(/`/g, "'").replace(/(?<!\\)([&%#])/g, '\\$1');
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '{') depth += 1;
    else if (ch === '}') {
      if (depth === 0) continue;
      depth -= 1;
    }
    out += ch;
  }
  // Close what was opened (drop the unmatched opening braces, from the right).
  while (depth > 0) {
    const at = out.lastIndexOf('{');
    out = out.slice(0, at) + out.slice(at + 1);
    depth -= 1;
  }
  // A trailing lone backslash would escape the field's closing brace.
  return /(?<!\\)(?:\\\\)*\\$/.test(out) ? out.slice(0, -1) : out;
}

/**
 * A URL as the `url` field takes it: verbatim. biblatex reads `url` as a verbatim field and BibTeX styles wrap it in
 * `\url{…}`, so `%`, `&` and `#` stay as they are (escaped, `\%20` would be part of the link); what could end the
 * field or the line early (braces, a backslash, a backtick, whitespace) is percent-encoded, as in any URL.
 */
export function bibtexUrl(raw: string): string {
  const encode: Record<string, string> = { '{': '%7B', '}': '%7D', '\\': '%5C', '`': '%60' };
  return cleanText(raw)
    .trim()
    .replace(/\s+/g, '%20')
    .replace(/[{}\\`]/g, (ch) => encode[ch] ?? ch);
}

function asciiWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

/** `lastname` + year + first title word, e.g. `vaswani2017attention`; the arXiv id when there is no author. */
export function bibtexKey(paper: BibtexPaper): string {
  const first = paper.authors.map((a) => collapseWhitespace(cleanText(a))).find((a) => a !== '');
  const last = first ? asciiWord(first.split(' ').at(-1) ?? '') : '';
  const year = paper.date?.slice(0, 4) ?? '';
  const skip = new Set(['a', 'an', 'the', 'on', 'of', 'towards', 'toward']);
  const word = collapseWhitespace(cleanText(paper.title))
    .split(' ')
    .map(asciiWord)
    .find((w) => w !== '' && !skip.has(w)) ?? '';
  const key = `${last}${/^\d{4}$/.test(year) ? year : ''}${word}`;
  if (key !== '' && last !== '') return key;
  if (paper.arxivId) return `arxiv${paper.arxivId.replace(/[^0-9A-Za-z]/g, '')}`;
  return key || 'paper';
}

/** One `@article{…}` entry (plain text, not yet escaped for Slack). */
export function bibtexEntry(paper: BibtexPaper, key: string = bibtexKey(paper)): string {
  // Cut before escaping and balancing: a cut after them could split `\&` (leaving `\}`) or a `{…}` group.
  const title = bibtexValue([...paper.title].slice(0, TITLE_MAX).join('')) || 'Untitled paper';
  const names = paper.authors.map(bibtexValue).filter((a) => a !== '');
  const authors = names.length > AUTHORS_MAX ? [...names.slice(0, AUTHORS_MAX), 'others'] : names;
  const fields: Array<[string, string]> = [['title', `{${title}}`]];
  if (authors.length > 0) fields.push(['author', `{${authors.join(' and ')}}`]);
  const year = paper.date?.slice(0, 4);
  if (year && /^\d{4}$/.test(year)) fields.push(['year', `{${year}}`]);
  if (paper.arxivId) fields.push(['eprint', `{${bibtexValue(paper.arxivId)}}`], ['archivePrefix', '{arXiv}']);
  const url = bibtexUrl(paper.url);
  if (url) fields.push(['url', `{${url}}`]);
  return `@article{${key},\n${fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n}`;
}

/** Entries for a list of papers, keys made unique (`…a`, `…b` on collisions), in the list's order. */
export function bibtexEntries(papers: readonly BibtexPaper[]): string[] {
  const seen = new Map<string, number>();
  return papers.map((paper) => {
    const base = bibtexKey(paper);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return bibtexEntry(paper, count === 0 ? base : `${base}${String.fromCharCode(96 + Math.min(count, 26))}${count > 26 ? count : ''}`);
  });
}

/**
 * The entries as Slack code blocks (```…```), escaped, each at most `max` characters, never splitting an entry.
 * An entry too long on its own (thousands of characters of title) is cut and says so.
 */
export function bibtexCodeBlocks(entries: readonly string[], max = BIBTEX_BLOCK_MAX): string[] {
  const fence = '```';
  const room = max - 2 * fence.length - 2;
  const blocks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const raw of entries) {
    let entry = escapeMrkdwn(raw);
    if (entry.length > room) entry = `${entry.slice(0, room - 20).replace(/&[a-z]*$/, '')}\n% (entry cut)`;
    const cost = entry.length + (current.length > 0 ? 2 : 0);
    if (current.length > 0 && size + cost > room) {
      blocks.push(current.join('\n\n'));
      current = [];
      size = 0;
    }
    size += current.length > 0 ? entry.length + 2 : entry.length;
    current.push(entry);
  }
  if (current.length > 0) blocks.push(current.join('\n\n'));
  return blocks.map((body) => `${fence}\n${body}\n${fence}`);
}
