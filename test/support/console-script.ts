import { Readable, Writable } from 'node:stream';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import type { CommandContext } from '../../src/commands/paper-command.ts';
import type { ConsoleListing } from '../../src/local/console-listing.ts';
import { runLocalConsole } from '../../src/local/console.ts';
import type { Runtime } from '../../src/runtime.ts';

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
