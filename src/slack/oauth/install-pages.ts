import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiverOptions, InstallURLOptions } from '@slack/bolt';

type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions['installerOptions']>['callbackOptions']>;

/** Bolt's default install path; every page links back to it. */
const INSTALL_PATH = '/slack/install';

export const UNSUPPORTED_INSTALL = 'paper_digest_unsupported_install';

/** Thrown by the installation store for an install the app does not take (org-wide); shown as its own page. */
export class UnsupportedInstallError extends Error {
  override name = 'UnsupportedInstallError';
  readonly code = UNSUPPORTED_INSTALL;
}

export const STORE_UNAVAILABLE = 'paper_digest_store_unavailable';

/**
 * The database failed while an install was checked or saved (down, restarting, out of connections): nothing was
 * installed, and the admin is asked to try again in a minute rather than shown a server error.
 */
export class InstallStoreError extends Error {
  override name = 'InstallStoreError';
  readonly code = STORE_UNAVAILABLE;
  constructor(readonly what: string, cause: unknown) {
    super(`the database could not be reached to ${what} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

/** The operator's one line for an install the database stopped (no stack trace: the cause is the database). */
export function storeDownLogLine(error: InstallStoreError): string {
  return `install not finished: ${error.message}; the admin was asked to try again in a minute`;
}

export interface InstallPage {
  status: number;
  title: string;
  text: string;
}

const START_AGAIN = `<a href="${INSTALL_PATH}">Start the installation again</a>`;

/**
 * The page an admin lands on when `/slack/oauth_redirect` does not end in an installation. Bolt's own says "Oops,
 * Something Went Wrong! (reason: slack_oauth_…)" with a 500 even for a Cancel on Slack's consent page; these say
 * what happened and what to do, and never show Slack's error text or anything of the request beyond Slack's code.
 */
export function installFailurePage(code: string | undefined, slackError: string | null): InstallPage {
  if (slackError === 'access_denied') {
    return { status: 200, title: 'Installation cancelled', text: `You did not allow Paper Digest, so nothing was installed and nothing changed in your workspace. ${START_AGAIN} whenever you like.` };
  }
  if (slackError !== null) {
    return { status: 400, title: 'Installation not finished', text: `Slack did not finish the installation (Slack said <code>${escapeHtml(slackError)}</code>), so nothing was installed. ${START_AGAIN}.` };
  }
  switch (code) {
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_state':
    case 'slack_oauth_missing_code':
      return {
        status: 400,
        title: 'This installation link has expired',
        text: `An installation has to start and finish in the same browser within 10 minutes; this one expired, was opened in another browser or was already used, so nothing was installed. ${START_AGAIN}.`,
      };
    case STORE_UNAVAILABLE:
      return {
        status: 503,
        title: 'Installation not finished',
        text: `Paper Digest could not save the installation just now, so nothing was installed. Please try again in a minute: ${START_AGAIN}.`,
      };
    case UNSUPPORTED_INSTALL:
      return {
        status: 400,
        title: 'Install Paper Digest in each workspace',
        text: `Org-wide (Enterprise Grid) installs are not supported, so nothing was installed. Install the app in each workspace that wants it: ${START_AGAIN} and pick a workspace.`,
      };
    default:
      return {
        status: 500,
        title: 'Installation not finished',
        text: `Slack did not finish the installation, so nothing was installed. ${START_AGAIN}; if it keeps failing, tell whoever runs this app (its log says why).`,
      };
  }
}

export function renderInstallPage(page: InstallPage): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${page.title} – Paper Digest</title>
<style>body { padding: 10px 15px; font-family: verdana, sans-serif; text-align: center; }</style></head>
<body><h2>${page.title}</h2><p>${page.text}</p></body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function slackErrorParam(req: IncomingMessage): string | null {
  try {
    return new URL(req.url ?? '', 'http://localhost').searchParams.get('error');
  } catch {
    return null;
  }
}

function sendInstallPage(res: ServerResponse, page: InstallPage): void {
  res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(renderInstallPage(page));
}

/** Bolt's `installerOptions.callbackOptions`: its default success page, these failure pages. */
export const installCallbackOptions: CallbackOptions = {
  failure: (error, _options, req: IncomingMessage, res: ServerResponse) => {
    sendInstallPage(res, installFailurePage(error.code, slackErrorParam(req)));
  },
};

/**
 * Bolt's `installerOptions.installPathOptions`: before `/slack/install` redirects, `prepare` (the state store's
 * cleanup and the saving of the state Bolt then uses, database writes) runs. When the database does not answer, the
 * admin gets the "try again in a minute" page at once: Bolt itself would log the failure and leave the browser waiting
 * for an answer that never comes (and in Socket Mode end the process).
 */
export function installPathOptions(
  prepare: (installOptions: InstallURLOptions | undefined) => Promise<void>,
  log: (line: string) => void,
): { beforeRedirection: (req: IncomingMessage, res: ServerResponse, installOptions?: InstallURLOptions) => Promise<boolean> } {
  return {
    beforeRedirection: async (_req, res, installOptions) => {
      try {
        await prepare(installOptions);
        return true;
      } catch (cause) {
        const error = cause instanceof InstallStoreError ? cause : new InstallStoreError('start an installation', cause);
        log(storeDownLogLine(error));
        sendInstallPage(res, installFailurePage(STORE_UNAVAILABLE, null));
        return false;
      }
    },
  };
}
