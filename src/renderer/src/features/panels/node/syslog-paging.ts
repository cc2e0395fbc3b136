/**
 * Which page of the node's syslog to ask. PVE's GUI shows the tail (proxmox-widget-toolkit LogView asks
 * `start = total - limit` once it knows the total), so do we: `last` until the operator pages back. The total
 * is known only from an answer, so the first ask of `last` reads from 0 and the next one moves to the tail.
 */
export type SyslogPosition = { kind: 'last' } | { kind: 'at'; start: number }

export const SYSLOG_LIMIT = 500

/** The `start` to ask for a position, given the total PVE last reported (undefined before any answer). */
export function syslogStart(
  position: SyslogPosition,
  total: number | undefined,
  limit = SYSLOG_LIMIT,
): number {
  if (position.kind === 'at') return Math.max(0, position.start)
  return total === undefined ? 0 : Math.max(0, total - limit)
}

/** Where the paging buttons lead from the page shown at `start`. */
export function syslogMoves(
  start: number,
  total: number | undefined,
  limit = SYSLOG_LIMIT,
): { first?: SyslogPosition; previous?: SyslogPosition; next?: SyslogPosition; last?: SyslogPosition } {
  const atEnd = total === undefined || start + limit >= total
  return {
    ...(start > 0
      ? {
          first: { kind: 'at', start: 0 } as const,
          previous: { kind: 'at', start: Math.max(0, start - limit) } as const,
        }
      : {}),
    ...(atEnd
      ? {}
      : { next: { kind: 'at', start: start + limit } as const, last: { kind: 'last' } as const }),
  }
}
