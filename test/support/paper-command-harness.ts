/**
 * `/paper …` through runPaperCommand, as the Slack listener and the console run it, on a real SQLite store (in
 * memory) and the seed corpus. Call inside a `describe`: it opens a runtime before each test and closes it after.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { runPaperCommand, type CommandReply } from '../../src/commands/paper-command.ts';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { renderText } from '../../src/local/render-text.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { blockKitErrors } from './block-kit-schema.ts';
import { seedPaperSearch } from './test-app.ts';

/** Where the commands are typed: one person in one channel of one workspace. */
export const COMMAND_WHERE = { teamId: 'T1', channelId: 'C1', userId: 'U1' };

export interface PaperCommandHarness {
  /** The runtime of the running test (its store, to set up what no command does). */
  runtime(): Runtime;
  /** The reply as it comes. */
  send(text: string): Promise<CommandReply>;
  /** The reply, checked ephemeral and against Block Kit, as the text a person reads. */
  paper(text: string): Promise<string>;
}

export function usePaperCommandRuntime(options: { clock?: () => Date } = {}): PaperCommandHarness {
  let current: Runtime | null = null;
  const runtime = (): Runtime => {
    if (current === null) throw new Error('no runtime: usePaperCommandRuntime works inside a test');
    return current;
  };
  beforeEach(async () => {
    current = await openRuntime(
      loadConfig({ DATABASE_URL: 'sqlite::memory:' }),
      createLogger({ level: LogLevel.ERROR }),
      options.clock ? { clock: options.clock } : {},
    );
    current.searchState.swap(await seedPaperSearch());
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  const send = (text: string): Promise<CommandReply> => runPaperCommand(text, COMMAND_WHERE, runtime().commandDeps(alwaysReachable, { homeTab: false }));
  return {
    runtime,
    send,
    async paper(text) {
      const answer = await send(text);
      expect(answer.responseType, text).toBe('ephemeral');
      expect(blockKitErrors(answer.message), text).toEqual([]);
      return renderText(answer.message);
    },
  };
}
