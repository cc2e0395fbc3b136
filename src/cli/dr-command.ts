import { AppError, ErrorCode } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { InventoryCluster, InventoryIssue } from '../shared/model/inventory-snapshot'
import { evaluateDr } from '../shared/dr/evaluate'
import { defaultSiteOf } from '../main/clusters/cluster-config'
import { readDrCluster } from '../main/dr/dr-read'
import { readDrTargets } from '../main/dr/dr-targets-file'
import type { CaptureCluster } from '../main/inventory/capture/capture-types'
import type { PveClient } from '../main/pve/pve-client'
import type { CliContext } from './context'
import { clientFor, findCluster } from './context'
import { printDrReport } from './dr-output'
import { EXIT, exitCodeFor } from './exit-codes'
import { printable } from './printable'

/** Issues printed one per line before the count of the others. */
const ISSUES_SHOWN = 20

interface ClusterRead {
  cluster: InventoryCluster
  issues: InventoryIssue[]
  /** Why nothing could be read (no credential, refused login, no endpoint answering). */
  failure?: AppError
}

/**
 * `pvedesk dr [--cluster ID] [--json]`: the DR matrix of every configured cluster (or one) read now, against the
 * targets of the settings file (the seed's when there are none): one line per rated guest, red first, with the
 * reasons in words, then one line per site. `--json`: the DrReport, as the app's `dr:report` gives it.
 *
 * Exit status: 0 when no guest is red (amber and unrated guests never fail it), `dr_red` (11) when one is, or the
 * code of a cluster that could not be read (unreachable 6, auth 4, tls 3, …), which wins: the report is then
 * incomplete. 7 (not_found) for an unknown cluster id, 2 when no cluster is configured.
 */
export async function drCommand(
  ctx: CliContext,
  opts: { clusterId?: string; json: boolean },
): Promise<number> {
  const clusters = opts.clusterId === undefined ? ctx.settings.clusters : [findCluster(ctx, opts.clusterId)]
  if (clusters.length === 0) {
    ctx.err('pvedesk: invalid_request: no cluster is configured: nothing to evaluate')
    return EXIT.usage
  }
  const { targets, problems } = readDrTargets(ctx.settings.dr)
  for (const problem of problems) ctx.err(`pvedesk: warning: settings ${printable(problem)}`)

  const clients: PveClient[] = []
  let reads: ClusterRead[]
  try {
    reads = await Promise.all(clusters.map((cluster) => readOne(ctx, cluster, clients)))
  } finally {
    for (const client of clients) client.dispose()
  }
  const now = Math.floor(Date.now() / 1000)
  const report = evaluateDr({ clusters: reads.map((r) => r.cluster), targets, now })

  let status: number = EXIT.ok
  const issues = reads.flatMap((r) => r.issues)
  for (const issue of issues.slice(0, ISSUES_SHOWN)) {
    ctx.err(`pvedesk: ${issue.code}: ${issue.clusterId}: ${issue.path}: ${printable(issue.message)}`)
  }
  if (issues.length > ISSUES_SHOWN) ctx.err(`pvedesk: ${issues.length - ISSUES_SHOWN} more issues`)
  for (const r of reads) {
    if (r.cluster.reach !== 'unreachable') continue
    const failure = r.failure ?? firstFailure(r)
    ctx.err(`pvedesk: ${failure.code}: ${r.cluster.id}: ${printable(failure.message)}`)
    if (status === EXIT.ok) status = exitCodeFor(failure.code)
  }

  if (opts.json) ctx.out(JSON.stringify(report, null, 2))
  else printDrReport(ctx, report)
  if (status === EXIT.ok && report.counts.red > 0) status = EXIT.drRed
  return status
}

function firstFailure(read: ClusterRead): AppError {
  const issue = read.issues.find((i) => i.clusterId === read.cluster.id)
  return issue === undefined
    ? new AppError({ code: 'unreachable', message: 'the cluster did not answer' })
    : new AppError({ code: knownCode(issue.code), message: issue.message })
}

/** An issue's code as one of ours (an unknown one is a failure). */
function knownCode(code: string): ErrorCode {
  const parsed = ErrorCode.safeParse(code)
  return parsed.success ? parsed.data : 'pve_error'
}

async function readOne(ctx: CliContext, cluster: ClusterInput, clients: PveClient[]): Promise<ClusterRead> {
  const identity = {
    id: cluster.id,
    name: cluster.name,
    sites: cluster.sites,
    defaultSite: defaultSiteOf(cluster),
  }
  let capture: CaptureCluster
  let failure: AppError | undefined
  try {
    const client = await clientFor(ctx, cluster)
    clients.push(client)
    capture = { ...identity, get: (path, params, signal) => client.call('GET', path, params, signal) }
  } catch (error) {
    // No usable credential: this cluster is unreachable for the report, and says why; no keychain ends it.
    const e = AppError.from(error)
    if (e.code === 'keychain_unavailable') throw e
    failure = e
    capture = { ...identity, get: () => Promise.reject(e) }
  }
  const read = await readDrCluster(capture, {
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    backups: true,
  })
  return { ...read, ...(failure === undefined ? {} : { failure }) }
}
