import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { migrateInParallelProcesses } from '/work/main/test/store/migrate-children.ts';
let bad = 0;
for (let i = 0; i < Number(process.argv[2] ?? 10); i++) {
  const dir = mkdtempSync('/tmp/walstress/r-');
  const r = await migrateInParallelProcesses(`sqlite:${join(dir, 'x.sqlite')}`, 8);
  for (const x of r) if (!x.ok) { bad++; console.log(x.error); }
}
console.log('bad', bad);
