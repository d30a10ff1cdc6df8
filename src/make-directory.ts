import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * `mkdir -p`: the folder and any missing parents. Not `mkdirSync(dir, { recursive: true })`, which never returns for a
 * folder under /proc (mkdir there fails with ENOENT though the parent exists, and Node retries the parent forever).
 * Throws what mkdir says (ENOENT, EACCES, ENOTDIR…) for the first folder that cannot be made. Returns the folders it
 * made, outermost first.
 */
export function makeDirectory(dir: string): string[] {
  const missing: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    try {
      if (statSync(current).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR' });
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error;
    }
    if (dirname(current) === current) break;
    missing.push(current);
  }
  const made: string[] = [];
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
      made.push(folder);
    } catch (error) {
      // Made meanwhile by another process: fine when it is a folder.
      if (code(error) !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
    }
  }
  return made;
}
