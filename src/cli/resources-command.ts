import { AppError } from '../shared/ipc/errors'
import type { FleetGuest, FleetItem } from '../shared/model/fleet'
import type { PveClient } from '../main/pve/pve-client'
import { clusterInventory, defaultSiteOf } from '../main/clusters/cluster-config'
import type { CliContext } from './context'
import { clientFor, findCluster } from './context'
import { EXIT, exitCodeFor } from './exit-codes'
import { hasIpTerm, learnAddresses, withoutIpTerms } from './guest-addresses'
import { csvField } from '../shared/csv-field'
import { compileQuery } from '../shared/search/match'
import type { SearchQuery } from '../shared/search/query'
import { printable } from './printable'
import { printTable } from './table'

export type ResourceType = 'vm' | 'node' | 'storage'
export type OutputFormat = 'table' | 'json' | 'csv'

const COLUMNS: Record<ResourceType, string[]> = {
  vm: ['cluster', 'vmid', 'name', 'type', 'node', 'site', 'status', 'lock', 'tags', 'cpu', 'mem', 'maxmem'],
  node: ['cluster', 'node', 'site', 'status', 'cpu', 'maxcpu', 'mem', 'maxmem', 'uptime'],
  storage: ['cluster', 'node', 'storage', 'plugintype', 'status', 'shared', 'disk', 'maxdisk'],
}
const KIND: Record<ResourceType, FleetItem['kind']> = { vm: 'guest', node: 'node', storage: 'storage' }

/**
 * `pvedesk resources`: `/cluster/resources` of every cluster (or one), normalized as the app sees it. A cluster
 * that does not answer is reported on stderr and the others are still printed; the exit status tells.
 */
export async function resources(
  ctx: CliContext,
  clusterId: string | undefined,
  type: ResourceType,
  format: OutputFormat,
  filter?: SearchQuery,
): Promise<number> {
  const matches = filter === undefined ? undefined : compileQuery(filter)
  const clusters = clusterId === undefined ? ctx.settings.clusters : [findCluster(ctx, clusterId)]
  const rows: Record<string, string>[] = []
  let status: number = EXIT.ok
  for (const cluster of clusters) {
    const client = await clientFor(ctx, cluster)
    try {
      const data = await client.call('GET', '/cluster/resources', { type })
      const items = clusterInventory(cluster, data)
      const siteOf = (node: string): string => cluster.sites[node] ?? defaultSiteOf(cluster)
      const ips = await addressesFor(client, [...items.values()], filter, cluster.name, siteOf)
      for (const item of items.values()) {
        if (item.kind !== KIND[type]) continue
        // `--filter` (guests only): the app's search syntax, matched as the tree matches it.
        if (
          matches !== undefined &&
          !(
            item.kind === 'guest' &&
            matches({
              guest: item,
              site: siteOf(item.node),
              clusterName: cluster.name,
              ...(ips === undefined ? {} : { ips: ips.get(item.key) ?? [] }),
            })
          )
        )
          continue
        rows.push(row(item, siteOf))
      }
    } catch (error) {
      const e = AppError.from(error)
      ctx.err(`pvedesk: ${e.code}: ${cluster.id}: ${printable(e.message)}`)
      status = exitCodeFor(e.code)
    } finally {
      client.dispose()
    }
  }
  print(ctx, COLUMNS[type], rows, format)
  return status
}

/**
 * With an `ip:` term, the addresses of the guests that match the rest of the query (see guest-addresses.ts);
 * without one, none are asked.
 */
async function addressesFor(
  client: PveClient,
  items: FleetItem[],
  filter: SearchQuery | undefined,
  clusterName: string,
  siteOf: (node: string) => string,
): Promise<Map<string, string[]> | undefined> {
  if (!hasIpTerm(filter)) return undefined
  const rest = compileQuery(withoutIpTerms(filter))
  const candidates = items.filter(
    (i): i is FleetGuest => i.kind === 'guest' && rest({ guest: i, site: siteOf(i.node), clusterName }),
  )
  return learnAddresses(client, candidates)
}

function row(item: FleetItem, siteOf: (node: string) => string): Record<string, string> {
  const text = (v: unknown): string =>
    Array.isArray(v)
      ? v.join(';')
      : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : ''
  const r: Record<string, string> = { cluster: item.clusterId }
  for (const [key, value] of Object.entries(item)) r[key] = text(value)
  if ('node' in item) r.site = siteOf(item.node)
  return r
}

function print(
  ctx: CliContext,
  columns: string[],
  rows: Record<string, string>[],
  format: OutputFormat,
): void {
  if (format === 'json') {
    ctx.out(
      JSON.stringify(
        rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? '']))),
        null,
        2,
      ),
    )
    return
  }
  if (format === 'csv') {
    ctx.out(columns.join(','))
    for (const r of rows) ctx.out(columns.map((c) => csvField(r[c] ?? '')).join(','))
    return
  }
  printTable(
    ctx,
    columns,
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, value]) => [k, printable(value)]))),
  )
}

export { csvField }
