/**
 * A server's text as it may reach the operator's terminal: control characters (an ESC or a C1 CSI starting a
 * terminal sequence that rewrites the screen or the title, a CR hiding what came before) shown as `^[`-style
 * carets or `\x9b`, tabs kept. A hostile or broken server writes task logs, names and exit statuses; none of it
 * drives the terminal.
 */
export function printable(text: string, { keepNewlines = false }: { keepNewlines?: boolean } = {}): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    if (keepNewlines && c === '\n') return c
    const code = c.charCodeAt(0)
    if (code < 0x20) return `^${String.fromCharCode(code + 64)}`
    return code === 0x7f ? '^?' : `\\x${code.toString(16)}`
  })
}
