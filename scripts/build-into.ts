/**
 * The production build (`npm run build`: tsconfig.build.json) compiled into another folder, laid out so its
 * JavaScript runs from there as it does from dist/: a package.json saying ES modules, and this checkout's
 * node_modules beside it. For the compiled-build test and the start-up bench, which must not touch dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * Compiles src/ into `<dir>/dist` (throws with tsc's output when it fails); returns that folder. `incremental`: `dir`
 * is kept from one call to the next and tsc recompiles only what changed since (its build info beside dist/).
 */
export function buildInto(dir: string, repo: string = process.cwd(), options: { incremental?: boolean } = {}): string {
  const tsc = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');
  const dist = join(dir, 'dist');
  const buildInfo = join(dir, 'tsconfig.build.tsbuildinfo');
  mkdirSync(dir, { recursive: true });
  // Build info without the output it describes (dist/ removed by hand) would make tsc write nothing.
  if (options.incremental && !existsSync(join(dist, 'main.js'))) rmSync(buildInfo, { force: true });
  const incremental = options.incremental ? ['--incremental', '--tsBuildInfoFile', buildInfo] : [];
  const args = [tsc, '-p', join(repo, 'tsconfig.build.json'), '--outDir', dist, ...incremental];
  const result = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(resolve(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dist;
}
