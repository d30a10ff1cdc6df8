import { createServer } from 'node:net';

/**
 * Whether the HTTP routes can listen on `port`. Bolt's Socket Mode receiver listens (for /healthz and /livez) without
 * an error handler, so a port another process holds ended the app with an "Unhandled 'error' event" and a stack:
 * Socket Mode asks first. Rejects with the listen error (EADDRINUSE, EACCES).
 */
export async function checkPortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** A listen failure in one line naming PORT and what to do; null for anything else. */
export function listenFailureText(error: unknown, port: number, mode: 'http' | 'socket'): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  const listens = mode === 'socket' ? 'in Socket Mode only /healthz and /livez listen on it' : 'Slack posts to /slack/events there';
  if (code === 'EADDRINUSE') return `PORT ${port} is already in use by another process (${listens}): stop that process or set PORT to a free port.`;
  if (code === 'EACCES') return `PORT ${port} needs privileges this process lacks (${listens}): set PORT to 1024 or above.`;
  return null;
}
