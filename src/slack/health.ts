import type { CustomRoute } from '@slack/bolt';
import type { SearchState } from '../search/search-state.ts';

/**
 * `GET /healthz` (readiness): 200 once the index is ready to answer, 503 while it is loading (load balancers wait);
 * `warmedUp` says whether its warm-up (see PaperSearch.warmUp) has finished.
 * `GET /livez` (liveness): 200 whenever the process serves HTTP at all; restart the process when it fails.
 */
export function healthRoutes(searchState: SearchState): CustomRoute[] {
  return [
    {
      path: '/livez',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'alive' }));
      },
    },
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        const search = searchState.current;
        res.writeHead(search ? 200 : 503, { 'content-type': 'application/json' });
        const body = search ? { status: 'ready', papers: search.size, warmedUp: !searchState.warmingUp } : { status: 'starting' };
        res.end(JSON.stringify(body));
      },
    },
  ];
}
