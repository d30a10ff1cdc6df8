/**
 * Answers a product review of the less-used commands found wrong (saved pages, follows, top lists), through
 * runPaperCommand on a real SQLite store and the seed corpus, every reply checked against Slack's Block Kit schema.
 */
import { describe, expect, it } from 'vitest';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { buttonsIn } from '../support/blocks.ts';
import { COMMAND_WHERE, usePaperCommandRuntime } from '../support/paper-command-harness.ts';

const NOW = new Date('2024-05-27T10:00:00.000Z');

/** Papers with upvotes listed on Hugging Face the day before NOW: this week's top list. */
const listed = (i: number, title: string) => ({
  title,
  abstract: `${title}. We study it on standard benchmarks.`,
  authors: ['Ada Lovelace'],
  authorCount: 1,
  date: '2024-05-20',
  upvotes: 100 + i,
  arxivId: `2405.${String(90001 + i)}`,
  listedOn: '2024-05-26',
});

describe('/paper saved past the last page', () => {
  const { paper, send, runtime } = usePaperCommandRuntime();

  /** Saves `count` papers of the seed corpus (up to 15), as Save under search results would. */
  async function saveSome(count: number): Promise<void> {
    const ids = new Set<string>();
    for (const query of ['attention', 'language models', 'diffusion']) {
      const reply = await send(query);
      for (const button of buttonsIn(reply.message.blocks)) if (button.action_id === ActionId.save && button.value) ids.add(button.value);
    }
    expect(ids.size).toBeGreaterThanOrEqual(count);
    const deps = runtime().commandDeps(alwaysReachable, { homeTab: false });
    for (const id of [...ids].slice(0, count)) await deps.saved.save(COMMAND_WHERE.teamId, COMMAND_WHERE.userId, id, { homeTab: false });
  }

  it('says how many pages there are, in words that add up, and never "page 3 of 2"', async () => {
    await saveSome(3);
    const list = await paper('saved 3');
    expect(list).toContain('Your 3 saved papers, newest first');
    expect(list).not.toMatch(/page 3 of/);
    expect(list).toContain('There is no page 3: there is only one, `/paper saved`.');

    const bibtex = await paper('saved bibtex 3');
    expect(bibtex).toContain('BibTeX for your 3 saved papers');
    expect(bibtex).not.toContain('there are 1');
    expect(bibtex).toContain('There is no page 3: there is only one, `/paper saved bibtex`.');
  });

  it('past the last of several pages names the last one', async () => {
    await saveSome(12);
    const list = await paper('saved 3');
    expect(list).toContain('Your 12 saved papers, newest first');
    expect(list).not.toContain('page 3 of 2');
    expect(list).toContain('There is no page 3: there are 2, the last is `/paper saved 2`.');
    expect(await paper('saved 2')).toContain('Your 12 saved papers, newest first · page 2 of 2');
  });
});

describe('/paper follow with words after the quoted name', () => {
  const { paper } = usePaperCommandRuntime();

  it('names the words no follow takes, not an unclosed quote, and follows nobody', async () => {
    const timed = await paper('follow "Tri Dao" at 9:00');
    expect(timed).not.toContain('never closed');
    expect(timed).toContain("Only the author's name goes after `follow`, so `at 9:00` can't be part of it: `/paper follow \"Tri Dao\"`.");
    expect(timed).toContain("Followed authors' papers come with this channel's digest, on its schedule.");
    const other = await paper('unfollow \u201cTri Dao\u201d please');
    expect(other).toContain("Only the author's name goes after `unfollow`, so `please` can't be part of it: `/paper unfollow \"Tri Dao\"`.");
    expect(other).not.toContain('schedule');
    expect(await paper('list')).not.toContain('Following');
    // An unclosed quote is still one.
    expect(await paper('follow "Tri Dao at 9:00')).toContain('A quote is opened but never closed.');
  });
});

describe('/paper subscribe top: how many papers the list holds', () => {
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  it('with more papers listed this week than a list holds, says the 10 most upvoted make it, not "12 papers are on this week\'s list"', async () => {
    await runtime().store.upsertPapers(Array.from({ length: 12 }, (_, i) => listed(i, `Sparse Routing Study ${i + 1}`)));
    const answer = await paper('subscribe top');
    expect(answer).not.toContain("12 papers are on this week's list");
    expect(answer).toContain("12 papers were listed this week; the 10 most upvoted make the list: `/paper top week` shows it now.");
    const shown = await paper('top week');
    expect(shown.match(/^\d+\. /gm)).toHaveLength(10);
  });

  it('with fewer, counts them as the list', async () => {
    await runtime().store.upsertPapers([listed(0, 'Sparse Routing Study'), listed(1, 'Dense Routing Study')]);
    expect(await paper('subscribe top')).toContain("2 papers are on this week's list: `/paper top week` shows it now.");
  });
});

describe('/paper follow in a channel whose only subscription is a top list', () => {
  const { paper } = usePaperCommandRuntime();

  it('says top lists carry no followed papers, not that the channel has no digest (which /paper list contradicts)', async () => {
    await paper('subscribe top');
    const followed = await paper('follow "Tri Dao"');
    expect(followed).not.toContain('This channel has no digest yet');
    expect(followed).toContain('This channel has only top lists, and they carry no followed authors’ papers: those ride on a topic digest, started with `/paper subscribe <topic>`.');
    const list = await paper('list');
    expect(list).toContain('1 digest in this channel');
    expect(list).toContain('Following Tri Dao. They need a topic digest to ride on (a top list carries none): `/paper subscribe <topic>`.');

    await paper('subscribe sparse attention');
    expect(await paper('list')).toContain('Following Tri Dao. Their new papers come with the sparse attention digest.');
  });
});

describe('/paper top with a topic named like a property every object has', () => {
  const { paper } = usePaperCommandRuntime({ clock: () => NOW });

  it('`top constructor` is a topic, not a crash ("Invalid time value")', async () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const answer = await paper(`top ${word}`);
      expect(answer, word).toContain(`Top papers this week · ${word}`);
    }
    expect(await paper('subscribe top valueOf')).toContain('Subscribed this channel to the top list for valueOf: every Monday at 09:00 UTC.');
  });
});

describe('/paper top on a topic that starts like a period or a count', () => {
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  /** Every `/paper top …` / `/paper subscribe top …` an answer suggests, without the `/paper `. */
  const suggested = (answer: string): string[] => [...answer.matchAll(/`\/paper ((?:subscribe )?top[^`]*)`/g)].map((m) => m[1] ?? '');

  it('suggests commands that read the topic back as the topic, and they work', async () => {
    await runtime().store.upsertPapers([listed(0, 'Sparse Routing Study'), listed(1, 'Dense Routing Study')]);
    const week = await paper('top "week"');
    expect(week).toContain('`/paper top month "week"` looks further back');
    expect(week).not.toContain('`/paper top month week`');
    const subscribed = await paper('subscribe top "month" end');
    expect(subscribed).toContain('`/paper top week "month" end` shows it any time');
    const preview = await paper('digest top "10"');
    expect(preview).toContain('`/paper subscribe top "10"` posts it weekly');
    const listedTopic = await paper('top "last week"');
    expect(listedTopic).toContain('`/paper top month "last week"` looks further back');
    for (const answer of [week, subscribed, preview, listedTopic]) {
      for (const command of suggested(answer)) {
        const reply = await paper(command);
        expect(reply, command).not.toMatch(/Give one period|takes no count|not "|covers the 7 days/);
      }
    }
    // A topic that reads as one stays as it is.
    expect(await paper('top routing')).toContain('`/paper top month routing` looks further back');
  });
});

describe('/paper follow list', () => {
  const { paper, runtime } = usePaperCommandRuntime();

  it('points to /paper list instead of following an author called "list"; quoted, it is one', async () => {
    const answer = await paper('follow list');
    expect(answer).toContain('`/paper list` shows whom this channel follows (and its digests). For an author called "list", quote the name: `/paper follow "list"`.');
    expect(await runtime().store.listFollows('T1', 'C1')).toEqual([]);
    expect(await paper('follow Help')).toContain('`/paper help` shows every command.');
    expect(await paper('follow "list"')).toContain('This channel now follows list');
    expect(await paper('unfollow list')).toContain('This channel no longer follows list');
  });
});

describe('/paper unsubscribe like <papers> the channel has no digest of', () => {
  const { paper } = usePaperCommandRuntime();

  it('names the papers as typed, not the internal key "like:…", and how such a digest is named', async () => {
    await paper('subscribe sparse attention');
    for (const command of ['unsubscribe like 2510.02283 2509.00001', 'reset like 2509.00001 2510.02283']) {
      const answer = await paper(command);
      expect(answer, command).not.toContain('like:');
      expect(answer, command).toContain('This channel has no digest of papers like exactly 2509.00001 2510.02283. A digest of papers like its examples goes by all of its papers (in any order) or by its #id.');
      expect(answer, command).toMatch(/Its digests: #\d+ sparse attention/);
    }
  });
});

describe('/paper follow when the digest the follows ride on is paused', () => {
  const { paper } = usePaperCommandRuntime();

  it('says nothing goes out until it resumes, not only that they come with it', async () => {
    await paper('subscribe sparse attention');
    await paper('pause sparse attention');
    const followed = await paper('follow "Tri Dao"');
    expect(followed).toContain('They come with the sparse attention digest, at most half of it, and it is paused: nothing goes out until it resumes (`/paper list` shows it).');
    await paper('resume sparse attention');
    const again = await paper('follow "Albert Gu"');
    expect(again).toMatch(/They come with the sparse attention digest \(next: [^)]+\), at most half of it;/);
    expect(again).not.toContain('paused');
  });
});

describe('commands the answers suggest for a topic that starts with a subcommand word', () => {
  const { paper } = usePaperCommandRuntime();

  it('quote that word, so the suggestion searches (or subscribes to) the topic instead of running the subcommand', async () => {
    const subscribed = await paper('subscribe "top quark decays"');
    expect(subscribed).toContain('Try `/paper "top" quark decays` to check the wording.');
    expect(await paper('"top" quark decays')).not.toContain('Top papers');
    expect(await paper('digest "top quark decays"')).toContain('Try `/paper "top" quark decays` to check the wording.');
    const preview = await paper('digest "like minded agents"');
    expect(preview).toContain('`/paper subscribe "like" minded agents` to get it daily');
    expect(await paper('pause list decoding')).toContain('`/paper "list" decoding pause`');
    // An ordinary topic is suggested as it is.
    expect(await paper('subscribe quxwobble zyzzyva')).toContain('Try `/paper quxwobble zyzzyva` to check the wording.');
  });
});
