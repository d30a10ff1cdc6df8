/** Where the Socket Mode connection to Slack stands (Slack's client reconnects on its own, with backoff). */
/** `refused`: Slack refused the app-level token (SLACK_APP_TOKEN) when asked for a connection; `reason` says how. */
export type SocketState = 'connecting' | 'connected' | 'disconnected' | 'refused';

export interface SocketStatus {
  state: SocketState;
  since: Date;
  /** Slack's error code when it refused the connection. */
  reason?: string;
}

/**
 * What `/healthz` reports beyond the index: whether the process is shutting down, and in Socket Mode whether
 * its WebSocket to Slack is up. Written by the shutdown and the socket watcher, read by the health routes.
 */
export class ServiceStatus {
  #stopping = false;
  #socket: SocketStatus | undefined;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  get stopping(): boolean {
    return this.#stopping;
  }

  /** From SIGTERM on: readiness fails at once so a load balancer stops sending work here. */
  markStopping(): void {
    this.#stopping = true;
  }

  /** Undefined in HTTP mode (no socket to watch). */
  get socket(): SocketStatus | undefined {
    return this.#socket;
  }

  setSocket(state: SocketState, reason?: string): void {
    if (this.#socket?.state === state && this.#socket.reason === reason) return;
    this.#socket = { state, since: this.clock(), ...(reason === undefined ? {} : { reason }) };
  }
}
