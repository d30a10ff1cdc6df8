/**
 * `npm run cli -- similar` takes an arXiv id or a paper link as well as the corpus's own id (as `/paper similar`
 * does): papers stored from Hugging Face's real 2025-10-03 day (../shared/fixtures) are named by their arXiv ids.
 * Before, `similar 2510.02283` said no paper had that id.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './support/run-script.ts';

const DAY = resolve(import.meta.dirname, '../../shared/fixtures/hf-daily-papers/daily_papers_2025-10-03.json');

describe('cli similar <arXiv id | link>', { timeout: 60_000 }, () => {
  const env = { DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'paper-cli-similar-')), 'db.sqlite')}` };

  beforeAll(async () => {
    const ingested = await runScript('src/cli.ts', ['ingest', DAY, '--json'], { env });
    expect(ingested.code).toBe(0);
  }, 60_000);

  it('an arXiv id and an arxiv.org link answer what the paper id does', async () => {
    const byArxiv = await runScript('src/cli.ts', ['similar', '2510.02283', '--json'], { env });
    expect(byArxiv.code).toBe(0);
    const answer = JSON.parse(byArxiv.stdout) as { id: string; title: string; results: Array<{ id: string }> };
    expect(answer.title).toMatch(/^Self-Forcing\+\+/);
    expect(answer.results.length).toBeGreaterThan(0);
    const byId = await runScript('src/cli.ts', ['similar', answer.id, '--json'], { env });
    expect(JSON.parse(byId.stdout)).toEqual(answer);
    const byLink = await runScript('src/cli.ts', ['similar', 'https://arxiv.org/abs/2510.02283v1', '--json'], { env });
    expect(JSON.parse(byLink.stdout)).toEqual(answer);
  });

  it('an arXiv id the corpus lacks says so, with exit 2', async () => {
    const missing = await runScript('src/cli.ts', ['similar', '2509.00001'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no paper has the id "2509\.00001".*must be in the corpus/);
  });
});
