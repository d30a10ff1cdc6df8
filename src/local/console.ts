import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runPaperCommand, searchReply, type CommandContext, type PaperCommandDeps } from '../commands/paper-command.ts';
import { parseCommand } from '../commands/grammar.ts';
import { arxivIdFromUrl } from '../papers/paper-links.ts';
import { ActionId } from '../views/action-ids.ts';
import type { Message } from '../views/message.ts';
import { renderText } from './render-text.ts';

export interface LocalConsoleOptions {
  input: Readable;
  output: Writable;
  deps: PaperCommandDeps;
  /** Show a prompt and banner (a person at a terminal) or stay quiet (a script on stdin). */
  interactive: boolean;
  context?: CommandContext;
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
  not_found: 'no paper found for it',
};

/** A pasted paper link unfolds as in Slack: each card as text, and why a link stayed as it is. */
async function unfoldLinks(urls: readonly string[], context: CommandContext, deps: PaperCommandDeps): Promise<{ text: string; ids: string[] }> {
  const { cards, skipped } = await deps.unfurl.cardsFor(context, urls);
  const ids = cards.flatMap((card) => savablePaperIds(card.message));
  const lines = cards.map((card) => renderText(card.message));
  for (const { url, reason } of skipped) {
    const why = NOT_UNFOLDED[reason];
    if (why) lines.push(`(${url} is not unfolded: ${why})`);
  }
  return { text: lines.join('\n\n'), ids };
}

/** The paper ids of a reply's Save buttons, in the order shown: what `save N` picks from. */
export function savablePaperIds(message: Message): string[] {
  const ids: string[] = [];
  for (const block of message.blocks) {
    const elements = block.type === 'actions' ? block.elements : block.type === 'section' && block.accessory ? [block.accessory] : [];
    for (const element of elements) {
      if (element.type === 'button' && element.action_id === ActionId.save && element.value) ids.push(element.value);
    }
  }
  return ids;
}

const SAVE_HINT = '(`save N` saves the Nth paper above; `saved` lists your saved papers, `saved bibtex` gives their BibTeX.)';

/**
 * The local stand-in for a Slack channel: each line is a `/paper` command, each reply is rendered as text.
 * `more` pages through the last search, like the "Show more" button; `save N` presses Save on the Nth paper of the
 * last reply; a pasted paper link unfolds into its card.
 * Ends at `exit` or end of input.
 */
export async function runLocalConsole(options: LocalConsoleOptions): Promise<void> {
  const { input, output, deps, interactive } = options;
  const context = options.context ?? LOCAL_CONTEXT;
  const print = (text: string): void => {
    output.write(`${text}\n`);
  };
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  let lastSearch: { query: string; offset: number } | null = null;
  let savable: string[] = [];
  const show = (message: Message): void => {
    print(renderText(message));
    const ids = savablePaperIds(message);
    if (ids.length > 0) {
      savable = ids;
      print(SAVE_HINT);
    }
  };

  if (interactive) {
    const papers = deps.searchState.current?.size ?? 0;
    print(`paper-digest local console: ${papers} papers indexed.`);
    print('Type `/paper sparse attention` (or just the words), `/paper help`, `more` for the next page, `save 2` to save a paper, `saved` / `saved bibtex`, paste a paper link to unfold it, `exit` to quit.\n');
    output.write('> ');
  }

  for await (const line of lines) {
    const text = commandText(line);
    if (/^(exit|quit)$/i.test(text)) break;
    if (line.trim()) {
      const save = /^save\s+(\d{1,4})$/i.exec(text);
      if (save) {
        const id = savable[Number(save[1]) - 1];
        if (id === undefined) print(savable.length > 0 ? `Pick a paper from 1 to ${savable.length}.` : 'Nothing to save yet: search first, e.g. `/paper sparse attention`.');
        else print(renderText(await deps.saved.save(context.teamId, context.userId, id)));
      } else if (/^more$/i.test(text) && lastSearch) {
        lastSearch = { query: lastSearch.query, offset: lastSearch.offset + deps.pageSize };
        show(searchReply(deps, lastSearch.query, lastSearch.offset).message);
      } else if (/^more$/i.test(text)) {
        print('Nothing to page through yet: search first, e.g. `/paper sparse attention`.');
      } else if (text === line.trim() && pastedPaperLinks(text).length > 0) {
        const unfolded = await unfoldLinks(pastedPaperLinks(text), context, deps);
        print(unfolded.text);
        if (unfolded.ids.length > 0) {
          savable = unfolded.ids;
          print(SAVE_HINT);
        }
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
  lines.close();
}
