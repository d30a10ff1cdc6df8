/** Where the Socket Mode connection to Slack stands (Slack's client reconnects on its own, with backoff). */
export type SocketState = 'connecting' | 'connected' | 'disconnected';

/**
 * What `/healthz` reports beyond the index: whether the process is shutting down, and in Socket Mode whether
 * its WebSocket to Slack is up. Written by the shutdown and the socket watcher, read by the health routes.
 */
export class ServiceStatus {
  #stopping = false;
  #socket: { state: SocketState; since: Date } | undefined;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  get stopping(): boolean {
    return this.#stopping;
  }

  /** From SIGTERM on: readiness fails at once so a load balancer stops sending work here. */
  markStopping(): void {
    this.#stopping = true;
  }

  /** Undefined in HTTP mode (no socket to watch). */
  get socket(): { state: SocketState; since: Date } | undefined {
    return this.#socket;
  }

  setSocket(state: SocketState): void {
    if (this.#socket?.state === state) return;
    this.#socket = { state, since: this.clock() };
  }
}
