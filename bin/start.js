#!/usr/bin/env node
// `npm start`: with NODE_ENV=production the compiled JavaScript in dist/ (`npm run build`; Heroku builds it on
// deploy), so production pays no TypeScript compilation at start; otherwise src/main.ts through tsx (the local
// console after `npm install && npm start`, development). Either way the app runs in this process.
// .env is read first (the same `dotenv/config` the app imports, so it is read once), so NODE_ENV=production there
// picks the build too; a variable set in the real environment wins over .env, as everywhere in the app.
import 'dotenv/config';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.NODE_ENV === 'production') {
  const main = join(root, 'dist', 'main.js');
  if (!existsSync(main)) {
    process.stderr.write('paper-digest: NODE_ENV=production runs the compiled build (dist/main.js): run `npm run build` first.\n');
    process.exit(1);
  }
  await import(pathToFileURL(main).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'main.ts')).href);
}
