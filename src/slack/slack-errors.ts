/** The Slack error code (`not_in_channel`, `ratelimited`, …) behind a Web API failure, if there is one. */
export function slackErrorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const data = (error as { data?: unknown }).data;
  if (typeof data === 'object' && data !== null) {
    const code = (data as { error?: unknown }).error;
    if (typeof code === 'string') return code;
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  return null;
}
