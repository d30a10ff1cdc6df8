import type { App } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import * as paper from './paper.ts';

/** Every slash command the app answers (manifest.json declares the same list). */
export function register(app: App, deps: PaperCommandDeps): void {
  paper.register(app, deps);
}
