/** Epoch seconds as `2026-12-01T15:42:23Z`: UTC, so that a script's output is the same on every machine. */
export function isoTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000)
  return Number.isNaN(date.getTime()) ? String(epochSeconds) : date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
