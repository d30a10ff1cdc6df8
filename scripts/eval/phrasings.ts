/**
 * The same claims asked the way people write requests rather than statements (CACM's queries read "What articles
 * exist which deal with …", "I am interested in articles about …"; in Slack, "papers that …"): a fixed lead-in before
 * each claim, its first letter lowered. Measures what words that name no topic cost the ranking against plain BM25.
 */
export const LEAD_INS = ['papers that show', 'I am interested in articles about', 'What articles exist which deal with'] as const;

/** Each judged query with `leadIn` before it (judgments unchanged). */
export function withLeadIn(grades: ReadonlyMap<string, Map<string, number>>, leadIn: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [query, judged] of grades) out.set(`${leadIn} ${query.charAt(0).toLowerCase()}${query.slice(1)}`, judged);
  return out;
}
