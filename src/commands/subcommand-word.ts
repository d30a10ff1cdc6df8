/** The first word of `/paper …` as a subcommand name. Pure. */

import { SUBCOMMAND_WORDS as SUBCOMMANDS } from '../views/subcommand-words.ts';

/**
 * The word, lower-cased; punctuation typed after a subcommand is dropped (`subscribe:`, `Subscribe,`, `help?`,
 * `list.`), so "subscribe: sparse attention" subscribes instead of searching for the words. Any other word is
 * returned lower-cased as it is (a search).
 */
export function subcommandWord(word: string): string {
  const lower = word.toLowerCase();
  const bare = lower.replace(/[:,.;!?]+$/, '');
  return bare !== lower && SUBCOMMANDS.has(bare) ? bare : lower;
}

/** Whether `/paper <word> …` would run a subcommand rather than search. */
export const isSubcommand = (word: string): boolean => SUBCOMMANDS.has(subcommandWord(word));
