#!/usr/bin/env node
// The `paper-digest` command: with NODE_ENV=production the compiled CLI (dist/cli.js, `npm run build`), otherwise
// the TypeScript CLI through tsx, which ships as a dependency (the same rule as `npm start`, bin/start.js, .env
// included: NODE_ENV there counts, the real environment wins over it; the CLI inherits what was read).
import 'dotenv/config';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const compiled = join(here, '..', 'dist', 'cli.js');
if (process.env.NODE_ENV === 'production' && !existsSync(compiled)) {
  process.stderr.write('paper-digest: NODE_ENV=production runs the compiled CLI (dist/cli.js): run `npm run build` first.\n');
  process.exit(1);
}
const args =
  process.env.NODE_ENV === 'production'
    ? [compiled, ...process.argv.slice(2)]
    : [createRequire(import.meta.url).resolve('tsx/cli'), join(here, '..', 'src', 'cli.ts'), ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
