import { commandWordAlone, withCommandWordNotice } from './command-word-search.ts';
import type { Logger } from '../logger.ts';
import type { SearchState } from '../search/search-state.ts';
import type { PaperSearch, SearchPage } from '../search/types.ts';
import type { SearchTaste } from '../digests/preferences.ts';
import type { AnswerSurface, Message } from '../views/message.ts';
import { helpMessage, PAPER_COMMANDS, type HelpDefaults } from '../views/help.ts';
import { errorMessage } from '../views/error.ts';
import { searchResultsMessage } from '../views/search-results.ts';
import { parseCommand } from './grammar.ts';
import { mentionQueryMessage } from './mention-query.ts';
import { subcommandTypo, subcommandTypoMessage } from './subcommand-typo.ts';
import { namedPapersReply, similarToNamedReply } from './named-paper-reply.ts';
import type { RatingService } from '../digests/rating-service.ts';
import type { RecentShares } from '../digests/recent-shares.ts';
import type { SavedPaperService } from '../digests/saved-paper-service.ts';
import type { SubscriptionService } from '../digests/subscription-service.ts';
import type { UnfurlService } from '../unfurl/unfurl-service.ts';
import type { FollowService } from '../digests/follow-service.ts';
import type { TopPapersService } from '../digests/top-papers.ts';
import type { ConversationKind } from '../digests/channel-access.ts';

/** Who typed the command and where: the same for Slack and the local console. */
export interface CommandContext {
  teamId: string;
  channelId: string;
  userId: string;
  /** A direct message or group DM, when the surface says so (Slack's `channel_name`). */
  conversation?: ConversationKind;
}

export interface CommandReply {
  responseType: 'ephemeral' | 'in_channel';
  message: Message;
}

export interface PaperCommandDeps {
  searchState: SearchState;
  subscriptions: SubscriptionService;
  /** Paper links: the cards they unfold into, and `/paper unfurl on|off`. */
  unfurl: UnfurlService;
  /** Save buttons, `/paper saved [bibtex]` and the saved papers on the App Home tab. */
  saved: SavedPaperService;
  /** `/paper follow|unfollow` (issue 18). */
  follows: FollowService;
  /** `/paper top [week|month] [topic]` (issue 18). */
  top: TopPapersService;
  /** 👍 More like this / 👎 Not for us under any paper, and Undo. */
  ratings: RatingService;
  /** Share: one post per person, paper and channel within a minute (a double click). */
  shares: RecentShares;
  pageSize: number;
  /** DIGEST_DEFAULT_TIME / DIGEST_DEFAULT_TZ, as `/paper help` states them. */
  scheduleDefaults: HelpDefaults;
  /** The surface answering: whether it has the app's Home tab, which answers then point to (Slack yes, the console no). */
  surface: AnswerSurface;
  logger: Logger;
}

const ephemeral = (message: Message): CommandReply => ({ responseType: 'ephemeral', message });

export const WARMING_UP =
  'The paper index is still loading (warming up after a start). Give me a few seconds and try again.';

/**
 * One page of `/paper <query>` in a channel: the query's matches, re-ranked by the channel's taste when it has rated
 * papers (search/rerank/learned-search.ts weighs it by how related it is to the query); without ratings, exactly the
 * search without (and answered from the index's result cache).
 */
export function channelSearchPage(search: PaperSearch, query: string, taste: SearchTaste | null, offset: number, limit: number): SearchPage {
  const learned = taste !== null && taste.rated > 0;
  return search.search(query, { offset, limit, ...(learned ? { preferences: taste.preferences } : {}) });
}

/** Runs a search in the channel and renders one page of results. Also serves the "Show more" button. */
export async function searchReply(deps: PaperCommandDeps, query: string, where: CommandContext, offset = 0): Promise<CommandReply> {
  if (!deps.searchState.current) return ephemeral(errorMessage(WARMING_UP));
  const taste = where.teamId === '' || where.channelId === '' ? null : await deps.ratings.searchTaste(where.teamId, where.channelId);
  // The index may have been swapped while the ratings were read: search the current one.
  const search = deps.searchState.current;
  if (!search) return ephemeral(errorMessage(WARMING_UP));
  const searched = channelSearchPage(search, query, taste, offset, deps.pageSize);
  const alone = commandWordAlone(query);
  const page = alone === null ? searched : withCommandWordNotice(searched, alone);
  const learnedFrom = taste !== null && taste.rated > 0 && page.hits.some((hit) => hit.learned !== undefined) ? taste.votes : 0;
  return ephemeral(searchResultsMessage(page, { pageSize: deps.pageSize, learnedFrom }));
}

/** Whether the word alone finds papers as written (not only once corrected to another word). */
function papersHaveWord(search: PaperSearch, word: string): boolean {
  const page = search.search(word, { limit: 1 });
  return page.total > 0 && page.correctedQuery === null && page.notice === null;
}

/** `/paper <text>`: parse, run, render. Surface-independent; the Slack listener and the console call it. */
export async function runPaperCommand(
  text: string,
  context: CommandContext,
  deps: PaperCommandDeps,
): Promise<CommandReply> {
  const command = parseCommand(text);
  switch (command.kind) {
    case 'help':
      return ephemeral(helpMessage(PAPER_COMMANDS, deps.scheduleDefaults, deps.surface));
    case 'search': {
      // A slip of a subcommand first: `/paper subscirbe <!here> attention` meant a subscribe, not a search.
      const typo = subcommandTypo(command.query);
      if (typo !== null && deps.searchState.current && !papersHaveWord(deps.searchState.current, typo.typed)) {
        return ephemeral(errorMessage(subcommandTypoMessage(typo)));
      }
      const mention = mentionQueryMessage(command.query);
      if (mention !== null) return ephemeral(errorMessage(mention));
      return searchReply(deps, command.query, context);
    }
    case 'papers':
      return ephemeral(await namedPapersReply(deps, command.ids));
    case 'similar':
      return ephemeral(await similarToNamedReply(deps, command.id));
    case 'invalid':
      return ephemeral(errorMessage(command.message));
    case 'subscribe':
      return ephemeral(await deps.subscriptions.subscribe(context, command));
    case 'unsubscribe':
      return ephemeral(await deps.subscriptions.unsubscribe(context, command.target));
    case 'pause':
      return ephemeral(await deps.subscriptions.pause(context, command));
    case 'resume':
      return ephemeral(await deps.subscriptions.resume(context, command));
    case 'reset':
      return ephemeral(await deps.subscriptions.reset(context, command.target));
    case 'resetRatings':
      return ephemeral(await deps.subscriptions.resetRatings(context));
    case 'list':
      return ephemeral(await deps.subscriptions.list(context));
    case 'digest':
      return ephemeral(await deps.subscriptions.preview(context, command.topic, command.scheduleProblem, command.typed));
    case 'top':
      return ephemeral(await deps.top.reply(command.period, command.topic));
    case 'unfurl':
      return ephemeral(await deps.unfurl.setting(context, context.userId, command.enabled));
    case 'follow':
      return ephemeral(await deps.follows.follow(context, command.target));
    case 'unfollow':
      return ephemeral(await deps.follows.unfollow(context, command.target));
    case 'saved':
      return ephemeral(
        command.format === 'bibtex'
          ? await deps.saved.bibtex(context.teamId, context.userId, command.page)
          : await deps.saved.list(context.teamId, context.userId, command.page, deps.surface),
      );
  }
}
