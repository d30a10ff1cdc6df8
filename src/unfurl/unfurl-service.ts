/**
 * Paper links pasted in a channel → the cards to unfold them into (chat.unfurl). Surface-independent: the Slack
 * link_shared listener and the local console both call it.
 *
 * For each link in message order: its canonical arXiv id (papers/paper-links.ts; other links are left alone), the
 * paper from the corpus or, when the corpus lacks it, from `lookup` (issue 17 #3; a failed lookup leaves the link
 * alone). Skipped: a channel that turned unfolding off, a paper already unfolded there within 30 minutes (by any
 * instance: manners.ts claims it in the store), a second link to the same paper in the message, everything after
 * the 3rd card, and papers the corpus lacks once 3 of the message's were looked up (a pasted reading list of ids
 * nobody has would otherwise send two requests per link to Hugging Face and arXiv, which the daily ingest shares).
 */
import { errorText } from '../error-text.ts';
import type { Logger } from '../logger.ts';
import { arxivIdFromUrl } from '../papers/paper-links.ts';
import type { Paper } from '../papers/paper.ts';
import type { Store, UnfurlClaim } from '../store/store.ts';
import type { Message } from '../views/message.ts';
import { paperCardMessage } from '../views/paper-card.ts';
import { unfurlSettingMessage } from '../views/unfurl-setting.ts';
import type { UnfurlManners } from './manners.ts';

export interface UnfurlServiceDeps {
  store: Pick<Store, 'getPaperByArxivId' | 'channelUnfurlEnabled' | 'setChannelUnfurl'>;
  manners: UnfurlManners;
  logger: Logger;
  clock: () => Date;
  /** A paper the corpus does not have, looked up (and stored) elsewhere; null when not found. */
  lookup?: (arxivId: string) => Promise<Paper | null>;
}

export interface ChannelRef {
  teamId: string;
  channelId: string;
}

/**
 * A link still in someone's message composer: Slack names no channel (`COMPOSER`), and nothing is posted yet. Its
 * preview unfolds without the channel's memory (no claim, no per-channel setting); the message, once sent, comes as
 * its own link_shared in its channel, where the manners apply.
 */
export interface UnfurlOptions {
  composer?: boolean;
}

export interface PaperCard {
  /** The link exactly as it was pasted (chat.unfurl is keyed by it). */
  url: string;
  arxivId: string;
  paper: Paper;
  message: Message;
  /** The right to unfold it here (manners.ts), given back by `forget` when Slack did not show the card; null for a composer preview. */
  claim: UnfurlClaim | null;
}

/** Why a link got no card (for logs and the local console). */
export type SkipReason = 'not_a_paper' | 'turned_off' | 'recently_unfurled' | 'repeated_in_message' | 'over_limit' | 'lookup_limit' | 'not_found' | 'lookup_failed' | 'withdrawn';

/** Papers the corpus lacks that one message may have looked up. */
export const MAX_LOOKUPS_PER_MESSAGE = 3;

/** The paper an arXiv id names (`/paper <id>`, `/paper similar <id>`), or why there is none to show. */
export type NamedPaper = { status: 'found'; paper: Paper } | { status: 'withdrawn' | 'not_found' | 'lookup_failed' };

export interface UnfurlResult {
  cards: PaperCard[];
  skipped: Array<{ url: string; reason: SkipReason }>;
}

export class UnfurlService {
  constructor(private readonly deps: UnfurlServiceDeps) {}

  async cardsFor(where: ChannelRef, urls: readonly string[], options: UnfurlOptions = {}): Promise<UnfurlResult> {
    const composer = options.composer === true;
    const { store, manners, logger } = this.deps;
    const cards: PaperCard[] = [];
    const skipped: UnfurlResult['skipped'] = [];
    const candidates = urls.map((url) => ({ url, arxivId: arxivIdFromUrl(url) }));
    for (const { url, arxivId } of candidates) if (arxivId === null) skipped.push({ url, reason: 'not_a_paper' });
    const papers = candidates.filter((c): c is { url: string; arxivId: string } => c.arxivId !== null);
    if (papers.length === 0) return { cards, skipped };
    if (!composer && !(await store.channelUnfurlEnabled(where.teamId, where.channelId))) {
      return { cards, skipped: [...skipped, ...papers.map(({ url }) => ({ url, reason: 'turned_off' as const }))] };
    }

    const seen = new Set<string>();
    let lookups = 0;
    for (const { url, arxivId } of papers) {
      if (seen.has(arxivId)) {
        skipped.push({ url, reason: 'repeated_in_message' });
        continue;
      }
      seen.add(arxivId);
      if (cards.length >= manners.perMessage) {
        skipped.push({ url, reason: 'over_limit' });
        continue;
      }
      // Claimed before the paper is looked for: of two instances given the same paste, only one looks it up.
      const claim = composer ? null : await manners.claim(where.teamId, where.channelId, arxivId);
      if (!composer && !claim) {
        skipped.push({ url, reason: 'recently_unfurled' });
        continue;
      }
      const giveBack = async (): Promise<void> => {
        if (claim) await manners.release(claim);
      };
      const stored = await store.getPaperByArxivId(arxivId).catch(async (error: unknown) => {
        await giveBack();
        throw error;
      });
      if (stored?.withdrawnAt !== undefined) {
        await giveBack();
        skipped.push({ url, reason: 'withdrawn' });
        continue;
      }
      if (!stored && this.deps.lookup && lookups >= MAX_LOOKUPS_PER_MESSAGE) {
        await giveBack();
        skipped.push({ url, reason: 'lookup_limit' });
        continue;
      }
      if (!stored) lookups += 1;
      const paper = stored ?? (await this.#lookUp(arxivId));
      if (paper === null || paper === 'failed') {
        await giveBack();
        skipped.push({ url, reason: paper === null ? 'not_found' : 'lookup_failed' });
        continue;
      }
      cards.push({ url, arxivId, paper, message: paperCardMessage(paper), claim });
    }
    if (skipped.length > 0) {
      logger.debug(`unfurl ${where.teamId}/${where.channelId}: ${cards.length} card(s); skipped ${skipped.map((s) => s.reason).join(', ')}`);
    }
    return { cards, skipped };
  }

  /**
   * The paper an id names, for a command rather than a pasted link: from the corpus or else looked up, with no
   * channel memory (someone asked for it by name). A lookup that could not reach its sources is told apart from a
   * paper neither source has.
   */
  async paperFor(arxivId: string): Promise<NamedPaper> {
    const stored = await this.deps.store.getPaperByArxivId(arxivId);
    if (stored?.withdrawnAt !== undefined) return { status: 'withdrawn' };
    if (stored) return { status: 'found', paper: stored };
    const paper = await this.#lookUp(arxivId, 'the answer says to try again');
    if (paper === 'failed') return { status: 'lookup_failed' };
    return paper ? { status: 'found', paper } : { status: 'not_found' };
  }

  /** Slack did not show these cards (chat.unfurl failed): the next paste of their papers may unfold them. */
  async forget(cards: readonly PaperCard[]): Promise<void> {
    await Promise.all(cards.map((card) => (card.claim ? this.deps.manners.release(card.claim) : undefined)));
  }

  /** A paper the corpus lacks, from `lookup`; null when no source has it, `failed` when one could not be asked (logged). */
  async #lookUp(arxivId: string, then = 'the link stays as it is'): Promise<Paper | null | 'failed'> {
    if (!this.deps.lookup) return null;
    try {
      return await this.deps.lookup(arxivId);
    } catch (error) {
      this.deps.logger.warn(`looking up ${arxivId} failed, ${then}: ${errorText(error)}`);
      return 'failed';
    }
  }

  /** `/paper unfurl on|off` (null: say what it is now). */
  async setting(where: ChannelRef, userId: string, enabled: boolean | null): Promise<Message> {
    const { store, logger, clock } = this.deps;
    if (enabled === null) return unfurlSettingMessage(await store.channelUnfurlEnabled(where.teamId, where.channelId), false);
    await store.setChannelUnfurl(where.teamId, where.channelId, enabled, userId, clock());
    logger.info(`unfurl ${enabled ? 'on' : 'off'} in ${where.teamId}/${where.channelId} by ${userId}`);
    return unfurlSettingMessage(enabled, true);
  }
}
