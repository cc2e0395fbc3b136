import type {
  NodeCertificate,
  NodeCertificatesPanel,
  NodeDisk,
  NodeDisksPanel,
  NodeStorage,
  NodeStoragePanel,
  SyslogPage,
} from '../../../shared/model/infra-panels'
import type { TaskHistoryPanel } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { readTaskRows } from '../../tasks/task-rows'
import type { Raw } from '../pve-read'
import { defined, finite, flagOf, integer, records, text, truthy, words } from '../pve-read'
import { get, nodePath, stopIfCancelled } from './parts'

/** The node's lists that are one PVE call each: storages, disks, certificates, a syslog page, tasks. */

const byName =
  <T>(name: (item: T) => string) =>
  (a: T, b: T): number =>
    name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0

const some = <T>(rows: Raw[], read: (row: Raw) => T | undefined): T[] =>
  rows.flatMap((row) => {
    const one = read(row)
    return one === undefined ? [] : [one]
  })

export function nodeStorage(row: Raw): NodeStorage | undefined {
  const storage = text(row.storage)
  if (storage === undefined) return undefined
  return defined({
    storage,
    type: text(row.type) ?? 'unknown',
    content: words(row.content, 32, /[\s,;]+/),
    // Storage.pm `storage_info` always says; a storage it lists without the field is enabled there.
    enabled: row.enabled === undefined ? true : truthy(row.enabled),
    active: truthy(row.active),
    shared: truthy(row.shared),
    used: finite(row.used),
    total: finite(row.total),
    avail: finite(row.avail),
  })
}

export const nodeStorages = (data: unknown): NodeStorage[] =>
  some(records(data, 1_000), nodeStorage).sort(byName((s) => s.storage))

export async function readNodeStorage(
  access: ClusterAccess,
  node: string,
  signal?: AbortSignal,
): Promise<NodeStoragePanel> {
  return { storages: nodeStorages(await get(access, `${nodePath(access, node)}/storage`, {}, signal)) }
}

export function nodeDisk(row: Raw): NodeDisk | undefined {
  const devpath = text(row.devpath)
  if (devpath === undefined) return undefined
  const wearout = finite(row.wearout) // `N/A` when the disk does not say
  return defined({
    devpath,
    type: text(row.type),
    model: text(row.model),
    serial: text(row.serial),
    vendor: text(row.vendor),
    size: finite(row.size),
    health: text(row.health),
    wearout: wearout !== undefined && wearout >= 0 && wearout <= 100 ? wearout : undefined,
    used: text(row.used),
    gpt: flagOf(row.gpt),
  })
}

export const nodeDisks = (data: unknown): NodeDisk[] =>
  some(records(data, 1_000), nodeDisk).sort(byName((d) => d.devpath))

/** `GET /nodes/{node}/disks/list?include-partitions=0` (needs `Sys.Audit` on the node). */
export async function readNodeDisks(
  access: ClusterAccess,
  node: string,
  signal?: AbortSignal,
): Promise<NodeDisksPanel> {
  const path = `${nodePath(access, node)}/disks/list`
  return { disks: nodeDisks(await get(access, path, { 'include-partitions': 0 }, signal)) }
}

/** SAN entries: a list as PVE sends it (Certificate.pm `parse_certificate`), or words of a text. */
const sanOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.slice(0, 256).flatMap((v) => {
        const entry = text(v)
        return entry === undefined ? [] : [entry]
      })
    : words(value, 256)

export function nodeCertificate(row: Raw): NodeCertificate | undefined {
  const filename = text(row.filename)
  if (filename === undefined) return undefined
  // The `pem` is left out: the panel shows the facts, and a file's text is no figure.
  return defined({
    filename,
    subject: text(row.subject, 8_192),
    issuer: text(row.issuer, 8_192),
    notBefore: finite(row.notbefore),
    notAfter: finite(row.notafter),
    fingerprint: text(row.fingerprint),
    san: sanOf(row.san),
    publicKeyType: text(row['public-key-type']),
    publicKeyBits: integer(row['public-key-bits']),
  })
}

export const nodeCertificates = (data: unknown): NodeCertificate[] => some(records(data, 64), nodeCertificate)

export async function readNodeCertificates(
  access: ClusterAccess,
  node: string,
  signal?: AbortSignal,
): Promise<NodeCertificatesPanel> {
  const data = await get(access, `${nodePath(access, node)}/certificates/info`, {}, signal)
  return { certificates: nodeCertificates(data) }
}

/** Lines of one syslog page kept, at most (the request's own limit is at most this). */
const MAX_SYSLOG_LINES = 5_000

/** `{n, t}` rows of a syslog page; a row without its line number is left out. */
export const syslogLines = (data: unknown, limit: number): SyslogPage['lines'] =>
  some(records(data, Math.min(limit, MAX_SYSLOG_LINES)), (row) => {
    const n = integer(row.n)
    const t = text(row.t, 8_192) ?? ''
    return n === undefined ? undefined : { n, t }
  })

/**
 * One page of `GET /nodes/{node}/syslog?start&limit` (Nodes.pm `syslog` over Tools.pm `dump_journal`: `start`
 * lines skipped, `limit` given, PVE's `total` of lines that matched). Needs `Sys.Syslog` on the node.
 */
export async function readNodeSyslog(
  access: ClusterAccess,
  node: string,
  page: { start: number; limit: number },
  signal?: AbortSignal,
): Promise<SyslogPage> {
  const path = `${nodePath(access, node)}/syslog`
  const answer = await access.client.callWithMeta(
    'GET',
    path,
    { start: page.start, limit: page.limit },
    signal,
  )
  stopIfCancelled(access, signal)
  const lines = syslogLines(answer.data, page.limit)
  return answer.total === undefined ? { lines } : { lines, total: answer.total }
}

/** Tasks one node lists: PVE's own default page. */
export const NODE_TASKS = 50

/** `GET /nodes/{node}/tasks?limit=50`: that node's tasks, newest first, with PVE's `total`. */
export async function readNodeTasks(
  access: ClusterAccess,
  node: string,
  signal?: AbortSignal,
): Promise<TaskHistoryPanel> {
  const path = `${nodePath(access, node)}/tasks`
  const answer = await access.client.callWithMeta('GET', path, { limit: NODE_TASKS }, signal)
  stopIfCancelled(access, signal)
  const tasks = readTaskRows(access.clusterId, answer.data, NODE_TASKS)
  return answer.total === undefined ? { tasks } : { tasks, total: answer.total }
}
