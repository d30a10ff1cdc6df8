/**
 * Author names compared the way people write them (issue 18): "Tri Dao", "tri  dao", "Dao, Tri" and "TRI DAO" are
 * one person; "Christopher D. Manning" is "Christopher Manning"; "José" is "Jose".
 *
 * The rule is precise rather than generous, because a follow or an `author:` filter that matches a stranger is
 * worse than one that misses a spelling:
 * - the key is the first given name and the last name, normalized; middle names and initials are ignored
 *   ("Christopher D. Manning" = "Christopher Manning" = "Christopher David Manning");
 * - an initial is not a name: "J. Smith" matches "J Smith" and "J.Smith" but NOT "John Smith" (nor "Jane Smith");
 * - "Last, First" (exactly one comma) is read as "First Last"; a trailing "Jr.", "Sr.", "II", "III", "IV" is dropped
 *   when the name has at least two other words (so a real surname like "Ii" survives);
 * - a hyphenated name stays one word ("Jean-Pierre Dupont" is not "Jean Dupont"), dash variants are one hyphen;
 *   apostrophes vanish ("O'Brien" = "OBrien" = "O’Brien"); any other punctuation separates words;
 * - scripts without case or spaces (CJK) are kept as written: "张三" has the key "张三";
 * - a name with nothing usable (empty, only punctuation) has the key '' and matches nobody, not even itself.
 */

/** Letters that Unicode does not decompose into a base letter plus a mark. */
const LETTER_FOLDS: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ı: 'i',
};

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** An author name's words: lower-case, accents folded, punctuation gone, in "First … Last" order. */
export function authorNameWords(name: string): string[] {
  const parts = foldText(name)
    .split(',')
    .map((part) => splitWords(part))
    .filter((words) => words.length > 0);
  // "Smith, John, Jr." → drop a comma part that is only a suffix before deciding on the comma form.
  const named = parts.length > 2 ? parts.filter((words) => !(words.length === 1 && SUFFIXES.has(words[0] ?? ''))) : parts;
  const ordered = named.length === 2 ? [...(named[1] ?? []), ...(named[0] ?? [])] : named.flat();
  const last = ordered[ordered.length - 1];
  if (ordered.length >= 3 && last !== undefined && SUFFIXES.has(last)) ordered.pop();
  return ordered;
}

/** The canonical key of a name: `first last`, the word alone for a one-word name, '' when nothing is usable. */
export function authorKey(name: string): string {
  return keyOfWords(authorNameWords(name));
}

function keyOfWords(words: readonly string[]): string {
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return '';
  return words.length === 1 ? first : `${first} ${last}`;
}

/** Whether two written names are one author by the rules above. */
export function sameAuthor(a: string, b: string): boolean {
  const key = authorKey(a);
  return key !== '' && key === authorKey(b);
}

/**
 * Whether what a user typed after `author:` names this author. One word is a last name (`author:Dao`, also one
 * part of a hyphenated last name: `author:Lopez` finds "Maria Garcia-Lopez"); more words are a full name, compared
 * with `sameAuthor`. Nothing usable matches nobody.
 */
export function authorMatches(typed: string, authorName: string): boolean {
  return authorWordsMatch(authorNameWords(typed), authorNameWords(authorName));
}

/** `authorMatches` on words already made by `authorNameWords` (a search makes each paper's once). */
export function authorWordsMatch(typedWords: readonly string[], nameWords: readonly string[]): boolean {
  if (typedWords.length === 0 || nameWords.length === 0) return false;
  if (typedWords.length > 1) return keyOfWords(typedWords) === keyOfWords(nameWords);
  const word = typedWords[0] ?? '';
  const last = nameWords[nameWords.length - 1] ?? '';
  return last === word || (last.includes('-') && last.split('-').includes(word));
}

/**
 * Names as one text in which every word of every name (`authorNameWords`) and every part of a hyphenated one stands
 * alone between spaces: `" tri dao albert gu "`. A name matches a typed one only if this text holds
 * `authorNeedle(typed)`: a cheap test (`includes`) before any name is split into words.
 */
export function authorWordsText(names: readonly string[]): string {
  // Folding works character by character, so the names are folded at once, joined.
  const joined = names.join('\n');
  let text = NOT_PLAIN_ASCII.test(joined) ? foldText(joined) : joined.toLowerCase();
  if (APOSTROPHE.test(text)) text = text.replace(APOSTROPHES, '');
  return ` ${text.replace(NOT_WORD, ' ')} `;
}

/** What `authorWordsText` of a matching author holds: the typed last name (its last part when hyphenated), spaced. */
export function authorNeedle(typedWords: readonly string[]): string {
  const last = typedWords[typedWords.length - 1] ?? '';
  return ` ${last.split('-').pop() ?? ''} `;
}

const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;
const APOSTROPHE = /['’ʼ`]/;
const APOSTROPHES = /['’ʼ`]/g;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłđðþæœßı]/g, (letter) => LETTER_FOLDS[letter] ?? letter);
}

function splitWords(text: string): string[] {
  return text
    .replace(/['’ʼ`]/g, '')
    .replace(/\p{Pd}/gu, '-')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .split(' ')
    .map((word) => word.replace(/^-+|-+$/g, '').replace(/-{2,}/g, '-'))
    .filter((word) => word !== '');
}

/**
 * A Hugging Face username (issue 18: a claimed authorship names the account that claimed it): letters, digits, `-`,
 * `_`, `.`, starting with a letter or digit, at most 96 characters. Anything else is not trusted as an account.
 */
export const HF_USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
