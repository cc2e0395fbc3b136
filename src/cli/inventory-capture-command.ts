import { readFileSync } from 'node:fs'
import { readdir, rm, stat } from 'node:fs/promises'
import { hostname, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { AppError } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { InventorySnapshot } from '../shared/model/inventory-snapshot'
import { defaultSiteOf } from '../main/clusters/cluster-config'
import { ConsoleRecordStore } from '../main/consoles/console-record'
import { captureInventory } from '../main/inventory/capture/capture-inventory'
import type { CaptureCluster, LastKnownCluster } from '../main/inventory/capture/capture-types'
import type { ProgressEvent } from '../main/inventory/capture/capture-progress'
import type { VerifiedInventory } from '../main/inventory/file/inventory-file'
import {
  inventoryFileName,
  readInventoryFile,
  readInventoryManifest,
  writeInventoryFile,
} from '../main/inventory/file/inventory-file'
import type { InventorySigningKey } from '../main/inventory/file/signing-key'
import { loadSigningKey } from '../main/inventory/file/signing-key'
import { pvedeskHome } from '../main/platform/paths'
import type { PveClient } from '../main/pve/pve-client'
import type { SigningKeyStore } from '../main/secrets/signing-key-store'
import { KeyringSigningKeyStore } from '../main/secrets/signing-key-store'
import type { CliContext } from './context'
import { clientFor } from './context'
import { EXIT, exitCodeFor } from './exit-codes'

/** What tests replace; the command line uses the defaults. */
export interface InventoryCaptureDeps {
  /** Where the signing key lives (default: the OS keychain). */
  signingKeys?: SigningKeyStore
  /** Where the console session record is (default: PVE Desk's home). */
  home?: string
  /** Requests in flight per cluster (default: the capture's). */
  concurrencyPerCluster?: number
  /** At most one progress line per cluster this often, in ms (default 1000). */
  progressEveryMs?: number
}

/** How many of the newest files of the output's folder are looked into for a cluster's last-known data. */
const LAST_KNOWN_FILES = 20
/** Issues printed one per line before the count of the others. */
const ISSUES_SHOWN = 20

/**
 * `pvedesk inventory capture [--cluster ID]… --output FILE|FOLDER`: an inventory snapshot of the configured
 * clusters (all, or those named), signed with this installation's key from the OS keychain and written
 * atomically. `output` may be a folder: the file is then named as the app names them
 * (`pvedesk-inventory-<UTC time>Z.zip`).
 *
 * Exit status: 0 written (issues or not: their count is printed), 2 an unknown cluster id (or none
 * configured), 6 nothing at all could be captured (no cluster answered: no file is written), 9 no keychain for
 * the signing key, 8 cancelled (Ctrl-C: no file is left) or the file could not be written.
 */
export async function inventoryCapture(
  ctx: CliContext,
  opts: { clusterIds: string[]; output: string },
  deps: InventoryCaptureDeps = {},
): Promise<number> {
  const configured = ctx.settings.clusters
  const unknown = opts.clusterIds.filter((id) => !configured.some((c) => c.id === id))
  if (unknown.length > 0) {
    for (const id of unknown) ctx.err(`pvedesk: not_found: no cluster with id ${id}`)
    return EXIT.usage
  }
  const clusters =
    opts.clusterIds.length === 0 ? configured : configured.filter((c) => opts.clusterIds.includes(c.id))
  if (clusters.length === 0) {
    ctx.err('pvedesk: invalid_request: no cluster is configured: nothing to capture')
    return EXIT.usage
  }

  let key: InventorySigningKey
  try {
    key = await loadSigningKey(deps.signingKeys ?? new KeyringSigningKeyStore(), hostname())
  } catch (error) {
    return failed(ctx, error)
  }

  const controller = new AbortController()
  const onSigint = (): void => controller.abort()
  process.on('SIGINT', onSigint)
  const clients: PveClient[] = []
  let written: string | undefined
  try {
    const output = await outputPath(opts.output, new Date())
    const lastKnown = lastKnownReader(dirname(output), key.signer.publicKey)
    const captureClusters: CaptureCluster[] = []
    for (const cluster of clusters) {
      captureClusters.push(await captureCluster(ctx, cluster, clients, lastKnown))
    }
    const snapshot = await captureInventory({
      clusters: captureClusters,
      trigger: 'cli',
      appVersion: appVersion(),
      takenBy: { user: localUser(), host: hostname() },
      consoleSessions: await new ConsoleRecordStore(deps.home ?? pvedeskHome()).list(),
      signal: controller.signal,
      onProgress: progressPrinter(ctx, deps.progressEveryMs ?? 1000),
      ...(deps.concurrencyPerCluster === undefined
        ? {}
        : { concurrencyPerCluster: deps.concurrencyPerCluster }),
    })
    for (const c of snapshot.clusters) ctx.err(`captured ${c.id}: ${c.reach}`)
    if (snapshot.clusters.every((c) => c.reach === 'unreachable')) {
      printIssues(ctx, snapshot)
      ctx.err('pvedesk: unreachable: no cluster could be captured: no file written')
      return EXIT.unreachable
    }
    ctx.err(`writing ${output}`)
    written = output
    const { manifest, bytes } = await writeInventoryFile(output, snapshot, key)
    // Ctrl-C while the file was being written: nothing is left, as for a cancelled capture.
    if (controller.signal.aborted) throw new AppError({ code: 'cancelled', message: 'cancelled' })
    printIssues(ctx, snapshot)
    const s = manifest.summary
    ctx.out(output)
    ctx.out(
      `${s.clusters} clusters, ${s.nodes} nodes, ${s.guests} guests, ${s.issues} issues, ${bytes} bytes, signed by ${manifest.signature.signer.fingerprint}`,
    )
    return EXIT.ok
  } catch (error) {
    if (controller.signal.aborted) {
      if (written !== undefined) await rm(written, { force: true })
      ctx.err('pvedesk: cancelled: inventory capture cancelled: no file written')
      return exitCodeFor('cancelled')
    }
    return failed(ctx, error)
  } finally {
    process.off('SIGINT', onSigint)
    for (const client of clients) client.dispose()
  }
}

async function captureCluster(
  ctx: CliContext,
  cluster: ClusterInput,
  clients: PveClient[],
  lastKnown: (clusterId: string) => Promise<LastKnownCluster | undefined>,
): Promise<CaptureCluster> {
  const identity = {
    id: cluster.id,
    name: cluster.name,
    sites: cluster.sites,
    defaultSite: defaultSiteOf(cluster),
    lastKnown: () => lastKnown(cluster.id),
  }
  try {
    const client = await clientFor(ctx, cluster)
    clients.push(client)
    return { ...identity, get: (path, params, signal) => client.call('GET', path, params, signal) }
  } catch (error) {
    // No usable credential (missing, or bound to other endpoints): the cluster is unreachable for this capture,
    // and says why in its issue; a keychain that does not answer at all ends the command.
    const e = AppError.from(error)
    if (e.code === 'keychain_unavailable') throw e
    return { ...identity, get: () => Promise.reject(e) }
  }
}

/**
 * `output` itself, or a new file named as the app names them when it is an existing folder (`-2`, `-3`… added
 * when a capture of the same second is there already: a cron job never overwrites an earlier file).
 */
async function outputPath(output: string, now: Date): Promise<string> {
  const found = await stat(output).catch(() => undefined)
  if (found?.isDirectory() !== true) return output
  const name = inventoryFileName(now, 'cli')
  for (let n = 1; ; n++) {
    const path = join(output, n === 1 ? name : name.replace(/\.zip$/, `-${n}.zip`))
    if ((await stat(path).catch(() => undefined)) === undefined) return path
  }
}

/**
 * A cluster's last-known data: from the newest inventory snapshot of `folder` that holds it captured, read and
 * verified (and signed by this installation's key: a file someone dropped there does not speak for the fleet).
 * Each file is read at most once per run, whichever clusters ask.
 */
function lastKnownReader(
  folder: string,
  signer: string,
): (clusterId: string) => Promise<LastKnownCluster | undefined> {
  let newestFirst: Promise<string[]> | undefined
  const verified = new Map<string, Promise<VerifiedInventory | undefined>>()
  return async (clusterId) => {
    newestFirst ??= inventoryFiles(folder)
    for (const path of await newestFirst) {
      let reading = verified.get(path)
      if (reading === undefined) {
        reading = readInventoryFile({ path }, { requireSigner: signer }).catch(() => undefined)
        verified.set(path, reading)
      }
      const snapshot = (await reading)?.snapshot
      const cluster = snapshot?.clusters.find((c) => c.id === clusterId && c.reach !== 'unreachable')
      if (snapshot !== undefined && cluster !== undefined)
        return { at: snapshot.meta.takenAt, source: 'inventory-snapshot', cluster }
    }
    return undefined
  }
}

/** The `.zip` files of `folder` whose manifest reads, newest `takenAt` first, at most {@link LAST_KNOWN_FILES}. */
async function inventoryFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [])
  const dated: { path: string; takenAt: string }[] = []
  for (const name of names.filter((n) => n.endsWith('.zip'))) {
    const path = join(folder, name)
    const manifest = await readInventoryManifest(path).catch(() => undefined)
    if (manifest !== undefined) dated.push({ path, takenAt: manifest.takenAt })
  }
  dated.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : 0))
  return dated.slice(0, LAST_KNOWN_FILES).map((d) => d.path)
}

/** `capturing ace-prod: 120/300 calls`, at most once per `everyMs` per cluster, and whenever its state changes. */
function progressPrinter(ctx: CliContext, everyMs: number): (p: ProgressEvent) => void {
  const printed = new Map<string, { at: number; state: string; done: number }>()
  return (p) => {
    const now = Date.now()
    for (const c of p.clusters) {
      const last = printed.get(c.clusterId)
      const due = last === undefined || last.state !== c.state || now - last.at >= everyMs
      if (!due || c.state === 'waiting' || (last?.done === c.done && last.state === c.state)) continue
      printed.set(c.clusterId, { at: now, state: c.state, done: c.done })
      ctx.err(`capturing ${c.clusterId}: ${c.done}/${c.total} calls`)
    }
  }
}

function printIssues(ctx: CliContext, snapshot: InventorySnapshot): void {
  const { issues } = snapshot
  for (const i of issues.slice(0, ISSUES_SHOWN))
    ctx.err(`pvedesk: issue: ${i.clusterId}: ${i.path}: ${i.code}: ${i.message.replace(/\s+/g, ' ')}`)
  if (issues.length > ISSUES_SHOWN) ctx.err(`pvedesk: … and ${issues.length - ISSUES_SHOWN} more issues`)
  if (issues.length > 0) ctx.err(`pvedesk: ${issues.length} issues recorded in the inventory snapshot`)
}

function failed(ctx: CliContext, error: unknown): number {
  const e = AppError.from(error)
  ctx.err(`pvedesk: ${e.code}: ${e.message}`)
  return e.code === 'keychain_unavailable' ? EXIT.keychain : exitCodeFor(e.code)
}

function appVersion(): string {
  try {
    const path = fileURLToPath(new URL('../../package.json', import.meta.url))
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

function localUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
}
