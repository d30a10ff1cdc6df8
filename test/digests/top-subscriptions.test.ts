/**
 * `/paper subscribe top …` end to end through `runPaperCommand` (the surface-independent command, as Slack and the
 * console call it), with a real SQLite runtime and an injected clock: the reply, `/paper list` and the App Home tab
 * show a top list, unsubscribe by what the list says, a name taken by a topic digest is refused with the fix.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPaperCommand, type CommandReply } from '../../src/commands/paper-command.ts';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { HomeService } from '../../src/digests/home-service.ts';
import { renderText } from '../../src/local/render-text.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const NOW = new Date('2026-12-02T10:00:00.000Z'); // a Wednesday
const WHERE = { teamId: 'T1', channelId: 'C1', userId: 'U1' };

describe('/paper subscribe top (issue 18)', () => {
  let runtime: Runtime;
  beforeEach(async () => {
    runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }), { clock: () => NOW });
    await runtime.store.upsertPapers([
      { title: 'Sparse Attention at Scale', abstract: 'Sparse attention for long inputs.', authors: ['A B'], authorCount: 1, date: '2026-11-01', upvotes: 40, arxivId: '2611.40001', listedOn: '2026-12-01' },
      { title: 'Diffusion for Audio', abstract: 'Diffusion models for audio.', authors: ['C D'], authorCount: 1, date: '2026-11-01', upvotes: 90, arxivId: '2611.40002', listedOn: '2026-11-30' },
    ]);
    runtime.searchState.swap(createPaperSearch(await runtime.store.listPapers()));
  });
  afterEach(() => runtime.close());

  const run = (text: string): Promise<CommandReply> => runPaperCommand(text, WHERE, runtime.commandDeps(alwaysReachable, { homeTab: false }));
  const text = (reply: CommandReply): string => renderText(reply.message);

  it('subscribes weekly by default, says what each post holds; list and Home show it as a top list; unsubscribe by its name', async () => {
    const reply = await run('subscribe top sparse attention at 08:00 tz Europe/Berlin');
    expect(blockKitErrors(reply.message)).toEqual([]);
    expect(text(reply)).toMatch(/Subscribed this channel to the top list for sparse attention: every Wednesday at 08:00 Europe\/Berlin\. First list: Wed Dec 9, 08:00/);
    expect(text(reply)).toContain('1 paper is on this week\'s list: `/paper top week sparse attention` shows it now.');
    const [stored] = await runtime.store.listSubscriptions('T1', 'C1');
    expect(stored).toMatchObject({ kind: 'top', topic: 'top sparse attention', cadence: 'weekly', time: '08:00', timezone: 'Europe/Berlin' });

    const again = await run('subscribe top sparse attention daily');
    expect(text(again)).toMatch(/This channel already gets the top list for sparse attention\. Updated: .*every day/i);

    const all = await run('subscribe top');
    expect(text(all)).toMatch(/Subscribed this channel to the top list: every Wednesday at 09:00 UTC/);

    const list = await run('list');
    expect(blockKitErrors(list.message)).toEqual([]);
    expect(text(list)).toMatch(/top sparse attention.*🔥 top list \(most upvoted of the 7 days before each post\)/);
    const home = await new HomeService({ store: runtime.store, logger: runtime.logger, clock: () => NOW, userChannels: { of: () => Promise.resolve(new Set(['C1'])) } }).view('T1', 'U1');
    expect(blockKitErrors(home)).toEqual([]);
    expect(JSON.stringify(home)).toContain('🔥 top list');

    expect(text(await run('unsubscribe top sparse attention'))).toMatch(/Unsubscribed this channel from the 🔥 top list for sparse attention \(#\d+\)/u);
    expect((await runtime.store.listSubscriptions('T1', 'C1')).map((s) => s.topic)).toEqual(['top']);
  });

  it('a name a topic digest already has is refused with the fix; a bad period is explained', async () => {
    await run('subscribe "top sparse attention"');
    const clash = await run('subscribe top sparse attention');
    expect(text(clash)).toMatch(/already has a digest named "top sparse attention" \(#\d+\)\. Unsubscribe it first/);
    expect((await runtime.store.listSubscriptions('T1', 'C1')).map((s) => s.kind)).toEqual(['topic']);
    expect(text(await run('subscribe top month'))).toMatch(/A top list always covers the 7 days before each post/);
  });
});
