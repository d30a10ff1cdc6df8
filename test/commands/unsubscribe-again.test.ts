/**
 * `/paper unsubscribe` answers with the command that starts the digest again as it was (topic, time, zone, cadence,
 * example papers): a digest stopped by mistake (`/paper unsubscribe 1` meant for another) is one paste away. Through
 * runPaperCommand on a real SQLite store and the seed corpus.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';
import { richTextLeaves } from '../views/fixtures.ts';

const NOW = new Date('2024-05-27T10:00:00.000Z');

describe('/paper unsubscribe', () => {
  const { paper, send } = usePaperCommandRuntime({ clock: () => NOW });

  /** The command the answer offers, as a person would copy it. */
  const againCommand = (reply: string): string => {
    const found = /To start it again as it was: `([^`]+)`/.exec(reply)?.[1];
    if (found === undefined) throw new Error(`no command to start it again in: ${reply}`);
    return found.replace(/^\/paper /, '');
  };

  it('gives the command that starts it again with the same topic, time, zone and cadence', async () => {
    await paper('subscribe "things to look at" at 07:30 tz Europe/Berlin weekdays');
    const before = await paper('list');
    const stopped = await paper('unsubscribe things to look at');
    expect(stopped).toContain('To start it again as it was: `/paper subscribe "things to look at" at 07:30 tz Europe/Berlin weekdays`');
    expect(await paper(againCommand(stopped))).toContain('Subscribed this channel to things to look at: every weekday (Mon–Fri) at 07:30 Europe/Berlin');
    // The same line in the list, but for its new #id.
    expect((await paper('list')).replace(/#\d+/g, '#N')).toBe(before.replace(/#\d+/g, '#N'));
  });

  it('a top list comes back as a top list', async () => {
    await paper('subscribe top sparse attention daily at 08:00');
    const stopped = await paper('unsubscribe top sparse attention');
    expect(stopped).toContain('To start it again as it was: `/paper subscribe top "sparse attention" at 08:00 tz UTC daily`');
  });

  it('a topic with a quoted filter value comes back whole, its trailing words kept as topic words', async () => {
    for (const topic of ['author:"Tri Dao" "things to look at"', '"top" author:"Tri Dao"', 'has:code author:"Tri Dao" "models weekly"', '"linear attention" -vision "at"', 'at "sparse attention" "weekly"']) {
      await paper(`subscribe ${topic} at 07:30 tz Europe/Berlin weekdays`);
      const before = await paper('list');
      const [id] = /#\d+/.exec(before) ?? [];
      const stopped = await paper(`unsubscribe ${id}`);
      const again = await paper(againCommand(stopped));
      expect(again, topic).toContain('Subscribed this channel to');
      expect((await paper('list')).replace(/#\d+/g, '#N'), topic).toBe(before.replace(/#\d+/g, '#N'));
      await paper(`unsubscribe ${/#\d+/.exec(await paper('list'))?.[0]}`);
    }
  });

  it('a weekly digest comes back on its day, not on the day the command is pasted', async () => {
    // Monday May 27, 2024: a digest on Thursdays in Tokyo.
    expect(await paper('subscribe sparse attention weekly on thursday at 07:30 tz Asia/Tokyo')).toContain('every Thursday at 07:30 Asia/Tokyo');
    const stopped = await paper('unsubscribe sparse attention');
    expect(stopped).toContain('To start it again as it was: `/paper subscribe "sparse attention" at 07:30 tz Asia/Tokyo every thursday`');
    expect(await paper(againCommand(stopped))).toContain('Subscribed this channel to sparse attention: every Thursday at 07:30 Asia/Tokyo');
    // One made weekly on the day it was subscribed names that day too.
    await paper('subscribe kv cache weekly');
    expect(await paper('unsubscribe kv cache')).toContain('`/paper subscribe "kv cache" at 09:00 tz UTC every monday`');
  });

  it('a topic with a backtick (or mrkdwn markers) comes back exactly: the command is given as rich text, not in a mrkdwn code span', async () => {
    await paper('subscribe "a`b *attention* models" at 07:30 tz Europe/Berlin every tuesday');
    const before = await paper('list');
    const stopped = await send('unsubscribe a`b *attention* models');
    const command = richTextLeaves(stopped.message).find((leaf) => leaf.style !== undefined)?.text ?? '';
    expect(command).toBe('/paper subscribe "a`b *attention* models" at 07:30 tz Europe/Berlin every tuesday');
    expect(await paper(command.replace(/^\/paper /, ''))).toContain('Subscribed this channel to a`b *attention* models: every Tuesday at 07:30 Europe/Berlin');
    expect((await paper('list')).replace(/#\d+/g, '#N')).toBe(before.replace(/#\d+/g, '#N'));
  });
});
