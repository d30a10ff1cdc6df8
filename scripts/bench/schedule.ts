/**
 * Schedule cost: `npm run bench:schedule -- [subscriptions]` (default 1000). The scheduler asks `dueDigests` for every
 * subscription on every tick, twice (without and with `since`, as the runner does). Ticks every minute through a
 * week spanning the 2026 spring-forward in Europe and the fall-back on Lord Howe, subscriptions spread over time zones,
 * cadences and times. Prints the time per tick for all subscriptions and per `dueDigests` call.
 * Not a unit test: numbers depend on the machine.
 */
import { performance } from 'node:perf_hooks';
import { dueDigests, type Cadence, type Schedule } from '../../src/digests/schedule.ts';

const count = Number(process.argv[2] ?? 1000) || 1000;
const MIN = 60_000;
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Asia/Kathmandu', 'UTC', 'Australia/Lord_Howe', 'America/Sao_Paulo'];
const cadences: Cadence[] = ['daily', 'weekdays', 'weekly'];
const schedules: Schedule[] = Array.from({ length: count }, (_, i) => {
  const cadence = cadences[i % cadences.length] ?? 'daily';
  const time = `${String(i % 24).padStart(2, '0')}:${String((i * 15) % 60).padStart(2, '0')}`;
  return { time, timezone: zones[i % zones.length] ?? 'UTC', cadence, ...(cadence === 'weekly' ? { weekday: i % 7 } : {}) };
});

const start = Date.parse('2026-03-26T00:00:00Z');
const end = Date.parse('2026-04-02T00:00:00Z');
const tickTimes: number[] = [];
let due = 0;
for (let tick = start; tick <= end; tick += MIN) {
  const now = new Date(tick);
  const previous = new Date(tick - MIN);
  const started = performance.now();
  for (const schedule of schedules) {
    if (dueDigests(schedule, now, 10 * MIN, { maxMissed: 0 }).due) due++;
    dueDigests(schedule, now, 10 * MIN, { since: previous, maxMissed: 0 });
  }
  tickTimes.push(performance.now() - started);
}
const sorted = [...tickTimes].sort((a, b) => a - b);
const at = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 100) / 100;
const total = tickTimes.reduce((sum, ms) => sum + ms, 0);
console.table([
  {
    subscriptions: count,
    ticks: tickTimes.length,
    tickP50Ms: at(0.5),
    tickP99Ms: at(0.99),
    tickMaxMs: Math.round((sorted.at(-1) ?? 0) * 100) / 100,
    perCallUs: Math.round(((total / (tickTimes.length * count * 2)) * 1000) * 100) / 100,
    dueSeen: due,
  },
]);
