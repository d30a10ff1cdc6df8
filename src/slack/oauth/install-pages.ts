import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiverOptions } from '@slack/bolt';

type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions['installerOptions']>['callbackOptions']>;

/** Bolt's default install path; every page links back to it. */
const INSTALL_PATH = '/slack/install';

export const UNSUPPORTED_INSTALL = 'paper_digest_unsupported_install';

/** Thrown by the installation store for an install the app does not take (org-wide); shown as its own page. */
export class UnsupportedInstallError extends Error {
  override name = 'UnsupportedInstallError';
  readonly code = UNSUPPORTED_INSTALL;
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

/** Bolt's `installerOptions.callbackOptions`: its default success page, these failure pages. */
export const installCallbackOptions: CallbackOptions = {
  failure: (error, _options, req: IncomingMessage, res: ServerResponse) => {
    const page = installFailurePage(error.code, slackErrorParam(req));
    res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(renderInstallPage(page));
  },
};
