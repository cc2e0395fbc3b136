import type { FleetGuest } from '../../../../shared/model/fleet'
import type { DrGuestRow, DrLevel, DrReport } from '../../../../shared/model/dr'
import type { GuestFacts } from '../../../../shared/search/match'
import { compileQuery } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'

/** The matrix's sortable columns. */
export type SortKey = 'level' | 'guest' | 'site' | 'replication' | 'backup' | 'reasons'
export interface MatrixSort {
  key: SortKey
  descending: boolean
}
export const DEFAULT_SORT: MatrixSort = { key: 'level', descending: false }

/** The level filter's chips; `none` rows are behind « Tous les invités » instead. */
export type RatedLevel = Exclude<DrLevel, 'none'>
export const RATED_LEVELS: readonly RatedLevel[] = ['red', 'amber', 'green']

export interface MatrixFilter {
  /** The search syntax of the tree's search box (tag:prod node:pve1 -status:stopped …). */
  query: string
  levels: ReadonlySet<RatedLevel>
  /** Also the guests no target applies to. */
  all: boolean
}

export interface MatrixRow {
  key: string
  row: DrGuestRow
  facts: GuestFacts
}

const STATUSES: ReadonlySet<string> = new Set(['running', 'stopped', 'unknown'])

/**
 * A matrix row as the shared search sees a guest, so the matrix filters with the tree's own syntax. The report
 * carries what the search reads (cluster, node, site, tags, pool, name, vmid, type, status, HA state).
 */
export function rowFacts(row: DrGuestRow): GuestFacts {
  const guest: FleetGuest = {
    key: `${row.clusterId}/${row.type}/${row.vmid}`,
    clusterId: row.clusterId,
    kind: 'guest',
    type: row.type,
    vmid: row.vmid,
    node: row.node,
    name: row.name,
    status: STATUSES.has(row.status) ? (row.status as FleetGuest['status']) : 'unknown',
    template: row.template,
    tags: row.tags,
    ...(row.pool !== undefined ? { pool: row.pool } : {}),
    ...(row.ha?.current !== undefined ? { hastate: row.ha.current } : {}),
  }
  return { guest, site: row.site, clusterName: row.clusterName }
}

/** Made once per report: the filter and the sort then run over these without building anything. */
export const matrixRows = (report: DrReport): MatrixRow[] =>
  report.guests.map((row) => ({ key: `${row.clusterId}:${row.vmid}`, row, facts: rowFacts(row) }))

const LEVEL_ORDER: Record<DrLevel, number> = { red: 0, amber: 1, green: 2, none: 3 }

/** The freshest enabled replica's lag; never synced counts as the worst, no replica after every replica. */
const replicaLag = (row: DrGuestRow): number => {
  const jobs = row.replication.filter((j) => !j.disabled)
  if (jobs.length === 0) return -1
  return Math.min(...jobs.map((j) => j.lagSeconds ?? Number.MAX_SAFE_INTEGER))
}
const backupAge = (row: DrGuestRow): number =>
  row.lastBackup === undefined ? Number.MAX_SAFE_INTEGER : row.lastBackup.ageSeconds

const byName = (a: DrGuestRow, b: DrGuestRow): number =>
  a.name.localeCompare(b.name) || a.clusterId.localeCompare(b.clusterId) || a.vmid - b.vmid

const COMPARE: Record<SortKey, (a: DrGuestRow, b: DrGuestRow) => number> = {
  level: (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || b.flags.length - a.flags.length,
  guest: (a, b) => byName(a, b),
  site: (a, b) => a.site.localeCompare(b.site) || a.node.localeCompare(b.node),
  // Descending puts the worst first: the largest lag, the oldest backup.
  replication: (a, b) => replicaLag(a) - replicaLag(b),
  backup: (a, b) => backupAge(a) - backupAge(b),
  reasons: (a, b) => a.flags.length - b.flags.length,
}

/** The rows shown: filtered by level and search, sorted (the name breaks ties, so the order is stable). */
export function shownRows(rows: readonly MatrixRow[], filter: MatrixFilter, sort: MatrixSort): MatrixRow[] {
  const matches = compileQuery(parseQuery(filter.query).query)
  const shown = rows.filter(({ row, facts }) => {
    if (row.level === 'none') {
      if (!filter.all) return false
    } else if (!filter.levels.has(row.level)) return false
    return matches(facts)
  })
  const compare = COMPARE[sort.key]
  const sign = sort.descending ? -1 : 1
  return shown.sort((a, b) => sign * compare(a.row, b.row) || byName(a.row, b.row))
}
