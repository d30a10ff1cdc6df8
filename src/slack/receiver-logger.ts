import type { Logger } from '../logger.ts';

/** What Bolt's HTTP receiver logs when a request's signature does not verify (it then answers 401). */
const SIGNATURE_FAILURE = /^Failed to parse and verify the request data: .*(signature mismatch|stale)/;

/**
 * The logger Bolt's HTTP receiver gets: a request refused for its signature names what to check, as the operator
 * sees only "signature mismatch" otherwise. Every other line passes through.
 */
export function receiverLogger(logger: Logger): Logger {
  return {
    debug: (...msg: unknown[]) => logger.debug(...msg),
    info: (...msg: unknown[]) => logger.info(...msg),
    warn: (...msg: unknown[]) => {
      const [first] = msg;
      if (msg.length === 1 && typeof first === 'string' && SIGNATURE_FAILURE.test(first)) {
        const hint = first.includes('stale')
          ? "its timestamp is over 5 minutes from this machine's clock (a replayed request, or the clock is off)"
          : "check SLACK_SIGNING_SECRET: it must be the Signing Secret on the app's Basic Information page";
        return logger.warn(`request refused (401): ${first.replace(/^Failed to parse and verify the request data: /, '')}; ${hint}`);
      }
      logger.warn(...msg);
    },
    error: (...msg: unknown[]) => logger.error(...msg),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}
