/** `raw` (a URL setting) as an error may quote it: whatever stands before an `@` (a user name and password) hidden. */
export function quotableUrl(raw: string): string {
  return raw.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^/?#]*@/i, '$1***@');
}
