import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout docs/architecture.md describes, checked from the source: the import graph of src/ (parsed from the
 * import/export statements), file sizes, and each top-level folder's README with what it must not import.
 */

const SRC = 'src';
const MAX_LINES = 450;
/** Files allowed over MAX_LINES for now, each with why. Keep it short: split a file rather than add it here. */
const OVER_LINES_ALLOWED: ReadonlyMap<string, string> = new Map();
/** The brief's rule: these never know Slack (digests post through DigestPoster, views are plain data). */
const NEVER_SLACK = ['digests', 'commands', 'search', 'store', 'papers', 'ingest', 'views'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
    })
    .sort();
}

// Top-level statements only (they start a line), whether the `from` is on that line or after a wrapped list;
// plus dynamic import('…') anywhere.
const STATIC_IMPORT = /^(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The src files a file imports (relative specifiers, resolved; packages are left out). */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(STATIC_IMPORT)].map((m) => m[1] ?? m[2] ?? '').concat([...text.matchAll(DYNAMIC_IMPORT)].map((m) => m[1] ?? ''));
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const path = normalize(join(dirname(file), s));
      // The compiled build rewrites .ts to .js; the source may name either.
      return path.endsWith('.js') && !existsSync(path) ? path.replace(/\.js$/, '.ts') : path;
    });
}

const files = sourceFiles(SRC);
const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
const graph = new Map(files.map((file) => [file, importsOf(file, texts.get(file) ?? '')]));
const folderOf = (file: string): string | null => {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? (parts[0] ?? null) : null;
};
const folders = [...new Set(files.map(folderOf).filter((f): f is string => f !== null))].sort();

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return found;
}

/** The folders named on a README's "Must not import:" line (`src/x` in backticks, before any parenthesis). */
function mustNotImport(readme: string): string[] | null {
  const line = readme.split('\n').find((l) => l.startsWith('Must not import:'));
  if (line === undefined) return null;
  const listed = line.split('(')[0] ?? '';
  return [...listed.matchAll(/`src\/([a-z-]+)`/g)].map((m) => m[1] ?? '');
}

describe('architecture of src/', () => {
  it('finds the import graph (the parser sees the imports that are there)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get(join(SRC, 'app.ts'))).toContain(join(SRC, 'slack', 'actions', 'index.ts'));
    // Every relative import names a file that exists: a typo or a move would hide an edge from the checks below.
    const dangling = [...graph].flatMap(([file, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${file} → ${t}`));
    expect(dangling).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles().map((c) => c.join(' → '))).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const over = files
      .map((file) => ({ file, lines: (texts.get(file) ?? '').split('\n').length - 1 }))
      .filter(({ file, lines }) => lines > MAX_LINES && !OVER_LINES_ALLOWED.has(file))
      .map(({ file, lines }) => `${file}: ${lines}`);
    expect(over).toEqual([]);
  });

  it('digests, commands, search, store, papers, ingest and views never import src/slack', () => {
    const slack = join(SRC, 'slack') + '/';
    const offending = files
      .filter((file) => NEVER_SLACK.includes(folderOf(file) ?? ''))
      .flatMap((file) => (graph.get(file) ?? []).filter((t) => t.startsWith(slack)).map((t) => `${file} → ${t}`));
    expect(offending).toEqual([]);
  });

  it('each top-level folder has a README saying what it must not import, and keeps to it', () => {
    const problems: string[] = [];
    for (const folder of folders) {
      const path = join(SRC, folder, 'README.md');
      if (!existsSync(path)) {
        problems.push(`${path} is missing`);
        continue;
      }
      const forbidden = mustNotImport(readFileSync(path, 'utf8'));
      if (forbidden === null) {
        problems.push(`${path} has no line starting "Must not import:"`);
        continue;
      }
      for (const name of forbidden) if (!folders.includes(name)) problems.push(`${path} names src/${name}, which is not a folder`);
      for (const file of files.filter((f) => folderOf(f) === folder)) {
        for (const target of graph.get(file) ?? []) {
          const into = folderOf(target);
          if (into !== null && forbidden.includes(into)) problems.push(`${file} imports ${target}, but ${path} says it must not import src/${into}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
