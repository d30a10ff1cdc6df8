/** Subscription examples (migration 0015_subscription_examples): the papers that seed a subscription, in order. */
import type { Kysely, Selectable } from 'kysely';
import { toIso } from './row-values.ts';
import type { Database, SubscriptionExamplesTable } from './schema.ts';
import type { SubscribeWithExamplesInput, SubscribeWithExamplesResult, SubscriptionExample } from './store.ts';
import { lockChannelRows } from './dialect.ts';
import { upsertSubscriptionIn } from './subscription-queries.ts';
import { isDbId, requireText, StoreValidationError, TooManyExamplesError } from './validation.ts';

function toExample(row: Selectable<SubscriptionExamplesTable>): SubscriptionExample {
  return {
    subscriptionId: row.subscription_id,
    paperId: row.paper_id,
    arxivId: row.arxiv_id,
    title: row.title,
    addedBy: row.added_by,
    addedAt: new Date(row.added_at),
  };
}

async function examplesOf(db: Kysely<Database>, ids: readonly number[]): Promise<Array<Selectable<SubscriptionExamplesTable>>> {
  const valid = [...new Set(ids)].filter(isDbId);
  if (valid.length === 0) return [];
  return db
    .selectFrom('subscription_examples')
    .selectAll()
    .where('subscription_id', 'in', valid)
    .orderBy('subscription_id')
    .orderBy('position')
    .execute();
}

export async function subscribeWithExamples(db: Kysely<Database>, input: SubscribeWithExamplesInput): Promise<SubscribeWithExamplesResult> {
  if (!Number.isSafeInteger(input.maxExamples) || input.maxExamples < 0) {
    throw new StoreValidationError(`maxExamples must be a whole number >= 0, got ${input.maxExamples}`);
  }
  for (const example of input.examples) {
    requireText('examples[].id', example.id);
    if (typeof example.title !== 'string') throw new StoreValidationError('examples[].title must be a string');
  }
  const nowIso = toIso(input.now ?? new Date());
  const { examples: wanted, maxExamples, ...subscriptionInput } = input;
  return db.transaction().execute(async (trx) => {
    if (subscriptionInput.maxPerChannel !== undefined) await lockChannelRows(trx, 'subscriptions', input.teamId, input.channelId);
    // The upsert writes first, so a SQLite transaction holds the write lock from the start.
    const upserted = await upsertSubscriptionIn(trx, subscriptionInput);
    const id = upserted.subscription.id;
    const existing = await examplesOf(trx, [id]);
    const have = new Set(existing.map((row) => row.paper_id));
    const fresh = wanted.filter((example, i) => !have.has(example.id) && wanted.findIndex((other) => other.id === example.id) === i);
    if (existing.length + fresh.length > maxExamples) throw new TooManyExamplesError(maxExamples, existing.length, fresh.length);
    const next = existing.reduce((max, row) => Math.max(max, row.position), 0) + 1;
    const rows = fresh.map((example, i) => ({
      subscription_id: id,
      paper_id: example.id,
      arxiv_id: example.arxivId,
      title: example.title,
      position: next + i,
      added_by: input.createdBy,
      added_at: nowIso,
    }));
    if (rows.length > 0) await trx.insertInto('subscription_examples').values(rows).execute();
    const added = rows.map(toExample);
    return { ...upserted, added, examples: [...existing.map(toExample), ...added] };
  });
}

export async function listSubscriptionExamples(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, SubscriptionExample[]>> {
  const byId = new Map<number, SubscriptionExample[]>();
  for (const row of await examplesOf(db, ids)) {
    const list = byId.get(row.subscription_id) ?? [];
    list.push(toExample(row));
    byId.set(row.subscription_id, list);
  }
  return byId;
}

export async function subscriptionExamples(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string[]>> {
  const byId = new Map<number, string[]>();
  for (const [id, examples] of await listSubscriptionExamples(db, ids)) byId.set(id, examples.map((example) => example.paperId));
  return byId;
}

export async function clearSubscriptionExamples(db: Kysely<Database>, subscriptionId: number): Promise<number> {
  if (!isDbId(subscriptionId)) return 0;
  const result = await db.deleteFrom('subscription_examples').where('subscription_id', '=', subscriptionId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
