/**
 * The first words of `/paper …` that run a subcommand rather than search (src/commands/subcommand-word.ts parses with
 * them), so that a command an answer suggests reads a topic back as the topic: a digest on "top quark" is searched
 * with `/paper "top" quark`, since `/paper top quark` is the week's top list. Pure.
 */

export const SUBCOMMAND_WORDS: ReadonlySet<string> = new Set(['help', 'list', 'saved', 'unfurl', 'follow', 'unfollow', 'top', 'subscribe', 'unsubscribe', 'pause', 'resume', 'reset', 'digest']);

/** The word as a subcommand name: lower-cased, punctuation typed after it dropped (`subscribe:`, `help?`). */
export const bareWord = (word: string): string => word.toLowerCase().replace(/[:,.;!?]+$/, '');

/** Whether `/paper <word> …` runs a subcommand rather than searching the word. */
export const startsSubcommand = (word: string): boolean => SUBCOMMAND_WORDS.has(bareWord(word));

/** Whether `/paper subscribe <word> …` reads the word as an option (a top list, example papers) rather than the topic. */
export const startsSubscribeOption = (word: string): boolean => /^(?:top|like)$/i.test(word);

/** A topic already in a code span's form: its first word quoted when `reserved` says it would not be read as a topic word. */
export function quoteFirstWord(code: string, reserved: (word: string) => boolean): string {
  const [first = '', ...rest] = code.split(' ');
  if (first === '' || code.includes('"') || !reserved(first)) return code;
  return [`"${first}"`, ...rest].join(' ');
}
