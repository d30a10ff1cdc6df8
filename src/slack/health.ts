import type { CustomRoute } from '@slack/bolt';
import type { SearchState } from '../search/search-state.ts';

/** `GET /healthz`: 200 once the index is ready to answer, 503 while it is loading (load balancers wait). */
export function healthRoutes(searchState: SearchState): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        const search = searchState.current;
        res.writeHead(search ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(search ? { status: 'ready', papers: search.size } : { status: 'starting' }));
      },
    },
  ];
}
