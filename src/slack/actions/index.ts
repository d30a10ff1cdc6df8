import type { App } from '@slack/bolt';
import type { PaperCommandDeps } from '../../commands/paper-command.ts';
import type { HomeService } from '../../digests/home-service.ts';
import * as home from './home.ts';
import * as rating from './rating.ts';
import * as saved from './saved.ts';
import * as share from './share.ts';
import * as showMore from './show-more.ts';
import * as similar from './similar.ts';
import * as unknownButton from './unknown-button.ts';
import * as unsubscribe from './unsubscribe.ts';

export interface ActionDeps extends PaperCommandDeps {
  home: HomeService;
}

/** Every button the app sends (action ids in src/views/action-ids.ts). */
export function register(app: App, deps: ActionDeps): void {
  showMore.register(app, deps);
  share.register(app, deps);
  similar.register(app, deps);
  unsubscribe.register(app, deps);
  home.register(app, deps);
  saved.register(app, deps);
  rating.register(app, deps);
  // Any other action_id (a button from an older version of the app): acknowledged and explained, never left hanging.
  unknownButton.register(app, deps);
}
