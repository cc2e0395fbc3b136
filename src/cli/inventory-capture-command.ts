import { randomBytes } from 'node:crypto'
import { constants, readFileSync } from 'node:fs'
import { copyFile, link, lstat, readdir, stat, unlink } from 'node:fs/promises'
import { hostname, userInfo } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { AppError } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { InventorySnapshot } from '../shared/model/inventory-snapshot'
import { defaultSiteOf } from '../main/clusters/cluster-config'
import { ConsoleRecordStore } from '../main/consoles/console-record'
import { captureInventory } from '../main/inventory/capture/capture-inventory'
import { settingsDrTargets } from '../main/inventory/capture/capture-dr'
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
 * An existing file is never replaced: `--output FILE` naming one is refused before any cluster is asked, and the
 * file is published without clobbering (a hard link from a temporary name, refused if the name was taken
 * meanwhile): an earlier audit file cannot be destroyed by a new capture, nor by Ctrl-C during one.
 *
 * Exit status: 0 written (issues or not: their count is printed), 2 an unknown cluster id (or none
 * configured), 6 nothing at all could be captured (no cluster answered: no file is written), 9 no keychain for
 * the signing key, 8 cancelled (Ctrl-C: no file is left), the output file exists already (`conflict`), or the
 * file could not be written.
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
  let published: Published | undefined
  let temp: string | undefined
  try {
    const folder = await isFolder(opts.output)
    let output = await outputPath(opts.output, folder, new Date())
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
      // Every record the file holds (it keeps at most its last 2 MiB), not the app's history of 500.
      consoleSessions: await new ConsoleRecordStore(deps.home ?? pvedeskHome()).list(
        Number.POSITIVE_INFINITY,
      ),
      drTargets: settingsDrTargets(ctx.settings.dr),
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
    temp = join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.capture`)
    const { manifest, bytes } = await writeInventoryFile(temp, snapshot, key)
    // Another capture of the same second (a cron job twice) took the folder's name meanwhile: the next one.
    for (;;) {
      try {
        published = await publish(temp, output)
        break
      } catch (error) {
        if (!folder || AppError.from(error).code !== 'conflict') throw error
        output = await outputPath(opts.output, folder, new Date())
      }
    }
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
      if (published !== undefined) await unpublish(published)
      ctx.err('pvedesk: cancelled: inventory capture cancelled: no file written')
      return exitCodeFor('cancelled')
    }
    return failed(ctx, error)
  } finally {
    process.off('SIGINT', onSigint)
    for (const client of clients) client.dispose()
    // The temporary name is this run's own (random, created by it): whatever happened, it goes.
    if (temp !== undefined) await unlink(temp).catch(() => undefined)
  }
}

/** The file this run published: its path, and which file it is (so that only that one is ever removed). */
interface Published {
  path: string
  dev: number
  ino: number
}

const conflict = (path: string): AppError =>
  new AppError({
    code: 'conflict',
    message: `${path} exists already: an inventory snapshot is never written over another file`,
  })

/**
 * `temp` under the name `path`, never over a file there: a hard link fails with EEXIST when the name is taken
 * (also by a symlink, dangling or not). Where hard links are refused (FAT, some network shares) a copy opened
 * with O_EXCL does the same.
 */
async function publish(temp: string, path: string): Promise<Published> {
  try {
    await link(temp, path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw conflict(path)
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error
    try {
      await copyFile(temp, path, constants.COPYFILE_EXCL)
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') throw conflict(path)
      throw copyError
    }
  }
  const found = await lstat(path)
  return { path, dev: found.dev, ino: found.ino }
}

/** Removes the published file, if what is at its path is still that file (not one put there since). */
async function unpublish(published: Published): Promise<void> {
  const found = await lstat(published.path).catch(() => undefined)
  if (found !== undefined && found.dev === published.dev && found.ino === published.ino)
    await unlink(published.path).catch(() => undefined)
}

async function isFolder(output: string): Promise<boolean> {
  return (await stat(output).catch(() => undefined))?.isDirectory() === true
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
 * `output` itself (refused, `conflict`, when something is there: a file, a symlink), or a new file named as the
 * app names them when it is an existing folder (`-2`, `-3`… added when a capture of the same second is there
 * already: a cron job never overwrites an earlier file).
 */
async function outputPath(output: string, folder: boolean, now: Date): Promise<string> {
  const taken = async (path: string): Promise<boolean> =>
    (await lstat(path).catch(() => undefined)) !== undefined
  if (!folder) {
    if (await taken(output)) throw conflict(output)
    return output
  }
  const name = inventoryFileName(now, 'cli')
  for (let n = 1; ; n++) {
    const path = join(output, n === 1 ? name : name.replace(/\.zip$/, `-${n}.zip`))
    if (!(await taken(path))) return path
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
