/**
 * 👍/👎 clicked on a digest that has since been removed: before this, they kept the removed subscription's id, so no
 * digest learned from them, no count showed them and no reset reached them, while `/paper` searches still ranked with
 * them. They now belong to the whole channel (subscription_id null), as `removeSubscription` leaves them from now on.
 * Down leaves them so: which digest a vote came from is not needed once the digest is gone.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const stoppedDigestRatingsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`update paper_ratings set subscription_id = null
      where subscription_id is not null and subscription_id not in (select id from subscriptions)`.execute(db);
  },
  async down(): Promise<void> {},
};
