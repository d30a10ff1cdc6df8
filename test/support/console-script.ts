import { Readable, Writable } from 'node:stream';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import type { CommandContext } from '../../src/commands/paper-command.ts';
import type { ConsoleListing } from '../../src/local/console-listing.ts';
import { runLocalConsole } from '../../src/local/console.ts';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { seedPaperSearch } from './test-app.ts';

/** Types `lines` into the local console (not interactive) over `runtime` (in `context`'s channel); everything it printed. */
export async function consoleScript(runtime: Runtime, lines: readonly string[], listing?: ConsoleListing, context?: CommandContext): Promise<string> {
  let out = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  await runLocalConsole({
    input: Readable.from([lines.join('\n')]),
    output,
    interactive: false,
    deps: runtime.commandDeps(alwaysReachable, { homeTab: false }),
    ...(listing ? { listing } : {}),
    ...(context ? { context } : {}),
  });
  return out;
}

/**
 * One console runtime for a `describe`: an in-memory store and the seed corpus's search, opened before its tests and
 * closed after them. `use` receives it (`useSeededConsole((r) => { runtime = r; })`).
 */
export function useSeededConsole(use: (runtime: Runtime) => void): void {
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }));
    runtime.searchState.swap(await seedPaperSearch());
    use(runtime);
  });
  afterAll(async () => {
    await runtime?.close();
  });
}
