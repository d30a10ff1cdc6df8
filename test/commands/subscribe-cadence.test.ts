/**
 * A schedule the bot does not keep (`monthly`, `every 2 weeks`, a bare weekday), written at the end of
 * `/paper subscribe`, is refused with the cadences it does keep, rather than read as topic words (a daily digest of
 * "sparse attention monthly", which no paper matches). Through runPaperCommand on a real SQLite store and the seeds.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';

describe('/paper subscribe <topic> <a schedule it does not keep>', () => {
  const { paper } = usePaperCommandRuntime();

  it('refuses monthly, every other week and a bare weekday, saying what it keeps, and subscribes nothing', async () => {
    expect(await paper('subscribe sparse attention monthly')).toContain(
      "I don't post monthly. A digest goes out `daily`, on `weekdays`, or once a week: `weekly` (on the weekday you subscribe) or `every monday` (any day you name).",
    );
    expect(await paper('subscribe sparse attention biweekly at 09:00')).toContain("I don't post biweekly.");
    expect(await paper('subscribe sparse attention every 2 weeks')).toContain("I don't post every 2 weeks.");
    expect(await paper('subscribe sparse attention mondays')).toContain('Did you mean a digest on Mondays? Then end with `every monday`');
    expect(await paper('subscribe sparse attention daily on monday')).toContain('`daily` goes out every day, not only on Mondays');
    expect(await paper('list')).toContain('no paper digests yet');
  });

  it('reads "every day" and "every weekday" as daily and weekdays, and "every day daily" as daily', async () => {
    expect(await paper('subscribe sparse attention every day')).toContain('Subscribed this channel to sparse attention: every day at 09:00 UTC');
    expect(await paper('subscribe kv cache every day daily')).toContain('Subscribed this channel to kv cache: every day at 09:00 UTC');
    expect(await paper('subscribe speech recognition every weekday')).toContain('Subscribed this channel to speech recognition: every weekday (Mon–Fri) at 09:00 UTC');
  });

  it('reads "monday to friday", "mon-fri", "monday through friday" as weekdays, never as a Friday digest', async () => {
    for (const [typed, topic] of [
      ['sparse attention monday through friday', 'sparse attention'],
      ['kv cache mon-fri at 08:00', 'kv cache'],
      ['speech recognition monday to friday', 'speech recognition'],
      ['agents every monday to friday', 'agents'],
      ['graph neural networks from mon to fri', 'graph neural networks'],
      ['diffusion models Monday\u2013Friday', 'diffusion models'],
    ] as const) {
      const reply = await paper(`subscribe ${typed}`);
      expect(reply, typed).toContain(`Subscribed this channel to ${topic}: every weekday (Mon–Fri) at`);
      expect(reply, typed).not.toContain('Friday at');
    }
    expect(await paper('subscribe mixture of experts monday to sunday')).toContain('Subscribed this channel to mixture of experts: every day at 09:00 UTC');
  });

  it('refuses another range of days and a weekend, saying what works, and subscribes nothing', async () => {
    expect(await paper('subscribe sparse attention mon-wed')).toContain(
      'A digest goes out every day (`daily`), Monday to Friday (`weekdays`) or on one day a week (`every monday`), not Monday to Wednesday',
    );
    const weekend = "I don't have a weekend digest: a digest goes out `daily`, on `weekdays` (Monday to Friday), or on one day a week. For the weekend, end with `every saturday` or `every sunday`.";
    for (const typed of ['every weekend', 'on weekends at 10:00', 'saturday to sunday', 'every weekend tz Europe/Berlin']) {
      const reply = await paper(`subscribe sparse attention ${typed}`);
      expect(reply, typed).toContain(weekend);
      expect(reply, typed).not.toContain('double quotes');
    }
    // Bare, it may be a topic word: both readings are offered.
    expect(await paper('subscribe hackathon weekends')).toContain('To follow those words as a topic, put them in double quotes: `/paper subscribe "hackathon weekends"`.');
    expect(await paper('list')).toContain('no paper digests yet');
    expect(await paper('subscribe "hackathon weekends"')).toContain('Subscribed this channel to hackathon weekends: every day');
  });

  it('keeps those words in a quoted topic and inside a topic', async () => {
    expect(await paper('subscribe "monthly" weekly')).toContain('Subscribed this channel to monthly');
    expect(await paper('subscribe every day attention')).toContain('Subscribed this channel to every day attention');
  });

  it('a topic ending in a weekday is never a weekly digest of the words before it: both readings are offered', async () => {
    const refused = await paper('subscribe black friday');
    expect(refused).toContain('Did you mean a digest on Fridays? Then end with `every friday` (or `weekly on friday`).');
    expect(refused).toContain('To follow those words as a topic, put them in double quotes: `/paper subscribe "black friday"`.');
    expect(await paper('list')).toContain('no paper digests yet');
    expect(await paper('subscribe "black friday"')).toContain('Subscribed this channel to black friday: every day at 09:00 UTC');
  });

  it('/paper digest answers those words as subscribe does, unless they name one of the channel\'s digests', async () => {
    const refused = await paper('digest black friday');
    expect(refused).toContain('Did you mean a digest on Fridays?');
    expect(refused).toContain('To preview those words as a topic, put them in double quotes: `/paper digest "black friday"`.');
    expect(refused).not.toContain('Preview');
    expect(await paper('digest sparse attention monthly')).toContain("I don't post monthly.");
    expect(await paper('digest sparse attention every monday')).toContain('Preview of the next digest for sparse attention');
    await paper('subscribe "black friday" weekly');
    expect(await paper('digest black friday')).toContain('Next digest goes out');
  });
});
