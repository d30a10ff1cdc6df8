import type { RatedPaperRef } from '../digests/rating-service.ts';
import { ActionId } from '../views/action-ids.ts';
import type { Message } from '../views/message.ts';
import { parseRatingButtonValue } from '../views/rating-buttons.ts';

/** Every button of a message, in order (actions rows and section accessories). */
function buttonsOf(message: Message): Array<{ actionId: string; value: string }> {
  const found: Array<{ actionId: string; value: string }> = [];
  for (const block of message.blocks) {
    const elements = block.type === 'actions' ? block.elements : block.type === 'section' && block.accessory ? [block.accessory] : [];
    for (const element of elements) {
      if (element.type === 'button' && element.action_id && element.value) found.push({ actionId: element.action_id, value: element.value });
    }
  }
  return found;
}

/** The paper ids of a reply's Save buttons, in the order shown: what `save N` picks from. */
export function savablePaperIds(message: Message): string[] {
  return buttonsOf(message)
    .filter((b) => b.actionId === ActionId.save)
    .map((b) => b.value);
}

/** The values of a reply's buttons of one kind (paper ids for Similar, Share), in the order shown: what `similar N` picks from. */
export function paperIdsOf(message: Message, actionId: string): string[] {
  return buttonsOf(message)
    .filter((b) => b.actionId === actionId)
    .map((b) => b.value);
}

/** What a reply's 👍 buttons name (paper, and the digest's subscription), in the order shown: what `👍 N` picks from. */
export function ratablePapers(message: Message): RatedPaperRef[] {
  return buttonsOf(message)
    .filter((b) => b.actionId === ActionId.rateUp)
    .map((b) => parseRatingButtonValue(b.value))
    .filter((ref) => ref !== null);
}

/**
 * The last listing the console showed (search results, a preview, a link card, or a digest printed by
 * `ConsolePoster`): what `save N`, `similar N`, `share N`, `👍 N`, `👎 N` and `undo N` pick from. Shared by the console and its poster.
 */
export class ConsoleListing {
  savable: string[] = [];
  ratable: RatedPaperRef[] = [];
  similar: string[] = [];
  shareable: string[] = [];

  /** Remember the papers of `message`; true when it listed any (a message without buttons leaves the last listing). */
  show(message: Message): boolean {
    const ids = savablePaperIds(message);
    const refs = ratablePapers(message);
    const similar = paperIdsOf(message, ActionId.similar);
    const shareable = paperIdsOf(message, ActionId.share);
    if (ids.length === 0 && refs.length === 0 && similar.length === 0 && shareable.length === 0) return false;
    this.savable = ids;
    this.ratable = refs;
    this.similar = similar;
    this.shareable = shareable;
    return true;
  }

  /**
   * What can be typed about the papers just shown, naming only the buttons they have: a digest, a preview, a top list
   * or a link card has no Share (it is in the channel already, or a preview of what will be), so `share N` is not offered.
   */
  hint(): string {
    const picks: string[] = [];
    if (this.savable.length > 0) picks.push('`save N` saves the Nth paper above');
    if (this.similar.length > 0) picks.push('`similar N` finds papers like it');
    if (this.shareable.length > 0) picks.push('`share N` posts it to the channel');
    const parts = picks.length > 0 ? [picks.join(', ')] : [];
    if (this.ratable.length > 0) parts.push('`👍 N` / `👎 N` (or `up N` / `down N`, `+1 N` / `-1 N`) rate it for this channel and `undo N` takes the vote back');
    parts.push('`saved` lists your saved papers, `saved bibtex` gives their BibTeX');
    return `(${parts.join('; ')}.)`;
  }

  /**
   * Why `share N` / `similar N` has nothing to press: nothing listed yet, or papers without that button (only search
   * results and similar papers have Share; everything listed has Similar).
   */
  missing(kind: 'share' | 'similar'): string {
    const listed = this.savable.length > 0 || this.ratable.length > 0 || this.similar.length > 0 || this.shareable.length > 0;
    if (!listed) return NOTHING_LISTED;
    if (kind === 'share') {
      return 'The papers above have no Share button: only search results do (a digest or a paper link is in the channel already). Search with `/paper <words>`, then `share N` posts one.';
    }
    return 'The papers above have no Similar button. Search with `/paper <words>`, then `similar N` finds papers like one.';
  }
}

export const NOTHING_LISTED = 'Nothing to pick from yet: search first, e.g. `/paper sparse attention`.';
