import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ChildMigration {
  ok: boolean;
  applied?: string[];
  error?: string;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Start `count` processes that each migrate `databaseUrl`; release them together once all are
 * loaded, so their migrations really overlap.
 */
export async function migrateInParallelProcesses(databaseUrl: string, count: number): Promise<ChildMigration[]> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', 'test/store/fixtures/migrate-at.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map(() => '');
  const ready = children.map(
    (child, i) =>
      new Promise<void>((resolveReady, reject) => {
        child.on('error', reject);
        child.stdout.on('data', (chunk: Buffer) => {
          outputs[i] += chunk.toString('utf8');
          if (outputs[i]?.startsWith('ready\n')) resolveReady();
        });
      }),
  );
  const exited = children.map((child) => new Promise<number | null>((r) => child.on('close', (code) => r(code))));
  await Promise.all(ready);
  for (const child of children) child.stdin.write('go\n');
  await Promise.all(exited);
  return outputs.map((out, i) => {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`child ${i} printed no result: ${JSON.stringify(out)}`);
    return JSON.parse(line) as ChildMigration;
  });
}
