/** Why a digest sends nothing for now, in words: a Slack error code, a person's pause (timed or not), a paused workspace. Pure. */
import type { AnswerSurface } from './message.ts';
import { mrkdwnText } from './mrkdwn.ts';
import { idText, REASON_MAX, SHORT_MAX } from './subscription-parts.ts';

/** A digest that sends nothing for now: why (a Slack error code or `paused_by_user`), and until when for a timed pause. */
export interface DigestPause {
  reason: string;
  /** A person's timed pause: when it ends, "Thu Dec 24, 2026, 00:00 Europe/Berlin". */
  untilText?: string | null;
  /** The whole workspace is paused (uninstalled, token revoked), not this digest alone. */
  workspace?: boolean;
}

/** "All digests of this workspace are paused: … Reinstalling the app resumes them." (App Home, subscribe answers). */
export function workspacePausedText(reason: string): string {
  return `all digests of this workspace are paused: ${pausedReasonText(reason)}. Reinstalling the app resumes them.`;
}

/**
 * "⏸ Still paused until … (`/paper resume #12` resumes it now). First digest after the pause: …": a paused
 * digest's line in an answer that would otherwise say when the next one goes out. `next`: the first digest after a
 * timed pause, or null when not known (no end, or the workspace or channel is paused).
 */
export function stillPausedText(pause: DigestPause, subscriptionId: number, next: string | null, options: { still: boolean; what?: 'digest' | 'list'; surface?: AnswerSurface }): string {
  const head = options.still ? '\u23F8 Still paused' : '\u23F8 Paused';
  if (pause.workspace) return `${head}: ${workspacePausedText(pause.reason)}`;
  const why = pausedLine(head, pausedReasonText(pause.reason, subscriptionId, pause.untilText, options.surface));
  const when = next === null ? '' : mrkdwnText(next, SHORT_MAX);
  return `${why}. ${when ? `First ${options.what ?? 'digest'} after the pause: ${when}.` : `No ${options.what ?? 'digest'} goes out until it resumes.`}`;
}

/**
 * "⏸ Paused until …" or "⏸ Paused: the channel is archived": a person's pause reads on from the head ("paused until …"
 * would repeat it), any other reason follows a colon.
 */
export function pausedLine(head: string, reasonText: string): string {
  return reasonText.startsWith('paused ') ? `${head} ${reasonText.slice('paused '.length)}` : `${head}: ${reasonText}`;
}

/**
 * A Slack error code behind a pause, in words. Unknown codes are shown as they are (escaped). `subscriptionId`: named
 * in how to resume a digest a person paused (in `/paper list`); `surface`: whether the App Home's Resume button is
 * there to name too (absent: it is not).
 */
export function pausedReasonText(reason: string, subscriptionId?: number, untilText?: string | null, surface?: AnswerSurface): string {
  const until = untilText ? mrkdwnText(untilText, SHORT_MAX) : '';
  const resume = subscriptionId === undefined ? '`/paper resume` in its channel' : `\`/paper resume #${idText(subscriptionId)}\``;
  // Where the app has a Home tab its Resume button says it; elsewhere, the command does.
  const thenResume = surface?.homeTab ? 'Resume in the App Home' : resume;
  switch (reason.trim()) {
    case 'not_in_channel':
      return "I'm not in this channel: `/invite @paper`";
    case 'channel_not_found':
      return "I can't see this channel (private? `/invite @paper`)";
    case 'is_archived':
      return 'the channel is archived';
    case 'workspace_inactive':
    case 'token_revoked':
    case 'invalid_auth':
    case 'account_inactive':
    case 'app_uninstalled':
    case 'tokens_revoked':
    case 'not_authed':
      return 'the app was uninstalled or its token revoked';
    case 'missing_scope':
      return 'the app is missing a permission it needs (reinstall it)';
    case 'token_unreadable':
      return "the app's stored access can no longer be read (an admin installs the app again)";
    case 'team_disabled':
      return 'the workspace was disabled';
    case 'paused_by_user':
      if (until) {
        return subscriptionId === undefined
          ? `paused until ${until} (Resume, or \`/paper resume\` in its channel, resumes it now)`
          : `paused until ${until} (\`/paper resume #${idText(subscriptionId)}\` resumes it now)`;
      }
      if (subscriptionId === undefined) return 'paused by someone (Resume, or `/paper resume` in its channel)';
      return surface?.homeTab ? `paused by someone (${resume} or Resume in the App Home)` : `paused by someone (${resume} resumes it)`;
    case 'channel_deleted':
      return 'the channel was deleted';
    case 'restricted_action':
    case 'restricted_action_read_only_channel':
    case 'restricted_action_thread_only_channel':
    case 'restricted_action_non_threadable_channel':
      return `only some people may post here (a channel or workspace setting): let the app post, then ${thenResume}`;
    case 'ekm_access_denied':
      return `an administrator suspended posting here: ${thenResume} once that is lifted`;
    default:
      return mrkdwnText(reason, REASON_MAX) || 'unknown reason';
  }
}
