/**
 * A search whose first word is a command that takes no words (`/paper list all`, `/paper saved papers`): still a
 * search (`list decoding` is a topic), but the answer says what the command alone does, so someone who wanted their
 * digests or saved papers is not left with papers about "list all". Pure.
 */
import type { SearchPage } from '../search/types.ts';

const ALONE: ReadonlyMap<string, string> = new Map([
  ['list', "`/paper list` alone shows this channel's digests"],
  ['saved', '`/paper saved` alone lists your saved papers'],
]);

/** What the command alone does, when the query starts with `list` or `saved` and goes on; null otherwise. */
export function commandWordAlone(query: string): string | null {
  const first = /^(\S+)\s+\S/u.exec(query.trim())?.[1]?.toLowerCase();
  return first === undefined ? null : (ALONE.get(first) ?? null);
}

/** `page` with a notice naming the command alone (after the search's own notice, if any). */
export function withCommandWordNotice(page: SearchPage, alone: string): SearchPage {
  // A notice is composed mrkdwn whose untrusted parts carry no backticks.
  const words = page.query.replace(/`/g, '\u02CB');
  let notice: string;
  if (page.notice !== null && page.notice.trim() !== '') notice = `${page.notice} ${alone}.`;
  else if (page.total === 0 && page.offset === 0) notice = `No papers match "${words}"; ${alone}.`;
  else notice = `These are papers for the words "${words}"; ${alone}.`;
  return { ...page, notice };
}
