/** When a pause began, as the subscriptions and workspaces tables keep it (`paused_at`, migration 0021). */
import { sql, type RawBuilder } from 'kysely';
import { toIso } from './row-values.ts';

/**
 * `paused_at` of a row a pause is written to at `now`: `now` when it was running, the start it has when it was paused
 * already (another reason, a new end: the pause still began then).
 */
export function pauseStart(now: Date, table: 'subscriptions' | 'workspaces' = 'subscriptions'): RawBuilder<string> {
  const nowIso = toIso(now);
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql<string>`case when ${column('paused_reason')} is null then ${nowIso} else coalesce(${column('paused_at')}, ${nowIso}) end`;
}
