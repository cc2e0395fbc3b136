/** How close a certificate is to its end: the colour the operator must not miss. */
export type ExpiryTone = 'expired' | 'critical' | 'warning' | 'ok' | 'unknown'

const DAY = 86_400

/** Whole days left before `notAfter` (epoch seconds); negative once past. */
export function daysLeft(notAfter: number, nowSeconds: number): number {
  return Math.floor((notAfter - nowSeconds) / DAY)
}

/** Red under 15 days (and once expired or not yet valid), orange under 30, green beyond. */
export function expiryTone(
  cert: { notBefore?: number | undefined; notAfter?: number | undefined },
  nowSeconds: number,
): ExpiryTone {
  if (cert.notAfter === undefined || !Number.isFinite(cert.notAfter)) return 'unknown'
  if (cert.notAfter <= nowSeconds) return 'expired'
  if (cert.notBefore !== undefined && cert.notBefore > nowSeconds) return 'critical'
  const days = daysLeft(cert.notAfter, nowSeconds)
  if (days < 15) return 'critical'
  if (days < 30) return 'warning'
  return 'ok'
}

export const TONE_COLOR: Record<ExpiryTone, string> = {
  expired: 'red',
  critical: 'red',
  warning: 'orange',
  ok: 'green',
  unknown: 'gray',
}
