/**
 * Paper links → one canonical arXiv id. The forms people paste (versions are the same paper):
 *
 *   arxiv.org/abs/<id>[vN]            (also www., export., http:, a query or fragment)
 *   arxiv.org/pdf/<id>[vN][.pdf]
 *   arxiv.org/html/<id>[vN][/…]
 *   huggingface.co/papers/<id>        (also hf.co)
 *   alphaxiv.org/abs/<id>[vN]         (also www.alphaxiv.org)
 *   alphaxiv.org/overview/<id>[vN]    (alphaXiv's summary page of the paper)
 *
 * <id> is new-style (`2502.11089`, a real month) or old-style (`hep-th/9901001`, `math.GT/0309136` → `math/0309136`).
 * Trailing junk a message glues on (`).,;:!?'"`, an encoded `)`) is ignored; anything else after the id (more
 * digits, letters) means it is not a paper link. Every other page (`/list/cs.CL/recent`, `/a/someone`, search, the
 * front page, blog.arxiv.org) is not a paper: null.
 */

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?(\.pdf)?(.*)$/s;
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)*)(\.[A-Za-z]{2})?\/(\d{7})(v\d+)?(\.pdf)?(.*)$/s;
/** What may follow an id: sentence punctuation and closing brackets a message glues on, or a path/slash. */
const TRAILING_JUNK = /^(?:[/).,;:!?'"\]>}*_~]|%29|%5D)*$/i;
const HTML_REST = /^\/.*$/s;

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const ALPHAXIV_HOSTS = new Set(['alphaxiv.org', 'www.alphaxiv.org']);

/** The domains the manifest lists under `unfurl_domains` (Slack matches subdomains too). */
export const PAPER_LINK_DOMAINS = ['arxiv.org', 'huggingface.co', 'hf.co', 'alphaxiv.org'] as const;

/** `2502.11089v2.pdf)` → `2502.11089`; null when the text does not start with an id followed only by junk. */
export function arxivIdAtStart(text: string, options: { allowSubpath?: boolean } = {}): string | null {
  const endsWell = (rest: string): boolean => TRAILING_JUNK.test(rest) || (options.allowSubpath === true && HTML_REST.test(rest));
  const modern = NEW_STYLE.exec(text);
  if (modern) {
    const [, yy, mm, number, , , rest] = modern;
    const month = Number(mm);
    if (month < 1 || month > 12 || rest === undefined || !endsWell(rest)) return null;
    // Four-digit numbers until 2014 (1412), five-digit from 1501 on.
    const yymm = Number(`${yy}${mm}`);
    if (number?.length === 5 ? yymm < 1501 : yymm >= 1501) return null;
    if (yymm < 704) return null;
    return `${yy}${mm}.${number}`;
  }
  const old = OLD_STYLE.exec(text);
  if (old) {
    const [, archive, , number, , , rest] = old;
    if (rest === undefined || !endsWell(rest)) return null;
    const month = Number(number?.slice(2, 4));
    if (month < 1 || month > 12) return null;
    return `${archive}/${number}`;
  }
  return null;
}

function parseUrl(raw: string): URL | null {
  const text = raw.trim().replace(/^<|>$/g, '');
  try {
    const url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The canonical arXiv id a pasted paper link points at, or null for anything that is not a paper page. */
export function arxivIdFromUrl(raw: string): string | null {
  const url = parseUrl(raw);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const after = (prefix: string): string | null => (path.startsWith(prefix) ? path.slice(prefix.length) : null);

  if (ARXIV_HOSTS.has(host)) {
    const abs = after('/abs/');
    if (abs !== null) return arxivIdAtStart(abs);
    const pdf = after('/pdf/');
    if (pdf !== null) return arxivIdAtStart(pdf);
    const html = after('/html/');
    if (html !== null) return arxivIdAtStart(html, { allowSubpath: true });
    return null;
  }
  if (HF_HOSTS.has(host)) {
    const paper = after('/papers/');
    return paper === null ? null : arxivIdAtStart(paper);
  }
  if (ALPHAXIV_HOSTS.has(host)) {
    const page = after('/abs/') ?? after('/overview/');
    return page === null ? null : arxivIdAtStart(page);
  }
  return null;
}

/** An id as stored or typed (`2502.11089v2`, `math.GT/0309136`) in its canonical form; null when it is not one. */
export function canonicalArxivId(id: string): string | null {
  return arxivIdAtStart(id.trim());
}
