/**
 * Where the arXiv API is (`ARXIV_API_URL`, checked when the configuration is read) and the query for one paper.
 * Apart from arxiv-atom.ts, which reads the answer, so reading the configuration does not load the feed parser.
 */
import { quotableUrl } from '../quotable-url.ts';
import { refuseCredentials } from './hf-endpoints.ts';

export const DEFAULT_ARXIV_API_URL = 'http://export.arxiv.org/api/query';

export class ArxivApiUrlError extends Error {
  override name = 'ArxivApiUrlError';
}

/** `ARXIV_API_URL` checked: an http(s) URL (the query endpoint itself; a query string such as a proxy's token is kept). */
export function checkArxivApiUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ArxivApiUrlError(`ARXIV_API_URL must be a URL such as ${DEFAULT_ARXIV_API_URL} (got "${quotableUrl(raw)}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArxivApiUrlError(`ARXIV_API_URL must be an http(s) URL such as ${DEFAULT_ARXIV_API_URL} (got "${quotableUrl(raw)}").`);
  }
  const credentials = refuseCredentials(url, 'ARXIV_API_URL');
  if (credentials !== null) throw new ArxivApiUrlError(credentials);
  return url.toString();
}

/** The query for one paper: `<endpoint>?id_list=<id>&max_results=1` (other parameters of the endpoint kept). */
export function arxivQueryUrl(endpoint: string, arxivId: string): string {
  const url = new URL(endpoint);
  url.hash = '';
  url.searchParams.set('id_list', arxivId);
  url.searchParams.set('max_results', '1');
  return url.toString();
}
