/**
 * Control characters other than whitespace: C0 (NUL, ESC, bell, backspace…), DEL and C1. They come from PDF
 * extraction and broken encoders, show as nothing or as terminal escapes, and Postgres refuses a NUL in text
 * outright (the whole transaction with it: one such paper failed its day).
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** Paper text from a source as one clean line: control characters dropped, whitespace runs one space, trimmed. */
export function oneLineText(text: string): string {
  return text.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}
