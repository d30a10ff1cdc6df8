/**
 * `/paper follow|unfollow` end to end through runPaperCommand (the Slack listener and the local console both call it),
 * a real SQLite store holding a real Hugging Face API day, every reply checked against Slack's Block Kit schema.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPaperCommand, type CommandReply } from '../../src/commands/paper-command.ts';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { parseDailyPapers } from '../../src/ingest/hf-api.ts';
import { renderText } from '../../src/local/render-text.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { seedPaperSearch } from '../support/test-app.ts';

const WHERE = { teamId: 'T1', channelId: 'C1', userId: 'U1' };
const FIXTURE = resolve(import.meta.dirname, '../../../shared/fixtures/hf-daily-papers/daily_papers_2024-05-27.json');

describe('/paper follow and unfollow', () => {
  let runtime: Runtime;
  beforeEach(async () => {
    runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }), {
      clock: () => new Date('2024-05-27T10:00:00.000Z'),
    });
    runtime.searchState.swap(await seedPaperSearch());
    const papers = parseDailyPapers(JSON.parse(readFileSync(FIXTURE, 'utf8')), 'fixture', '2024-05-27').papers.map((p) => p.input);
    await runtime.store.upsertPapers(papers);
  });
  afterEach(async () => {
    await runtime.close();
  });

  async function paper(text: string, where = WHERE): Promise<CommandReply> {
    const reply = await runPaperCommand(text, where, runtime.commandDeps(alwaysReachable, { homeTab: false }));
    expect(reply.responseType).toBe('ephemeral');
    expect(blockKitErrors(reply.message), text).toEqual([]);
    return reply;
  }
  const text = (reply: CommandReply): string => renderText(reply.message);

  it('a name Hugging Face links to one claimed account follows that account; without a digest the reply says so', async () => {
    const reply = await paper('follow "yixun  LIANG"');
    expect(text(reply)).toContain('This channel now follows yixun LIANG (@hf:lyxun)');
    expect(text(reply)).toMatch(/links this name to the account @hf:lyxun \(2 claimed papers\)/);
    expect(text(reply)).toMatch(/no digest yet.*\/paper subscribe <topic>/);
    expect(await runtime.store.listFollows('T1', 'C1')).toEqual([expect.objectContaining({ hfUser: 'lyxun', nameKey: 'yixun liang' })]);

    // The same person again, by account or by another spelling: nothing changes.
    expect(text(await paper('follow @hf:LYXUN'))).toContain('already follows');
    expect(text(await paper('follow "Liang, Yixun"'))).toContain('already follows');
    expect(await runtime.store.listFollows('T1', 'C1')).toHaveLength(1);
  });

  it('a name with no paper yet is accepted with a note; with a digest, the reply says which one carries them', async () => {
    await paper('subscribe speech recognition at 09:00');
    const reply = await paper('follow Ada Lovelace');
    expect(text(reply)).toContain('This channel now follows Ada Lovelace');
    expect(text(reply)).toContain("No paper by Ada Lovelace yet; you'll hear when one appears.");
    expect(text(reply)).toMatch(/come with the speech recognition digest \(next: .*09:00/);
    // A known unclaimed author: no note.
    const known = await runPaperCommand('follow @hf:nobody-here', WHERE, runtime.commandDeps(alwaysReachable, { homeTab: false }));
    expect(renderText(known.message)).toContain('No paper by nobody-here (@hf:nobody-here) yet');
    expect(renderText(known.message)).not.toContain('links this name');
  });

  it('the digest preview says how many papers by followed authors wait beyond the follow section\'s share', async () => {
    await paper('subscribe speech recognition at 09:00');
    // Four followed authors, one paper each on the day (listed 05-27); the section takes 2 of a 5-paper digest.
    for (const name of ['Chunjiang Ge', 'Byung-Kwan Lee', 'Boshi Wang', 'Viraat Aryabumi']) await paper(`follow "${name}"`);
    const preview = text(await paper('digest speech recognition'));
    expect(preview.match(/From people you follow/g)).toHaveLength(1);
    expect(preview).toContain('\u2026and 2 more papers by people you follow: they come with the next digest.');
    expect(preview).toContain('New on speech recognition');
    await paper('unfollow "Viraat Aryabumi"');
    expect(text(await paper('digest speech recognition'))).toContain('\u2026and 1 more paper by people you follow: they come with the next digest.');
    await paper('unfollow "Boshi Wang"');
    expect(text(await paper('digest speech recognition'))).not.toContain('by people you follow: they come');
  });

  it('riding on a feed without words, the reply names the feed by its papers', async () => {
    await paper('subscribe like 2405.15738');
    const reply = await paper('follow Ada Lovelace');
    expect(text(reply)).toMatch(/come with the papers like “ConvLLaVA: Hierarchical Backbones[^”]*” digest \(next: /);
    expect(text(reply)).not.toContain('this topic');
  });

  it('/paper list names the digest the follows ride on: not a top list, not a paused one', async () => {
    await paper('subscribe top');
    await paper('follow "Yixun Liang"');
    // A top list has no follow section: the follows have nothing to ride on yet.
    expect(text(await paper('list'))).toContain('They need a topic digest to ride on (a top list carries none)');

    await paper('subscribe speech recognition');
    await paper('subscribe sparse attention');
    expect(text(await paper('list'))).toContain('Their new papers come with the speech recognition digest.');
    const speech = (await runtime.store.listSubscriptions('T1', 'C1')).find((s) => s.topic === 'speech recognition');
    if (!speech) throw new Error('no subscription');
    await runtime.store.setSubscriptionPaused('T1', speech.id, 'paused_by_user', new Date('2024-05-27T10:00:00.000Z'));
    expect(text(await paper('list'))).toContain('Their new papers come with the sparse attention digest.');
  });

  it('/paper list and unfollow: whom the channel follows, escaped; unfollow by name or account; unknown names get the list', async () => {
    await paper('follow "Yixun Liang"');
    await paper('follow "<b>*Bold*</b> & Co"'.replace(/[<>]/g, ''));
    const list = await paper('list');
    const listed = JSON.stringify(list.message.blocks);
    expect(listed).toContain('Following *Yixun Liang* (@hf:lyxun), *b\u2217Bold\u2217/b &amp; Co*');
    expect(renderText(list.message)).toContain('They need a digest to ride on');

    expect(text(await paper('unfollow "Someone Else"'))).toMatch(/doesn't follow Someone Else.*It follows Yixun Liang \(@hf:lyxun\)/s);
    expect(text(await paper('unfollow @hf:lyxun'))).toContain('no longer follows Yixun Liang (@hf:lyxun)');
    expect(text(await paper('unfollow b*Bold*/b & Co'))).toContain('no longer follows');
    expect(await runtime.store.listFollows('T1', 'C1')).toEqual([]);
    expect(text(await paper('unfollow Tri Dao'))).toContain('It follows nobody yet');
  });

  it('a channel following the most authors, each with the longest name, still gets /paper list and the unfollow answer', async () => {
    // 50 follows (MAX_FOLLOWS_PER_CHANNEL), each name 100 characters (MAX_AUTHOR_NAME): the lines naming them must stay
    // inside Slack's 3,000-character text limit, or Slack refuses the whole reply.
    const names = Array.from({ length: 50 }, (_, i) => `Maximilian ${'Alexander '.repeat(7)}Wolfeschlegelstei${String(i).padStart(2, '0')}`);
    expect(names.every((name) => name.length === 100)).toBe(true);
    for (const name of names) await paper(`follow "${name}"`);
    expect(await runtime.store.listFollows('T1', 'C1')).toHaveLength(50);

    const list = await paper('list');
    expect(text(list)).toContain(`Following ${names[0]}`);
    expect(text(list)).toMatch(/…and \d+ more/);
    const missing = await paper('unfollow "Someone Else"');
    expect(text(missing)).toMatch(/doesn't follow Someone Else.*It follows Maximilian Alexander .*…and \d+ more/s);
    expect(missing.message.text.length).toBeLessThan(4000);
  });

  it('bad input gets a clear ephemeral answer and stores nothing', async () => {
    for (const bad of ['follow', 'follow <!channel>', `follow ${'x'.repeat(500)}`, 'follow "unclosed', 'follow @hf:no way']) {
      const reply = await paper(bad);
      expect(text(reply), bad).toMatch(/Usage: `\/paper (un)?follow "AUTHOR NAME"`/);
      expect(JSON.stringify(reply.message), bad).not.toContain('<!channel>');
    }
    expect(await runtime.store.listFollows('T1', 'C1')).toEqual([]);
  });
});
