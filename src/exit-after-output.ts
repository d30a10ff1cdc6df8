/**
 * Ending a process without cutting its output. Writes to a pipe are asynchronous: once the reader lags
 * (a pipe holds ~64 KB), `process.exit` right after a large write throws away whatever is still queued, so
 * `cli ... --json | jq .` got a truncated document. A write's callback runs once that write and every one
 * queued before it has been handed to the OS; only then does the process exit, with its code kept.
 */
import type { Writable } from 'node:stream';

export function exitAfterOutput(code: number, streams: readonly Writable[] = [process.stdout, process.stderr]): void {
  process.exitCode = code;
  let pending = streams.length;
  const settled = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  for (const stream of streams) {
    let done = false;
    const once = (): void => {
      if (done) return;
      done = true;
      settled();
    };
    // A reader that went away (`| head`) makes the write fail with EPIPE: nothing more can be delivered.
    stream.once('error', once);
    stream.write('', once);
  }
}
