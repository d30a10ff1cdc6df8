/**
 * `HF_API_URL` → the Hugging Face API URLs the app calls. Operators give either the API's base (a proxy or
 * mirror: `https://huggingface.co`, `https://mirror.example/hf/`) or the daily papers endpoint itself
 * (`https://huggingface.co/api/daily_papers`); both mean the same API. A path that ends in
 * `/api/daily_papers` is the endpoint, anything else is the base, and every endpoint hangs off the base.
 * A query string on HF_API_URL (a proxy's token) is kept on every URL.
 */

import { quotableUrl } from '../quotable-url.ts';

export const DEFAULT_HF_API_URL = 'https://huggingface.co';

const DAILY_PAPERS_PATH = '/api/daily_papers';

export class HfApiUrlError extends Error {
  override name = 'HfApiUrlError';
}

export interface HfEndpoints {
  /** The base, always ending in `/` (its query string kept). */
  base: string;
  /** `GET ?date=YYYY-MM-DD&limit=100`: one day's list. */
  dailyPapers: string;
  /** One paper's record (`/api/papers/<arXiv id>`). */
  paper(arxivId: string): string;
}

/**
 * Refuses a URL carrying a user name or password: fetch will not send them (every request would fail, quoting the
 * URL, password included, in the logs and the ingest report).
 */
export function refuseCredentials(url: URL, variable: string): string | null {
  if (url.username === '' && url.password === '') return null;
  return `${variable} must not carry a user name or password (${quotableUrl(url.href)}): requests cannot send them; a proxy's token can go in the query string.`;
}

export function hfEndpoints(raw: string): HfEndpoints {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new HfApiUrlError(`HF_API_URL must be a URL such as ${DEFAULT_HF_API_URL} (got "${quotableUrl(raw)}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HfApiUrlError(`HF_API_URL must be an http(s) URL such as ${DEFAULT_HF_API_URL} (got "${quotableUrl(raw)}").`);
  }
  const credentials = refuseCredentials(url, 'HF_API_URL');
  if (credentials !== null) throw new HfApiUrlError(credentials);
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(DAILY_PAPERS_PATH)) path = path.slice(0, -DAILY_PAPERS_PATH.length);
  const at = (suffix: string): string => {
    const endpoint = new URL(url);
    endpoint.pathname = `${path}${suffix}`;
    return endpoint.toString();
  };
  return {
    base: at('/'),
    dailyPapers: at(DAILY_PAPERS_PATH),
    paper: (arxivId) => at(`/api/papers/${encodeURIComponent(arxivId)}`),
  };
}
