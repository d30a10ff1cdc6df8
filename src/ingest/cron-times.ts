/**
 * When a cron expression (UTC, node-cron syntax, seconds optional) last matched: what the ingest schedule compares
 * the last successful ingest with at start.
 */
import cron from 'node-cron';

const DAY_MS = 86_400_000;

/**
 * The latest instant at or before `now` (to the second) that `expression` matches in UTC, or null when it matched
 * on none of the last `maxDays` days. One day at a time back from today: the latest time of day the expression
 * allows (at or before `now` on the first day), kept when node-cron's own matcher says the day matches too.
 */
export function lastCronRun(expression: string, now: Date, maxDays = 366): Date | null {
  const fields = cron.parse(expression);
  // Every time of day the expression allows, in seconds, latest first (at most 86,400).
  const times: number[] = [];
  for (const h of fields.hour) for (const m of fields.minute) for (const s of fields.second) times.push(h * 3600 + m * 60 + s);
  times.sort((a, b) => b - a);
  const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
  try {
    const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
    const nowSeconds = Math.floor((now.getTime() - today) / 1000);
    for (let day = 0; day <= maxDays; day++) {
      const start = today - day * DAY_MS;
      const time = day === 0 ? times.find((t) => t <= nowSeconds) : times[0];
      if (time === undefined) continue;
      const at = new Date(start + time * 1000);
      if (task.match(at)) return at;
    }
    return null;
  } finally {
    void task.destroy();
  }
}
