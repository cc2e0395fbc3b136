import { AppError } from '../../../shared/ipc/errors'
import type {
  InventoryCluster,
  InventoryGuest,
  InventoryIssue,
  InventoryNode,
  PveObject,
} from '../../../shared/model/inventory-snapshot'
import type { Params } from '../../pve/http-client'
import type { BoundedQueue } from './bounded-queue'
import { settle } from './bounded-queue'
import type { DetailsAsker } from './detail-lists'
import { firewallGroups, ipsets, pools } from './detail-lists'
import type { ClusterProgress } from './capture-progress'
import type { CaptureCluster } from './capture-types'
export { MAX_DETAILS } from './detail-lists'
import { readBackupFailures } from './backup-failures'
import { agentEnabled, firewallOnSomeNic, fromPending } from './guest-config'
import { backupStorages, emptyCluster, guestKey, guestsOf, nodeStates } from './capture-plan'
import {
  byText,
  integer,
  MAX_DEPTH,
  nestedDeeperThan,
  pveList,
  pveObject,
  stableList,
  text,
} from './pve-values'
import { NODE_FAILURES_BEFORE_SKIP, NodeBreaker, SkippedCall } from './node-breaker'
import {
  redactCluster,
  redactConfig,
  redactPending,
  redactStorageDefinition,
  redactSubscription,
  redactUser,
} from './redact'

/**
 * Guests captured per cluster, at most (by vmid): far above any real cluster, low enough that a hostile
 * `/cluster/resources` listing a million guests does not queue a million calls.
 */
export const MAX_GUESTS = 50_000

/**
 * Recent tasks kept per cluster, at most (newest first): PVE's cluster task list holds the last few hundred
 * per node; a hostile server's million entries would otherwise all go into the file.
 */
export const MAX_TASKS = 5_000

/** A call that failed: its issue is recorded, the part it would fill stays absent. */
const FAILED = Symbol('failed')

const enc = encodeURIComponent

/** `9.1.4` → 9; undefined when `/version` says nothing readable. */
function majorVersion(version: PveObject): number | undefined {
  const major = integer(text(version.version ?? version.release)?.split('.')[0])
  return major
}

/**
 * The capture of one cluster: cluster-wide calls first, then each online node's, then per guest only what no
 * list call gives. Every call goes through the cluster's bounded queue; a failed one becomes an issue and its
 * part stays absent. Resolves once nothing of it runs any more; rejects only with `cancelled`.
 */
export class ClusterCapture {
  readonly issues: InventoryIssue[] = []
  private failures = 0
  private readonly asker: DetailsAsker = {
    list: (path) => this.list(path),
    object: (path) => this.object(path),
    issue: (path, message) => this.issue({ path, node: undefined, code: 'bad_response', message }),
  }
  private readonly breaker = new NodeBreaker()
  /** The issue of each node whose remaining calls are skipped. */
  private readonly skipIssues = new Map<string, InventoryIssue>()

  constructor(
    private readonly cluster: CaptureCluster,
    private readonly queue: BoundedQueue,
    private readonly progress: ClusterProgress,
    private readonly changed: () => void,
    private readonly signal: AbortSignal,
  ) {}

  async capture(): Promise<InventoryCluster> {
    this.progress.state = 'running'
    this.changed()
    // The first call says whether the cluster answers at all (and which PVE: HA groups or rules).
    const version = await this.object('/version')
    if (version === undefined) return this.unreachable()
    const c = emptyCluster(this.cluster, 'captured')
    c.version = version
    const major = majorVersion(version)

    const status = this.list('/cluster/status').then((v) => {
      if (v === undefined) return undefined
      c.status = stableList(v, 'type', 'name', 'id')
      const name = text(c.status.find((e) => e.type === 'cluster')?.name)
      if (name !== undefined) c.clusterName = name
      return c.status
    })
    const resources = this.list('/cluster/resources').then((v) => {
      if (v !== undefined) c.resources = stableList(v, 'id')
      return c.resources
    })
    const definitions = this.list('/storage').then((v) => {
      if (v !== undefined) c.storage.definitions = stableList(v.map(redactStorageDefinition), 'storage')
      return c.storage.definitions
    })
    // The nodes and guests need /cluster/resources (and /storage to know the backup storages): they start as
    // soon as those answered, while the other cluster-wide calls go on.
    const perNode = Promise.all([status, resources, definitions]).then(([s, r, d]) =>
      this.nodesAndGuests(c, s, r, d),
    )

    await settle([
      status,
      resources,
      definitions,
      perNode,
      this.put('/cluster/backup', c.backups, 'jobs', 'id'),
      this.put('/cluster/backup-info/not-backed-up', c.backups, 'notBackedUp', 'vmid'),
      this.put('/cluster/replication', c.replication, 'jobs', 'id'),
      this.put('/cluster/ha/status/current', c.ha, 'status', 'id'),
      this.object('/cluster/ha/status/manager_status').then((v) => {
        if (v !== undefined) c.ha.managerStatus = v
      }),
      this.put('/cluster/ha/resources', c.ha, 'resources', 'sid'),
      // PVE 9 replaced HA groups by rules (pve-ha-manager 5.0: groups are migrated to node-affinity rules).
      major !== undefined && major >= 9
        ? this.put('/cluster/ha/rules', c.ha, 'rules', 'rule')
        : this.put('/cluster/ha/groups', c.ha, 'groups', 'group'),
      this.object('/cluster/firewall/options').then((v) => {
        if (v !== undefined) c.firewall.options = v
      }),
      this.put('/cluster/firewall/rules', c.firewall, 'rules', 'pos'),
      this.put('/cluster/firewall/aliases', c.firewall, 'aliases', 'name'),
      firewallGroups(this.asker, c),
      ipsets(this.asker, c),
      this.list('/access/users', { full: 1 }).then((v) => {
        // `full=1` lists each user's API tokens (ids, comments, expiry): no per-user token call.
        if (v !== undefined) c.access.users = stableList(v.map(redactUser).map(tokensInOrder), 'userid')
      }),
      this.put('/access/groups', c.access, 'groups', 'groupid'),
      this.put('/access/roles', c.access, 'roles', 'roleid'),
      this.put('/access/acl', c.access, 'acl', ['path', 'type', 'ugid', 'roleid']),
      this.put('/access/domains', c.access, 'realms', 'realm'),
      pools(this.asker, c),
      this.list('/cluster/tasks').then(async (v) => {
        if (v === undefined) return
        c.tasks = recentTasks(v, (message) =>
          this.issue({ path: '/cluster/tasks', node: undefined, code: 'bad_response', message }),
        )
        const failures = await readBackupFailures(c.tasks, (path, params, node) =>
          this.list(path, params, node),
        )
        if (failures.length > 0) c.backupFailures = failures
      }),
    ])

    for (const [node, skipped] of this.breaker.skippedCalls()) {
      const issue = this.skipIssues.get(node)
      if (issue !== undefined) issue.message = skipMessage(node, skipped)
    }
    c.reach = this.failures > 0 ? 'partial' : 'captured'
    this.progress.state = this.failures > 0 ? 'partial' : 'done'
    this.changed()
    // Each answer was redacted by its kind's rules as it came; this pass applies the key rule at every depth
    // of every answer, so that a secret in one no rule foresaw (a backup job's, an HA resource's) is not kept.
    return redactCluster(c)
  }

  private async unreachable(): Promise<InventoryCluster> {
    let last: Awaited<ReturnType<NonNullable<CaptureCluster['lastKnown']>>>
    try {
      last = await this.cluster.lastKnown?.()
    } catch {
      // Last-known data is a courtesy: without it the cluster is still listed, empty and unreachable.
      last = undefined
    }
    if (this.signal.aborted) throw this.cancelled()
    this.progress.state = 'unreachable'
    this.changed()
    if (last === undefined) return emptyCluster(this.cluster, 'unreachable')
    // Its data, under the identity configured now, redacted again whatever its source did.
    return redactCluster({
      ...last.cluster,
      id: this.cluster.id,
      name: this.cluster.name,
      sites: { ...this.cluster.sites },
      defaultSite: this.cluster.defaultSite,
      reach: 'unreachable',
      lastKnown: { at: last.at, source: last.source },
    })
  }

  private async nodesAndGuests(
    c: InventoryCluster,
    status: PveObject[] | undefined,
    resources: PveObject[] | undefined,
    definitions: PveObject[] | undefined,
  ): Promise<void> {
    const states = nodeStates(resources, status)
    c.nodes = [...states].map(([node, state]) => ({
      node,
      site: this.cluster.sites[node] ?? this.cluster.defaultSite,
      status: state,
    }))
    const online = new Set(c.nodes.filter((n) => n.status === 'online').map((n) => n.node))
    for (const node of c.nodes)
      if (node.status !== 'online')
        this.issue({
          path: `/nodes/${node.node}`,
          node: node.node,
          code: 'unreachable',
          message: `node ${node.node} is ${node.status}: nothing was asked of it`,
        })
    const { guests: all, running } = guestsOf(resources)
    const guests = all.length > MAX_GUESTS ? all.slice(0, MAX_GUESTS) : all
    if (guests !== all)
      this.issue({
        path: '/cluster/resources',
        node: undefined,
        code: 'bad_response',
        message: `${all.length} guests: the first ${MAX_GUESTS} by vmid only were captured`,
      })
    c.guests = guests
    // A guest whose node we were not shown (the user may not see nodes) is still asked about.
    const reachable = (node: string): boolean => online.has(node) || !states.has(node)
    const archives = backupStorages(resources, definitions, online)
    await settle([
      ...c.nodes.filter((n) => online.has(n.node)).map((n) => this.node(c, n, archives.get(n.node) ?? [])),
      ...guests
        .filter((g) => reachable(g.node))
        .map((g) => this.guest(g, running.has(guestKey(g.type, g.vmid)))),
    ])
    c.backups.archives.sort((a, b) => byText(a.storage, b.storage) || byText(a.node, b.node))
    c.replication.state.sort((a, b) => byText(a.node, b.node))
  }

  private async node(c: InventoryCluster, n: InventoryNode, backupStorages: string[]): Promise<void> {
    const base = `/nodes/${enc(n.node)}`
    const node = n.node
    await settle([
      this.object(`${base}/status`, undefined, node).then((v) => {
        if (v !== undefined) n.nodeStatus = v
      }),
      this.object(`${base}/version`, undefined, node).then((v) => {
        if (v !== undefined) n.version = v
      }),
      this.put(`${base}/apt/versions`, n, 'packages', 'Package', node),
      this.object(`${base}/subscription`, undefined, node).then((v) => {
        if (v !== undefined) n.subscription = redactSubscription(v)
      }),
      this.put(`${base}/certificates/info`, n, 'certificates', 'filename', node),
      this.put(`${base}/network`, n, 'network', 'iface', node),
      this.object(`${base}/dns`, undefined, node).then((v) => {
        if (v !== undefined) n.dns = v
      }),
      this.object(`${base}/time`, undefined, node).then((v) => {
        if (v !== undefined) n.time = v
      }),
      this.put(`${base}/firewall/rules`, n, 'firewallRules', 'pos', node),
      this.list(`${base}/replication`, undefined, node).then((v) => {
        if (v !== undefined) c.replication.state.push({ node, entries: stableList(v, 'id') })
      }),
      ...backupStorages.map((storage) =>
        this.list(`${base}/storage/${enc(storage)}/content`, { content: 'backup' }, node).then((v) => {
          if (v !== undefined) c.backups.archives.push({ node, storage, entries: stableList(v, 'volid') })
        }),
      ),
    ])
  }

  /**
   * Per guest, only what no list call gives: `…/pending` (the whole config with its pending changes),
   * `…/snapshot` when the config has a `parent` (else there is none to list), `…/firewall/rules` when a NIC has
   * `firewall=1` (only there do a guest's rules filter anything, see `firewallOnSomeNic`), and the guest agent
   * of a running VM that has it enabled (elsewhere the call can only fail, after QEMU's timeout).
   */
  private async guest(g: InventoryGuest, running: boolean): Promise<void> {
    const base = `/nodes/${enc(g.node)}/${g.type}/${g.vmid}`
    const entries = await this.list(`${base}/pending`, undefined, g.node)
    if (entries === undefined) return
    const { config, pending } = fromPending(entries)
    g.config = redactConfig(config)
    g.pending = redactPending(pending)
    if (g.name === '') g.name = text(config.name) ?? text(config.hostname) ?? ''
    const more: Promise<unknown>[] = []
    if (config.parent !== undefined)
      more.push(this.put(`${base}/snapshot`, g, 'guestSnapshots', 'name', g.node))
    if (firewallOnSomeNic(config))
      more.push(this.put(`${base}/firewall/rules`, g, 'firewallRules', 'pos', g.node))
    if (g.type === 'qemu' && running && agentEnabled(config)) more.push(this.agent(g, base))
    await settle(more)
  }

  private async agent(g: InventoryGuest, base: string): Promise<void> {
    const agent: NonNullable<InventoryGuest['agent']> = {}
    const result = (v: unknown): unknown => pveObject(v)?.result
    // A hung guest agent times out on a node that answers: such a timeout says nothing about the node.
    const agentCall = { feedsBreaker: false }
    await settle([
      this.call(`${base}/agent/get-osinfo`, undefined, g.node, agentCall).then((v) => {
        const info = v === FAILED ? undefined : pveObject(result(v))
        if (info !== undefined) agent.osinfo = info
        else if (v !== FAILED) this.badResponse(`${base}/agent/get-osinfo`, g.node, 'an object')
      }),
      this.call(`${base}/agent/get-host-name`, undefined, g.node, agentCall).then((v) => {
        const name = v === FAILED ? undefined : text(pveObject(result(v))?.['host-name'])
        if (name !== undefined) agent.hostname = name
        else if (v !== FAILED) this.badResponse(`${base}/agent/get-host-name`, g.node, 'a host-name')
      }),
      this.call(`${base}/agent/network-get-interfaces`, undefined, g.node, agentCall).then((v) => {
        const list = v === FAILED ? undefined : pveList(result(v))
        if (list !== undefined) agent.interfaces = stableList(list, 'name')
        else if (v !== FAILED) this.badResponse(`${base}/agent/network-get-interfaces`, g.node, 'a list')
      }),
    ])
    if (Object.keys(agent).length > 0) g.agent = agent
  }

  /** A list call whose answer (ordered by `fields`) goes to `target[key]`; nothing is set when it fails. */
  private async put<K extends string>(
    path: string,
    target: { [P in K]?: PveObject[] },
    key: K,
    fields: string | string[],
    node?: string,
  ): Promise<void> {
    const v = await this.list(path, undefined, node)
    if (v !== undefined) target[key] = stableList(v, ...(typeof fields === 'string' ? [fields] : fields))
  }

  private async list(path: string, params?: Params, node?: string): Promise<PveObject[] | undefined> {
    const v = await this.call(path, params, node)
    if (v === FAILED) return undefined
    const list = pveList(v)
    if (list === undefined) this.badResponse(pathOf(path, params), node, 'a list')
    return list
  }

  private async object(path: string, params?: Params, node?: string): Promise<PveObject | undefined> {
    const v = await this.call(path, params, node)
    if (v === FAILED) return undefined
    const object = pveObject(v)
    if (object === undefined) this.badResponse(pathOf(path, params), node, 'an object')
    return object
  }

  /**
   * One GET through the queue: its answer, or FAILED with its issue recorded (or without one, when its node's
   * calls are skipped: checked when its turn comes, since the calls planned before the node stopped answering
   * are already waiting); throws only `cancelled`.
   */
  private async call(
    path: string,
    params?: Params,
    node?: string,
    options: { feedsBreaker: boolean } = { feedsBreaker: true },
  ): Promise<unknown> {
    this.progress.total++
    this.changed()
    try {
      const answer = await this.queue.run((signal) =>
        node !== undefined && this.breaker.open(node)
          ? Promise.reject(new SkippedCall(node))
          : this.cluster.get(path, params, signal),
      )
      if (node !== undefined && options.feedsBreaker) this.breaker.answered(node)
      // A hostile server's `[`×6000 would otherwise be cut silently (pve-values) or, kept, blow the stack of
      // whatever walks it later (redaction, canonical JSON): the whole answer is refused, and said so.
      if (nestedDeeperThan(answer, MAX_DEPTH)) {
        this.issue({
          path: pathOf(path, params),
          node,
          code: 'bad_response',
          message: `nested more than ${MAX_DEPTH} levels deep: not kept`,
        })
        return FAILED
      }
      return answer
    } catch (error) {
      if (this.signal.aborted) throw this.cancelled()
      if (error instanceof SkippedCall) {
        this.breaker.skip(error.node)
        return FAILED
      }
      const e = AppError.from(error)
      this.issue({ path: pathOf(path, params), node, code: e.code, message: e.message })
      if (node !== undefined && options.feedsBreaker && this.breaker.failed(node, e.code))
        this.skipIssues.set(
          node,
          this.issue({ path: `/nodes/${node}`, node, code: 'unreachable', message: skipMessage(node, 0) }),
        )
      return FAILED
    } finally {
      this.progress.done++
      this.changed()
    }
  }

  private badResponse(path: string, node: string | undefined, expected: string): void {
    this.issue({ path, node, code: 'bad_response', message: `expected ${expected}` })
  }

  private issue(i: {
    path: string
    node: string | undefined
    code: string
    message: string
  }): InventoryIssue {
    this.failures++
    const issue: InventoryIssue = {
      clusterId: this.cluster.id,
      ...(i.node === undefined ? {} : { node: i.node }),
      path: i.path,
      code: i.code,
      message: i.message,
    }
    this.issues.push(issue)
    return issue
  }

  private cancelled(): AppError {
    return new AppError({ code: 'cancelled', clusterId: this.cluster.id, message: 'capture cancelled' })
  }
}

/**
 * The tasks newest first (by `starttime`, then UPID, for a stable file), the first {@link MAX_TASKS} only; the
 * DR evaluation looks at each vmid's newest vzdump task.
 */
function recentTasks(list: PveObject[], tooMany: (message: string) => void): PveObject[] {
  const start = (t: PveObject): number => (typeof t.starttime === 'number' ? t.starttime : 0)
  const sorted = [...list].sort(
    (a, b) => start(b) - start(a) || byText(text(a.upid) ?? '', text(b.upid) ?? ''),
  )
  if (sorted.length <= MAX_TASKS) return sorted
  tooMany(`${sorted.length} tasks: the newest ${MAX_TASKS} only were kept`)
  return sorted.slice(0, MAX_TASKS)
}

const skipMessage = (node: string, skipped: number): string =>
  `node ${node} did not answer ${NODE_FAILURES_BEFORE_SKIP} calls in a row: its other ${skipped} calls were not made`

/** A user's tokens by id (PVE lists them in hash order). */
function tokensInOrder(user: PveObject): PveObject {
  const tokens = pveList(user.tokens)
  return tokens === undefined ? user : { ...user, tokens: stableList(tokens, 'tokenid') }
}

/** The path as an issue shows it, with its query (`/nodes/a/storage/local/content?content=backup`). */
function pathOf(path: string, params: Params | undefined): string {
  if (params === undefined) return path
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v))
  const q = query.toString()
  return q === '' ? path : `${path}?${q}`
}
