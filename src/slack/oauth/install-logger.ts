import type { Logger } from '../../logger.ts';
import { InstallStoreError, storeDownLogLine, UNSUPPORTED_INSTALL } from './install-pages.ts';

/** Install redirects that end without an installation through the admin's doing, not the app's. */
const QUIET_CODES = new Set(['slack_oauth_invalid_state', 'slack_oauth_missing_state', 'slack_oauth_missing_code', UNSUPPORTED_INSTALL]);
const CANCELLED = 'slack_oauth_installer_authorization_error';

function codeOf(error: Error): unknown {
  return (error as { code?: unknown }).code;
}

/**
 * The logger Bolt's receiver (and so its OAuth installer) gets. The installer logs every redirect that installs
 * nothing as an ERROR with a stack trace, an admin's Cancel on Slack's consent page and a reloaded or expired link
 * included: those become one line (info for a Cancel, warn otherwise). Anything else is logged as it was.
 */
export function installerLogger(logger: Logger): Logger {
  return {
    debug: (...msg: unknown[]) => logger.debug(...msg),
    info: (...msg: unknown[]) => logger.info(...msg),
    warn: (...msg: unknown[]) => logger.warn(...msg),
    error: (...msg: unknown[]) => {
      const [first] = msg;
      if (msg.length === 1 && first instanceof Error) {
        const code = codeOf(first);
        if (code === CANCELLED) return logger.info('install cancelled on Slack\'s consent page: nothing installed');
        if (first instanceof InstallStoreError) return logger.error(storeDownLogLine(first));
        if (typeof code === 'string' && QUIET_CODES.has(code)) return logger.warn(`install not finished: ${first.message}`);
      }
      logger.error(...msg);
    },
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}
