/**
 * `text` with control characters escaped (`\x1b` for ESC...), so that a folder name or a log written by
 * someone else cannot send escape sequences to the terminal. `lines`: keep newlines and tabs.
 */
export function printable(text: string, lines = false): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) =>
    lines && (char === "\n" || char === "\t")
      ? char
      : `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}
