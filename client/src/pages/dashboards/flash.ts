let message: string | null = null;

/** A one-off confirmation for the next screen (e.g. "… is deleted." after a delete). */
export function flash(text: string): void {
  message = text;
}

/** The waiting confirmation, once: later renders get null. */
export function takeFlash(): string | null {
  const text = message;
  message = null;
  return text;
}
