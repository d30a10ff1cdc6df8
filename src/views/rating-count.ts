/**
 * "1 rating", "1,234 ratings": how every answer counts ratings (search results' "Ranked with …", `/paper list`, the App
 * Home, resets). A rating is one 👍 or 👎 one person gave in the channel: two people's 👍 on one paper are 2 ratings.
 */
export function ratingsText(count: number): string {
  return count === 1 ? '1 rating' : `${count.toLocaleString('en-US')} ratings`;
}
