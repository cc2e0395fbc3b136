/** Epoch seconds as a local date (certificates, subscriptions): the day is what matters there. */
export function formatDate(epochSeconds: number | undefined, locale: string): string {
  if (epochSeconds === undefined || !Number.isFinite(epochSeconds)) return '—'
  const date = new Date(epochSeconds * 1000)
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleDateString(locale, { dateStyle: 'medium' })
}

/** Epoch seconds as a local date and time (backups, tasks). */
export function formatDateTime(epochSeconds: number | undefined, locale: string): string {
  if (epochSeconds === undefined || !Number.isFinite(epochSeconds)) return '—'
  const date = new Date(epochSeconds * 1000)
  return Number.isNaN(date.getTime())
    ? '—'
    : date.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' })
}

/** `9.1.2` from PVE's `pve-manager/9.1.2/abcdef` (or the text as it came). */
export function managerVersion(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const match = /^pve-manager\/([^/\s]+)/.exec(text)
  return match?.[1] ?? text
}
