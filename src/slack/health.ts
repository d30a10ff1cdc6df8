import type { CustomRoute } from '@slack/bolt';
import type { SearchState } from '../search/search-state.ts';
import type { ServiceStatus } from './service-status.ts';

/**
 * `GET /healthz` (readiness): 200 once the index is ready to answer (and, in Socket Mode, the WebSocket to Slack
 * is up); 503 `starting` while the index loads, `disconnected` while the socket is down (Slack's client is
 * reconnecting; `socket: refused` with Slack's `reason` while Slack refuses the app-level token), `stopping` from
 * SIGTERM on. `warmedUp` says whether the index warm-up (PaperSearch.warmUp) is done.
 * `GET /livez` (liveness): 200 whenever the process serves HTTP at all, shutdown included; restart it when it fails.
 */
export function healthRoutes(searchState: SearchState, status: ServiceStatus): CustomRoute[] {
  return [
    {
      path: '/livez',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'alive' }));
      },
    },
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        const { code, body } = readiness(searchState, status);
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
    },
  ];
}

function readiness(searchState: SearchState, status: ServiceStatus): { code: number; body: Record<string, unknown> } {
  if (status.stopping) return { code: 503, body: { status: 'stopping' } };
  const search = searchState.current;
  const socket = status.socket;
  // A refused token comes first: it is what an operator must fix, whether or not the index is in yet. A socket still
  // connecting while the index loads says "starting" (the index is not waiting for it: both go on at once).
  const socketDown = socket && socket.state !== 'connected' && (search || socket.state === 'refused');
  if (socketDown) {
    const reason = socket.reason === undefined ? {} : { reason: socket.reason };
    return { code: 503, body: { status: 'disconnected', socket: socket.state, ...reason, since: socket.since.toISOString() } };
  }
  if (!search) return { code: 503, body: { status: 'starting' } };
  const connection = socket ? { socket: socket.state, since: socket.since.toISOString() } : {};
  return { code: 200, body: { status: 'ready', papers: search.size, warmedUp: !searchState.warmingUp, ...connection } };
}
