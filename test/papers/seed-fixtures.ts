import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real seed pages shipped with the project. */
export const SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'seeds');

export const COMPACT = '000_3ad6459e0ec8b0c3.txt';
export const SPACED_NO_META = '001_cad33d3ab650d5ea.txt';
export const SPACED = '002_743c65439c9b3504.txt';
export const SPACED_2 = '003_2a7c9f6192ad4406.txt';
export const SEED_FILES = [COMPACT, SPACED_NO_META, SPACED, SPACED_2];

export function seedText(name: string): string {
  return readFileSync(join(SEEDS_DIR, name), 'utf8');
}

/** The page's lines (LF), 1-based line n is `seedLines(name)[n - 1]`. */
export function seedLines(name: string): string[] {
  return seedText(name).split('\n');
}

/** Lines `from`..`to` (1-based, inclusive) of a seed page, joined with LF. */
export function seedSlice(name: string, from: number, to: number): string {
  return seedLines(name)
    .slice(from - 1, to)
    .join('\n');
}

/** A seed page with some 1-based lines removed. */
export function seedWithout(name: string, ...drop: number[]): string {
  return seedLines(name)
    .filter((_, index) => !drop.includes(index + 1))
    .join('\n');
}

/** A seed page with 1-based line `n` replaced. */
export function seedReplacing(name: string, n: number, replacement: string): string {
  const lines = seedLines(name);
  if (lines[n - 1] === undefined) throw new Error(`${name} has no line ${n}`);
  lines[n - 1] = replacement;
  return lines.join('\n');
}

/** Small deterministic PRNG (mulberry32) so fuzz inputs are the same on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
