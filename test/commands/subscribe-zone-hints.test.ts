/**
 * A timezone `/paper subscribe` refuses (`Paris`, `Europe/Pari`, `PST`, `UTC+2`) is answered with the zone it most
 * likely meant. Through runPaperCommand on a real SQLite store and the seeds.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';

describe('/paper subscribe … tz <a zone it does not know>', () => {
  const { paper } = usePaperCommandRuntime();

  it('names the zone a city, a near miss, an abbreviation or a UTC offset most likely meant', async () => {
    expect(await paper('subscribe sparse attention tz Paris')).toContain('I don\'t know the timezone "Paris". Did you mean `tz Europe/Paris`?');
    expect(await paper('subscribe sparse attention at 09:00 tz new_york')).toContain('Did you mean `tz America/New_York`?');
    expect(await paper('subscribe sparse attention tz Europe/Pari')).toContain('Did you mean `tz Europe/Paris`?');
    expect(await paper('subscribe sparse attention tz PST')).toContain('For PST, write `tz America/Los_Angeles`.');
    expect(await paper('subscribe sparse attention tz CET')).toContain('For CET, write `tz Europe/Berlin`');
    const offset = await paper('subscribe sparse attention tz UTC+2');
    expect(offset).toContain('A UTC offset does not follow daylight saving: write your city\'s zone, like `tz Europe/Berlin`');
    expect(offset).toContain('`tz Etc/GMT-2` is UTC+2 all year');
    expect(await paper('list')).toContain('no paper digests yet');
    // What the suggestion names is accepted as it is written.
    expect(await paper('subscribe sparse attention tz Etc/GMT-2')).toContain('every day at 09:00 Etc/GMT-2');
  });

  it('a word that is no zone and no abbreviation gets no hint, whatever it is', async () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const reply = await paper(`subscribe sparse attention tz ${word}`);
      expect(reply).toContain(`I don't know the timezone "${word}". Use an IANA name like Europe/Berlin or America/New_York.`);
      expect(reply).not.toContain('function');
    }
  });
});
