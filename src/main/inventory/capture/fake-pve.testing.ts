import { AppError } from '../../../shared/ipc/errors'
import type { Params } from '../../pve/http-client'
import type { CaptureCluster } from './capture-types'

/**
 * A small PVE cluster answering GETs the way PVE does (shapes of the shared fixtures), for the capture's unit
 * tests: every call is recorded, answers can be overridden per path (a value, or an AppError to throw), lists
 * come in a shuffled order when `shuffle` is set (as Perl's hash order does), and each answer can wait.
 */
export interface FakeCall {
  path: string
  params: Params | undefined
  signal: AbortSignal | undefined
  /** Set once the call has answered or failed. */
  settled: boolean
}

export interface FakePve {
  cluster: CaptureCluster
  calls: FakeCall[]
  /** Calls in flight now, and the most seen at once. */
  inFlight: number
  maxInFlight: number
  override(path: string, answer: unknown): void
}

/** An ed25519 public key in authorized_keys form (a real one, from ssh-keygen). */
export const ED25519_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO6+Ky/Pp/E2owf3ZPZoV9aGk/NKcGFJSXP4Dmdc0fhv alice@laptop'
/** Its fingerprint, as `ssh-keygen -l` prints it. */
export const ED25519_FINGERPRINT = 'SHA256:mFFXy+5lhUtJPhdOXJjRO77dwL/NissCAKmc5jEZ7H8'

export function fakePve(options: {
  id: string
  version: string
  delayMs?: number
  shuffle?: boolean
  seed?: number
}): FakePve {
  let seed = options.seed ?? 7
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const shuffled = <T>(list: T[]): T[] => {
    if (options.shuffle !== true) return list
    const out = [...list]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[out[i], out[j]] = [out[j] as T, out[i] as T]
    }
    return out
  }
  const overrides = new Map<string, unknown>()
  const major = Number(options.version.split('.')[0])
  const routes: Record<string, () => unknown> = {
    '/version': () => ({ version: options.version, release: options.version.slice(0, 3), repoid: 'abc' }),
    '/cluster/status': () => [
      { type: 'cluster', name: `${options.id}-cluster`, quorate: 1, nodes: 2, version: 3, id: 'cluster' },
      { type: 'node', name: 'n1', online: 1, id: 'node/n1', nodeid: 1, local: 1, ip: '10.0.0.1' },
      { type: 'node', name: 'n2', online: 0, id: 'node/n2', nodeid: 2, local: 0, ip: '10.0.0.2' },
    ],
    '/cluster/resources': () => [
      { id: 'node/n1', type: 'node', node: 'n1', status: 'online', maxcpu: 8 },
      { id: 'node/n2', type: 'node', node: 'n2', status: 'offline' },
      { id: 'qemu/101', type: 'qemu', vmid: 101, node: 'n1', name: 'web01', status: 'running' },
      { id: 'lxc/102', type: 'lxc', vmid: 102, node: 'n1', name: 'dns01', status: 'stopped' },
      { id: 'qemu/103', type: 'qemu', vmid: 103, node: 'n2', name: 'db01', status: 'unknown' },
      { id: 'qemu/104', type: 'qemu', vmid: 104, node: 'n1', name: 'app01', status: 'stopped' },
      {
        id: 'storage/n1/local',
        type: 'storage',
        node: 'n1',
        storage: 'local',
        status: 'available',
        content: 'iso,vztmpl,backup',
        shared: 0,
      },
      {
        id: 'storage/n1/local-lvm',
        type: 'storage',
        node: 'n1',
        storage: 'local-lvm',
        status: 'available',
        content: 'images,rootdir',
        shared: 0,
      },
      {
        id: 'storage/n1/nfs',
        type: 'storage',
        node: 'n1',
        storage: 'nfs',
        status: 'available',
        content: 'backup',
        shared: 1,
      },
      { id: 'storage/n2/nfs', type: 'storage', node: 'n2', storage: 'nfs', status: 'unknown', shared: 1 },
      { id: 'pool/prod', type: 'pool', pool: 'prod' },
    ],
    '/storage': () => [
      { storage: 'local', type: 'dir', path: '/var/lib/vz', content: 'iso,vztmpl,backup' },
      { storage: 'local-lvm', type: 'lvmthin', thinpool: 'data', content: 'images,rootdir' },
      { storage: 'nfs', type: 'nfs', server: '10.0.0.9', export: '/b', content: 'backup', shared: 1 },
      {
        storage: 'pbs',
        type: 'pbs',
        server: '10.0.0.8',
        password: 'pbs-secret-1',
        'encryption-key': '{"kdf":null,"key":"c2VjcmV0"}',
        'master-pubkey': 'LS0tLS1CRUdJTiBQVUJMSUMgS0VZ',
        content: 'backup',
      },
    ],
    '/cluster/backup': () => [{ id: 'backup-1', schedule: 'daily', storage: 'nfs', all: 1, enabled: 1 }],
    '/cluster/backup-info/not-backed-up': () => [{ vmid: 104, name: 'app01', type: 'qemu' }],
    '/cluster/replication': () => [{ id: '101-0', guest: 101, target: 'n2', type: 'local' }],
    '/cluster/ha/status/current': () => [{ id: 'quorum', type: 'quorum', status: 'OK', quorate: 1 }],
    '/cluster/ha/status/manager_status': () => ({ manager_status: { master_node: 'n1' }, quorum: {} }),
    '/cluster/ha/resources': () => [{ sid: 'vm:101', state: 'started', type: 'vm' }],
    '/cluster/ha/groups': () => [{ group: 'prefer-n1', nodes: 'n1:2,n2:1', type: 'group' }],
    '/cluster/ha/rules': () => [{ rule: 'prefer-n1', type: 'node-affinity', nodes: 'n1:2,n2:1' }],
    '/cluster/firewall/options': () => ({ enable: 1, policy_in: 'DROP' }),
    '/cluster/firewall/rules': () => [
      { pos: 1, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '22' },
      { pos: 0, type: 'group', action: 'web' },
    ],
    '/cluster/firewall/groups': () => [
      { group: 'web', comment: 'web servers', digest: 'd' },
      { group: 'db', digest: 'd' },
    ],
    '/cluster/firewall/groups/web': () => [{ pos: 0, type: 'in', action: 'ACCEPT', dport: '443' }],
    '/cluster/firewall/groups/db': () => [{ pos: 0, type: 'in', action: 'ACCEPT', dport: '5432' }],
    '/cluster/firewall/aliases': () => [{ name: 'lan', cidr: '10.0.0.0/24' }],
    '/cluster/firewall/ipset': () => [{ name: 'admins', comment: 'NOC' }],
    '/cluster/firewall/ipset/admins': () => [{ cidr: '10.0.0.5' }, { cidr: '10.0.0.4', nomatch: 0 }],
    '/access/users': () => [
      {
        userid: 'root@pam',
        enable: 1,
        expire: 0,
        tokens: shuffled([
          { tokenid: 'desk', privsep: 1, expire: 0, value: 'token-secret-uuid-1' },
          { tokenid: 'backup', privsep: 1, expire: 0 },
          { tokenid: 'monitoring', privsep: 0, expire: 0 },
        ]),
      },
      { userid: 'noc@pve', enable: 1, groups: 'noc', keys: 'yubico-key-abc' },
    ],
    '/access/groups': () => [{ groupid: 'noc', users: 'noc@pve' }],
    '/access/roles': () => [{ roleid: 'PVEAuditor', privs: 'Sys.Audit', special: 1 }],
    '/access/acl': () => [{ path: '/', type: 'group', ugid: 'noc', roleid: 'PVEAuditor', propagate: 1 }],
    '/access/domains': () => [
      { realm: 'pve', type: 'pve' },
      { realm: 'pam', type: 'pam' },
    ],
    '/pools': () => [{ poolid: 'prod' }],
    '/pools/prod': () => ({
      comment: 'production',
      members: [
        { id: 'qemu/101', type: 'qemu', vmid: 101, node: 'n1' },
        { id: 'lxc/102', type: 'lxc', vmid: 102, node: 'n1' },
      ],
    }),
    '/nodes/n1/status': () => ({ kversion: 'Linux 6.8', pveversion: `pve-manager/${options.version}` }),
    '/nodes/n1/version': () => ({ version: options.version, release: '9.1' }),
    '/nodes/n1/apt/versions': () => [
      { Package: 'pve-manager', Version: options.version },
      { Package: 'proxmox-ve', Version: '9.1.0' },
    ],
    '/nodes/n1/subscription': () => ({
      status: 'active',
      key: 'pve2c-subkey-1',
      level: 'c',
      signature: 'sig',
    }),
    '/nodes/n1/certificates/info': () => [
      { filename: 'pve-ssl.pem', notafter: 1900000000, fingerprint: 'AB' },
    ],
    '/nodes/n1/network': () => [
      { iface: 'vmbr0', type: 'bridge', cidr: '10.0.0.1/24' },
      { iface: 'bond0', type: 'bond' },
    ],
    '/nodes/n1/dns': () => ({ search: 'example.org', dns1: '10.0.0.53' }),
    '/nodes/n1/time': () => ({ timezone: 'UTC', time: 1, localtime: 1 }),
    '/nodes/n1/firewall/rules': () => [],
    '/nodes/n1/replication': () => [{ id: '101-0', guest: 101, state: 'ok' }],
    '/nodes/n1/storage/local/content': () => [
      { volid: 'local:backup/vzdump-lxc-102.tar.zst', size: 10, ctime: 2 },
      { volid: 'local:backup/vzdump-qemu-101.vma.zst', size: 20, ctime: 1 },
    ],
    '/nodes/n1/storage/nfs/content': () => [{ volid: 'nfs:backup/vzdump-qemu-101.vma.zst', size: 30 }],
    '/nodes/n1/qemu/101/pending': () => [
      { key: 'name', value: 'web01' },
      { key: 'agent', value: 'enabled=1,fstrim_cloned_disks=1' },
      { key: 'net0', value: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1' },
      { key: 'parent', value: 'before-upgrade' },
      { key: 'cipassword', value: 'ci-secret-1', pending: 'ci-secret-2' },
      { key: 'memory', value: '4096', pending: '8192' },
      { key: 'sshkeys', value: encodeURIComponent(`${ED25519_KEY}\n`) },
      { key: 'ciuser', value: 'debian' },
      { key: 'cores', delete: 1, value: 2 },
    ],
    '/nodes/n1/qemu/101/snapshot': () => [
      { name: 'current', parent: 'before-upgrade', running: 1 },
      { name: 'before-upgrade', snaptime: 1 },
    ],
    '/nodes/n1/qemu/101/firewall/rules': () => [{ pos: 0, type: 'in', action: 'ACCEPT', dport: '80' }],
    '/nodes/n1/qemu/101/agent/get-osinfo': () => ({ result: { id: 'debian', 'version-id': '12' } }),
    '/nodes/n1/qemu/101/agent/get-host-name': () => ({ result: { 'host-name': 'web01' } }),
    '/nodes/n1/qemu/101/agent/network-get-interfaces': () => ({
      result: [{ name: 'lo' }, { name: 'eth0', 'hardware-address': 'bc:24:11:00:00:01' }],
    }),
    '/nodes/n1/lxc/102/pending': () => [
      { key: 'hostname', value: 'dns01' },
      { key: 'net0', value: 'name=eth0,bridge=vmbr0,ip=dhcp' },
    ],
    '/nodes/n1/qemu/104/pending': () => [
      { key: 'name', value: 'app01' },
      { key: 'agent', value: '1' },
      { key: 'net0', value: 'virtio=BC:24:11:00:00:04,bridge=vmbr0,firewall=0' },
    ],
  }
  // Oldest first, as no PVE gives them: the capture keeps them newest first.
  routes['/cluster/tasks'] = () => [
    {
      upid: 'UPID:n1:00001A2B:0000C0DE:692D6F20:qmstart:101:root@pam:',
      node: 'n1',
      type: 'qmstart',
      id: '101',
      user: 'root@pam',
      starttime: 1796112000,
      endtime: 1796112003,
      status: 'OK',
    },
    {
      upid: 'UPID:n1:00001A2C:0000C0DF:692DA760:vzdump:101:root@pam:',
      node: 'n1',
      type: 'vzdump',
      id: '101',
      user: 'root@pam',
      starttime: 1796122800,
      endtime: 1796122860,
      status: 'job errors',
    },
  ]
  if (major >= 9) delete routes['/cluster/ha/groups']
  else delete routes['/cluster/ha/rules']

  const fake: FakePve = {
    calls: [],
    inFlight: 0,
    maxInFlight: 0,
    override: (path, answer) => overrides.set(path, answer),
    cluster: {
      id: options.id,
      name: options.id,
      sites: { n1: 'Site A' },
      defaultSite: 'Site B',
      get: async (path, params, signal) => {
        const call: FakeCall = { path, params, signal, settled: false }
        fake.calls.push(call)
        fake.inFlight++
        fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight)
        try {
          if (options.delayMs !== undefined) await delay(options.delayMs, signal, options.id)
          else await Promise.resolve()
          if (signal?.aborted === true) throw cancelled(options.id)
          if (overrides.has(path)) {
            const answer = overrides.get(path)
            if (answer instanceof Error) throw answer
            return answer
          }
          const route = routes[path]
          if (route === undefined)
            throw new AppError({ code: 'pve_error', clusterId: options.id, message: `no route ${path}` })
          const answer = route()
          return Array.isArray(answer) ? shuffled(answer) : answer
        } finally {
          call.settled = true
          fake.inFlight--
        }
      },
    },
  }
  return fake
}

const cancelled = (clusterId: string): AppError =>
  new AppError({ code: 'cancelled', clusterId, message: 'request aborted' })

function delay(ms: number, signal: AbortSignal | undefined, clusterId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(cancelled(clusterId))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
