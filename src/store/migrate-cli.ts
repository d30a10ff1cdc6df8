/**
 * `npm run migrate`: apply pending migrations to DATABASE_URL (or the default SQLite file) and print
 * what was applied. Exit code 1 on failure.
 */
import { config } from 'dotenv';
import { errorText } from '../error-text.ts';
import { migrateDatabase } from './index.ts';

config({ quiet: true });

async function main(): Promise<number> {
  try {
    const report = await migrateDatabase(process.env.DATABASE_URL);
    console.log(`Database: ${report.database}`);
    if (report.applied.length === 0) {
      console.log(`Already up to date (${report.known.length} migration${report.known.length === 1 ? '' : 's'}).`);
    } else {
      for (const name of report.applied) console.log(`Applied ${name}`);
      console.log(`Done: ${report.applied.length} applied, ${report.known.length} known.`);
    }
    return 0;
  } catch (error) {
    console.error(`Migration failed: ${errorText(error)}`);
    return 1;
  }
}

process.exitCode = await main();
