/**
 * vitest's global setup: the suite reads Slack's schemas, real payloads and Hugging Face API days from `../shared`
 * (as CI has it). Without that folder, one clear sentence instead of dozens of ENOENT failures.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function checkSharedFolder(): void {
  const shared = resolve(process.cwd(), '..', 'shared');
  const needed = ['schemas', 'fixtures', 'seeds'].map((folder) => resolve(shared, folder));
  const missing = needed.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `npm test needs the shared folder beside this checkout (Slack's schemas, real payloads, API days): ${missing.join(', ')} not found. Clone the project next to shared/ (as CI does).`,
    );
  }
}
