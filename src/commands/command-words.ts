/** The words of a `/paper` command: split on whitespace, quoted runs kept whole and never keywords. Pure. */

/** A word of the command; one written in quotes is never a keyword or an option. */
export interface Word {
  text: string;
  quoted: boolean;
}

const OPEN_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const CLOSE_QUOTES = new Set(['"', '\u201c', '\u201d']);

/** Whitespace-separated words; a word starting with a double quote runs to the closing quote. */
export function tokenize(text: string): Word[] | { unclosedQuote: true } {
  const tokens: Word[] = [];
  const chars = [...text];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (OPEN_QUOTES.has(ch)) {
      let j = i + 1;
      while (j < chars.length && !CLOSE_QUOTES.has(chars[j] ?? '')) j += 1;
      if (j >= chars.length) return { unclosedQuote: true };
      tokens.push({ text: chars.slice(i + 1, j).join(''), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < chars.length && !/\s/.test(chars[j] ?? '')) j += 1;
    tokens.push({ text: chars.slice(i, j).join(''), quoted: false });
    i = j;
  }
  return tokens;
}

export const collapse = (text: string): string => text.trim().replace(/\s+/g, ' ');

/**
 * The words as typed. Quotes around the whole thing only keep it whole (`"things to look at"` → `things to look at`,
 * its words are not options); quotes around some of the words make a phrase, as in a search, and stay
 * (`"linear attention" -vision`). Quotes around one word only keep it from being a keyword (`"at"` → `at`).
 * `phrases: 'all'`: a quoted run of words stays a phrase even when it is the whole thing (`/paper top`, which has no
 * options after its topic).
 */
export function joinTokens(tokens: readonly Word[], { phrases = 'inner' }: { phrases?: 'inner' | 'all' } = {}): string {
  const phrase = (t: Word): boolean => t.quoted && /\s/.test(collapse(t.text)) && (phrases === 'all' || tokens.length > 1);
  const text = collapse(tokens.map((t) => (phrase(t) ? `"${collapse(t.text)}"` : t.text)).join(' '));
  // Single quotes only count around the whole thing, so apostrophes inside ("Bayes' rule") survive.
  const single = /^['\u2018\u2019](.*)['\u2018\u2019]$/s.exec(text);
  return single?.[1] !== undefined ? collapse(single[1]) : text;
}

export const isKeyword = (token: Word | undefined, keyword: string): boolean => token !== undefined && !token.quoted && token.text.toLowerCase() === keyword;
