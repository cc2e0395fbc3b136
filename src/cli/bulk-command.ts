import { randomUUID } from 'node:crypto'

import { AppError } from '../shared/ipc/errors'
import type { PlanCluster } from '../shared/guests/bulk-plan'
import { planBulk } from '../shared/guests/bulk-plan'
import type { BulkActionKind, BulkEntryResult, BulkPlan, BulkProgress } from '../shared/model/bulk'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { FleetGuest, FleetItem } from '../shared/model/fleet'
import { compileQuery } from '../shared/search/match'
import { clusterInventory, defaultSiteOf } from '../main/clusters/cluster-config'
import type { ClusterAccess } from '../main/guests/cluster-access'
import { readPermissionMap } from '../main/guests/cluster-access'
import { runBulk } from '../main/guests/bulk-runner'
import { checkMigrations } from '../main/guests/bulk-preconditions'
import type { PveClient } from '../main/pve/pve-client'
import { followThrough } from '../main/tasks/follow-through'
import type { Values } from './cli-options'
import { usage } from './cli-options'
import type { ScopeCluster } from './bulk-options'
import { bulkAction, concurrencyOf } from './bulk-options'
import { printPlan, resultLine, summaryLine } from './bulk-output'
import type { CliContext } from './context'
import { clientFor, findCluster } from './context'
import type { ClusterRead } from './cluster-access'
import { readAccess } from './cluster-access'
import { EXIT, exitCodeFor } from './exit-codes'
import { parseFilter } from './filter'
import { printable } from './printable'
import { DEFAULT_FOLLOW_INTERVAL_MS } from './task-wait'

/** One cluster as read for a bulk action: its client (kept for the run), fleet items and privileges. */
interface LoadedCluster {
  cluster: ClusterInput
  client: PveClient
  items: FleetItem[]
  /** What the plan was made from; the run's access starts from it (read again only when needed). */
  read: ClusterRead
  plan: PlanCluster
}

/** `/cluster/resources` (every kind: guests, nodes, storages) and the user's whole `/access/permissions`. */
async function readCluster(
  cluster: ClusterInput,
  client: PveClient,
  signal: AbortSignal | undefined,
): Promise<ClusterRead> {
  const [resources, permissions] = await Promise.all([
    client.call('GET', '/cluster/resources', undefined, signal),
    client.call('GET', '/access/permissions', undefined, signal),
  ])
  return {
    items: [...clusterInventory(cluster, resources).values()],
    permissions: readPermissionMap(permissions),
  }
}

async function load(ctx: CliContext, cluster: ClusterInput): Promise<LoadedCluster> {
  const client = await clientFor(ctx, cluster)
  try {
    const read = await readCluster(cluster, client, ctx.signal)
    const { items } = read
    const siteOf = (node: string): string => cluster.sites[node] ?? defaultSiteOf(cluster)
    return {
      cluster,
      client,
      items,
      read,
      plan: {
        clusterId: cluster.id,
        readOnly: cluster.readOnly,
        reachable: true,
        permissions: read.permissions,
        siteOf,
        onlineNodes: new Set(
          items.flatMap((i) => (i.kind === 'node' && i.status === 'online' ? [i.node] : [])),
        ),
      },
    }
  } catch (error) {
    client.dispose()
    throw error
  }
}

const scopeOf = (c: LoadedCluster): ScopeCluster => ({
  clusterId: c.cluster.id,
  nodes: new Set(c.items.flatMap((i) => (i.kind === 'node' ? [i.node] : []))),
  storages: new Set(c.items.flatMap((i) => (i.kind === 'storage' ? [i.storage] : []))),
})

/**
 * `pvedesk bulk <action> --filter QUERY`: reads each cluster in scope, picks the guests the query matches, plans
 * with the app's planner (who runs, who is skipped and why), prints the plan; `--dry-run` stops there. Otherwise
 * it asks `Run N actions? [y/N]` on the terminal (none: `--yes` is needed), runs with the app's bulk runner (at
 * most `--concurrency` per cluster, each task followed to its end, HA requests through the agent's task) and
 * prints a line per guest as it ends. Ctrl-C starts nothing new; what runs is still followed (Ctrl-C again quits).
 * Exit status 8 when any action failed.
 */
export async function bulkCommand(ctx: CliContext, kind: BulkActionKind, v: Values): Promise<number> {
  const predicate = compileQuery(parseFilter(v.filter, { required: true }))
  // Said before any cluster is asked: a script without --yes learns it at once.
  if (!v.yes && !v['dry-run'] && ctx.confirm === undefined)
    throw usage('no terminal to ask on: repeat with --yes to run the plan (or --dry-run to see it)')
  const clusters =
    (v.cluster ?? []).length === 0
      ? ctx.settings.clusters
      : (v.cluster ?? []).map((id) => findCluster(ctx, id))
  const loaded: LoadedCluster[] = []
  let status: number = EXIT.ok
  try {
    for (const cluster of clusters) {
      try {
        loaded.push(await load(ctx, cluster))
      } catch (error) {
        const e = AppError.from(error)
        if (e.code === 'cancelled') throw e
        ctx.err(`pvedesk: ${e.code}: ${cluster.id}: ${printable(e.message)}`)
        status = exitCodeFor(e.code)
      }
    }
    const action = bulkAction(kind, v, loaded.map(scopeOf))
    const guests: FleetGuest[] = loaded.flatMap((c) =>
      c.items.filter(
        (i): i is FleetGuest =>
          i.kind === 'guest' &&
          predicate({ guest: i, site: c.plan.siteOf(i.node), clusterName: c.cluster.name }),
      ),
    )
    const accessOf = accessesOf(ctx, loaded)
    const planned = planBulk(action, guests, new Map(loaded.map((c) => [c.cluster.id, c.plan])))
    const plan: BulkPlan = {
      planId: randomUUID(),
      action,
      // A migration's VMs judged by PVE's own precondition, as the app's plan (4 reads at once per cluster).
      entries: await checkMigrations(action, planned, guests, accessOf, {
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      }),
      concurrency: concurrencyOf(v, ctx.settings.actions.bulkConcurrency),
    }
    const runs = plan.entries.filter((e) => e.run).length
    if (!v.json) printPlan(ctx, plan)
    if (v['dry-run'] || runs === 0) {
      if (v.json) ctx.out(JSON.stringify({ plan, results: null }, null, 2))
      return status
    }
    if (!v.yes) {
      const yes = await askToRun(ctx, runs)
      if (yes !== true) {
        ctx.err('pvedesk: nothing was run')
        if (v.json) ctx.out(JSON.stringify({ plan, results: null }, null, 2))
        return yes === 'interrupted' ? EXIT.interrupted : status
      }
    }
    const progress = await run(ctx, plan, accessOf, v.json)
    if (v.json)
      ctx.out(JSON.stringify({ plan, results: progress.results, cancelled: progress.cancelled }, null, 2))
    else ctx.out(summaryLine(progress.results))
    if (progress.results.some((r) => r.state === 'failed')) return EXIT.failed
    return progress.cancelled ? EXIT.interrupted : status
  } finally {
    for (const c of loaded) c.client.dispose()
  }
}

/**
 * `Run N actions? [y/N]`: true only for a yes. Ctrl-C at the question is `interrupted` (exit 130), not a crash:
 * the terminal's readline takes the key itself and rejects the question with an `AbortError`.
 */
async function askToRun(ctx: CliContext, runs: number): Promise<boolean | 'interrupted'> {
  let yes: boolean | undefined
  try {
    yes = await ctx.confirm?.(`Run ${runs} action${runs === 1 ? '' : 's'}? [y/N] `)
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') return 'interrupted'
    throw error
  }
  if (ctx.signal?.aborted === true) return 'interrupted'
  return yes === true
}

/** Each loaded cluster's access over the client already open, made once, for the plan's reads and the run. */
function accessesOf(ctx: CliContext, loaded: LoadedCluster[]): (clusterId: string) => ClusterAccess {
  const byId = new Map(loaded.map((c) => [c.cluster.id, c]))
  const accesses = new Map<string, ClusterAccess>()
  return (clusterId: string): ClusterAccess => {
    const c = byId.get(clusterId)
    if (c === undefined)
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
    let access = accesses.get(clusterId)
    if (access === undefined) {
      // The cluster as read for the plan: not read again for every guest (only for one not found in it).
      access = readAccess(c.cluster, c.client, c.read, {
        reread: () => readCluster(c.cluster, c.client, ctx.signal),
      })
      accesses.set(clusterId, access)
    }
    return access
  }
}

/** Runs the plan with the app's runner over the clients already open; prints each guest's line once it ended. */
function run(
  ctx: CliContext,
  plan: BulkPlan,
  accessOf: (clusterId: string) => ClusterAccess,
  json: boolean,
): Promise<BulkProgress> {
  const entries = new Map(plan.entries.map((e) => [e.key, e]))
  const printed = new Set<string>()
  const ended: ReadonlySet<BulkEntryResult['state']> = new Set([
    'ok',
    'warning',
    'failed',
    'cancelled',
    'skipped',
  ])
  const report = (progress: BulkProgress): void => {
    if (json) return
    for (const r of progress.results) {
      if (!ended.has(r.state) || printed.has(r.key)) continue
      printed.add(r.key)
      ctx.out(resultLine(r, entries.get(r.key)))
    }
  }
  return runBulk(
    plan,
    accessOf,
    async (clusterId, upid, signal) => {
      const outcome = await followThrough(accessOf(clusterId).client, upid, {
        signal,
        intervalMs: ctx.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
      })
      return {
        upid: outcome.task.upid,
        state: outcome.task.state,
        exitstatus: outcome.task.exitstatus ?? outcome.task.state,
        ...(outcome.agentMissing === true ? { agentMissing: true } : {}),
      }
    },
    { ...(ctx.signal === undefined ? {} : { signal: ctx.signal }), onProgress: report },
  ).then((progress) => {
    report(progress)
    return progress
  })
}
