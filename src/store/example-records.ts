/** The records of subscription examples (issue 16); the `Store` methods are in store.ts. */

/** A paper that seeds a subscription (issue 16: `/paper subscribe <topic> like <id> …`). */
export interface SubscriptionExample {
  subscriptionId: number;
  /** The corpus paper id (`Paper.id`). */
  paperId: string;
  arxivId: string | null;
  /** The paper's title when it was added. */
  title: string;
  addedBy: string;
  addedAt: Date;
}

/** A paper to add as an example: the corpus paper it is. */
export interface ExamplePaperInput {
  id: string;
  arxivId: string | null;
  title: string;
}
