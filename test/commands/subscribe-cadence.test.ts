/**
 * A schedule the bot does not keep (`monthly`, `every monday`, `weekly on friday`), written at the end of
 * `/paper subscribe`, is refused with the cadences it does keep, rather than read as topic words (a daily digest of
 * "sparse attention monthly", which no paper matches). Through runPaperCommand on a real SQLite store and the seeds.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';

describe('/paper subscribe <topic> <a schedule it does not keep>', () => {
  const { paper } = usePaperCommandRuntime();

  it('refuses monthly, every other week and a named weekday, saying what it keeps, and subscribes nothing', async () => {
    expect(await paper('subscribe sparse attention monthly')).toContain(
      "I don't post monthly. A digest goes out `daily`, on `weekdays` or `weekly`",
    );
    expect(await paper('subscribe sparse attention biweekly at 09:00')).toContain("I don't post biweekly.");
    expect(await paper('subscribe sparse attention every 2 weeks')).toContain("I don't post every 2 weeks.");
    const weekday = await paper('subscribe sparse attention weekly on monday');
    expect(weekday).toContain("A weekly digest goes out on the weekday you subscribe, so I can't set it to Monday");
    expect(await paper('subscribe sparse attention every friday at 09:00')).toContain('goes out on the weekday you subscribe');
    expect(await paper('subscribe sparse attention mondays')).toContain('goes out on the weekday you subscribe');
    expect(await paper('list')).toContain('no paper digests yet');
  });

  it('points "every day" and "every weekday" to the word it knows', async () => {
    expect(await paper('subscribe sparse attention every day')).toContain('For every day, end with `daily`');
    expect(await paper('subscribe sparse attention everyday')).toContain('For every day, end with `daily`');
    expect(await paper('subscribe sparse attention every weekday')).toContain('For Monday to Friday, end with `weekdays`');
    expect(await paper('list')).toContain('no paper digests yet');
  });

  it('keeps those words in a quoted topic and inside a topic', async () => {
    expect(await paper('subscribe "monthly" weekly')).toContain('Subscribed this channel to monthly');
    expect(await paper('subscribe every day attention')).toContain('Subscribed this channel to every day attention');
  });

  it('a topic ending in a weekday is told how to keep the word: the topic in quotes', async () => {
    const refused = await paper('subscribe black friday');
    expect(refused).toContain('To follow those words, put them in double quotes: `/paper subscribe "black friday"`.');
    expect(await paper('subscribe "black friday"')).toContain('Subscribed this channel to black friday');
  });
});
