import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runPaperCommand, searchReply, type CommandContext, type PaperCommandDeps } from '../commands/paper-command.ts';
import { parseCommand } from '../commands/grammar.ts';
import { similarReply } from '../commands/similar-reply.ts';
import { alreadySharedMessage, sharedPaperMessage } from '../views/shared-paper.ts';
import { arxivIdFromUrl } from '../papers/paper-links.ts';
import { ConsoleListing, NOTHING_LISTED } from './console-listing.ts';
import { ActionId } from '../views/action-ids.ts';
import { NOTHING_TO_UNDO_HINT, RATED_HINT, UNDONE_HINT } from '../views/rating-buttons.ts';
import type { Message } from '../views/message.ts';
import { renderText } from './render-text.ts';

export interface LocalConsoleOptions {
  input: Readable;
  output: Writable;
  deps: PaperCommandDeps;
  /** Show a prompt and banner (a person at a terminal) or stay quiet (a script on stdin). */
  interactive: boolean;
  context?: CommandContext;
  /** The last listing shown; pass the one the `ConsolePoster` updates so `👍 N` works on a printed digest too. */
  listing?: ConsoleListing;
}

const LOCAL_CONTEXT: CommandContext = { teamId: 'T_LOCAL', channelId: 'C_LOCAL', userId: 'U_LOCAL' };

/** Strips an optional leading `/paper`, so both `/paper sparse attention` and `sparse attention` work. */
export function commandText(line: string): string {
  return line.replace(/^\s*\/paper(?=\s|$)/i, '').trim();
}

/** The paper links in a pasted line (what Slack would send as link_shared), in order. */
export function pastedPaperLinks(line: string): string[] {
  return line.split(/\s+/).filter((word) => word !== '' && arxivIdFromUrl(word) !== null);
}

const NOT_UNFOLDED: Record<string, string> = {
  turned_off: 'paper links are turned off in this channel (`/paper unfurl on`)',
  recently_unfurled: 'already unfolded here in the last 30 minutes',
  repeated_in_message: 'the same paper is already unfolded above',
  over_limit: 'a message unfolds at most 3 papers',
  lookup_limit: 'a message looks up at most 3 papers the corpus does not have',
  not_found: 'no paper found for it',
  lookup_failed: 'looking it up at Hugging Face and arXiv failed; try again in a minute',
};

/** A pasted paper link unfolds as in Slack: each card as text, and why a link stayed as it is. */
async function unfoldLinks(urls: readonly string[], context: CommandContext, deps: PaperCommandDeps): Promise<{ text: string; listed: Message }> {
  const { cards, skipped } = await deps.unfurl.cardsFor(context, urls);
  // All cards' buttons as one listing: `save 2` / `👍 2` pick the second card.
  const listed: Message = { text: '', blocks: cards.flatMap((card) => card.message.blocks) };
  const lines = cards.map((card) => renderText(card.message));
  for (const { url, reason } of skipped) {
    const why = NOT_UNFOLDED[reason];
    if (why) lines.push(`(${url} is not unfolded: ${why})`);
  }
  return { text: lines.join('\n\n'), listed };
}

const UP = /^(?:\u{1F44D}|\+1|up)\s+(\d{1,4})$/iu;
const DOWN = /^(?:\u{1F44E}|-1|down)\s+(\d{1,4})$/iu;
const UNDO = /^undo\s+(\d{1,4})$/i;
/** A button's word without the number of the paper (`save`, `👍`): which paper is meant is missing. */
const BARE_PICK = /^(save|share|similar|undo|up|down|\+1|-1|\u{1F44D}|\u{1F44E})$/iu;

/** `save` alone (or `share`, `similar`, `👍`…): it takes the number of a paper in the last listing. */
function barePick(text: string, listing: ConsoleListing): string | null {
  const word = BARE_PICK.exec(text)?.[1];
  if (word === undefined) return null;
  const count = Math.max(listing.savable.length, listing.ratable.length, listing.similar.length, listing.shareable.length);
  if (count === 0) return NOTHING_LISTED;
  return `Which paper? \`${word} N\` takes its number in the list above, e.g. \`${word} 1\` (1 to ${count}).`;
}

/** `👍 3`, `down 3`, `undo 3`…: the vote (or undo) on the Nth paper of the last listing, as its button would. */
async function rateCommand(text: string, listing: ConsoleListing, context: CommandContext, deps: PaperCommandDeps): Promise<string | null> {
  const up = UP.exec(text);
  const down = up ? null : DOWN.exec(text);
  const undo = up || down ? null : UNDO.exec(text);
  const match = up ?? down ?? undo;
  if (!match) return null;
  const ref = listing.ratable[Number(match[1]) - 1];
  if (ref === undefined) return listing.ratable.length > 0 ? `Pick a paper from 1 to ${listing.ratable.length}.` : NOTHING_LISTED;
  const where = { teamId: context.teamId, channelId: context.channelId, userId: context.userId };
  const n = match[1] ?? '';
  // The answer's buttons cannot be pressed here, and the console is one person's: its hint says what to type instead.
  if (undo) {
    const undone = renderText(await deps.ratings.undo(where, ref)).trimEnd();
    return undone.replace(UNDONE_HINT, `\`👍 ${n}\` or \`👎 ${n}\` votes again.`).replace(`\n${NOTHING_TO_UNDO_HINT}`, '');
  }
  const message = await deps.ratings.rate(where, up ? 1 : -1, ref);
  const canUndo = JSON.stringify(message.blocks).includes(`"${ActionId.rateUndo}"`);
  const other = up ? `\`👎 ${n}\`` : `\`👍 ${n}\``;
  const hint = `One vote per person and paper here: ${other} changes it${canUndo ? `, \`undo ${n}\` takes it back` : ''}.`;
  return renderText(message, { buttons: false }).trimEnd().replace(RATED_HINT, hint);
}

/**
 * `similar N` / `share N`: Similar or Share on the Nth paper of the last listing, as its button would (the share is
 * printed as the channel would see it, once within a minute). null for any other line.
 */
async function similarOrShare(text: string, listing: ConsoleListing, context: CommandContext, deps: PaperCommandDeps): Promise<Message | string | null> {
  const match = /^(similar|share)\s+(\d{1,4})$/i.exec(text);
  if (!match) return null;
  const similar = match[1]?.toLowerCase() === 'similar';
  const ids = similar ? listing.similar : listing.shareable;
  const id = ids[Number(match[2]) - 1];
  if (id === undefined) return ids.length > 0 ? `Pick a paper from 1 to ${ids.length}.` : listing.missing(similar ? 'similar' : 'share');
  if (similar) return similarReply(deps.searchState, id);
  const paper = await deps.searchState.find(id);
  if (!paper) return "I couldn't find that paper any more. Search again and share from the new results.";
  if (!(await deps.shares.claim(context.teamId, context.channelId, context.userId, paper.id))) return alreadySharedMessage(paper);
  return `(posted to the channel:)\n${renderText(sharedPaperMessage(paper, context.userId), { buttons: false })}`;
}

/**
 * The local stand-in for a Slack channel: each line is a `/paper` command, each reply is rendered as text.
 * `more` pages through the last search, like the "Show more" button; `save N` presses Save on the Nth paper of the
 * last listing, `similar N` / `share N` its Similar / Share, `👍 N` / `👎 N` / `undo N` its rating buttons; a pasted paper link unfolds into its card.
 * Ends at `exit` (`quit`, `/quit`) or end of input.
 */
export async function runLocalConsole(options: LocalConsoleOptions): Promise<void> {
  const { input, output, deps, interactive } = options;
  const context = options.context ?? LOCAL_CONTEXT;
  const print = (text: string): void => {
    output.write(`${text}\n`);
  };
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  let lastSearch: { query: string; offset: number } | null = null;
  const listing = options.listing ?? new ConsoleListing();
  const show = (message: Message): void => {
    print(renderText(message));
    if (listing.show(message)) print(listing.hint());
  };

  if (interactive) {
    const papers = deps.searchState.current?.size ?? 0;
    print(`paper-digest local console: ${papers} papers indexed.`);
    print('Type `/paper sparse attention` (or just the words), `/paper help`, `more` for the next page, `save 2` to save a paper, `similar 2` for papers like it, `share 2` to post it, `👍 2` / `👎 2` to rate one for this channel, `saved` / `saved bibtex`, paste a paper link to unfold it, `exit` to quit.\n');
    output.write('> ');
  }

  let exited = false;
  for await (const line of lines) {
    const text = commandText(line);
    // `/quit`, as a chat client's command would be typed.
    if (/^\/?(exit|quit)$/i.test(text)) {
      exited = true;
      break;
    }
    if (line.trim()) {
      // `/help`, `/digest`: another slash command (the console answers /paper only), not words to search.
      const otherSlash = /^\/([a-z][\w-]*)(?=\s|$)/i.exec(text)?.[1];
      if (otherSlash !== undefined) {
        // `/paperlist` lost its space; `/digest sparse attention` is `/paper digest sparse attention`.
        const meant = `/paper ${text.slice(1).replace(/^paper(?=\S)/i, '')}`;
        const help = /^help$/i.test(otherSlash) ? '' : ' `/paper help` lists the commands.';
        print(`This console answers /paper commands only: did you mean \`${meant}\`?${help}\n`);
        if (interactive) output.write('> ');
        continue;
      }
      const bare = barePick(text, listing);
      if (bare !== null) {
        print(`${bare}\n`);
        if (interactive) output.write('> ');
        continue;
      }
      const save = /^save\s+(\d{1,4})$/i.exec(text);
      const pressed = save ? null : await similarOrShare(text, listing, context, deps);
      const rated = save || pressed ? null : await rateCommand(text, listing, context, deps);
      if (typeof pressed === 'string') print(pressed);
      else if (pressed) show(pressed);
      else if (save) {
        const id = listing.savable[Number(save[1]) - 1];
        if (id === undefined) print(listing.savable.length > 0 ? `Pick a paper from 1 to ${listing.savable.length}.` : 'Nothing to save yet: search first, e.g. `/paper sparse attention`.');
        else print(renderText(await deps.saved.save(context.teamId, context.userId, id, deps.surface)));
      } else if (rated !== null) {
        print(rated);
      } else if (/^more$/i.test(text) && lastSearch) {
        lastSearch = { query: lastSearch.query, offset: lastSearch.offset + deps.pageSize };
        show((await searchReply(deps, lastSearch.query, context, lastSearch.offset)).message);
      } else if (/^more$/i.test(text)) {
        print('Nothing to page through yet: search first, e.g. `/paper sparse attention`.');
      } else if (text === line.trim() && pastedPaperLinks(text).length > 0) {
        const unfolded = await unfoldLinks(pastedPaperLinks(text), context, deps);
        print(unfolded.text);
        if (listing.show(unfolded.listed)) print(listing.hint());
      } else {
        const reply = await runPaperCommand(text, context, deps);
        const parsed = parseCommand(text);
        lastSearch = parsed.kind === 'search' ? { query: parsed.query, offset: 0 } : lastSearch;
        show(reply.message);
      }
      print('');
    }
    if (interactive) output.write('> ');
  }
  // Ctrl-D echoes no newline (a typed `exit` does): end the prompt's line so the shell's starts on its own.
  if (interactive && !exited) output.write('\n');
  lines.close();
}
