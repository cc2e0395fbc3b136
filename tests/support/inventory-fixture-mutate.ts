// Changes between two inventory snapshots, for diff tests: each mutation is a change a diff must report.

import type {
  InventoryCluster,
  InventoryGuest,
  InventorySnapshot,
  JsonValue,
  PveObject,
} from '../../src/shared/model/inventory-snapshot'

/** One change `mutate` makes, and what a diff must say about it. */
export type Mutation =
  | { op: 'stop'; clusterId: string; vmid: number }
  | { op: 'move'; clusterId: string; vmid: number; node: string }
  | { op: 'rename'; clusterId: string; vmid: number; name: string }
  | { op: 'config'; clusterId: string; vmid: number; key: string; value: JsonValue | undefined }
  | { op: 'tags'; clusterId: string; vmid: number; tags: string[] }
  | { op: 'removeGuest'; clusterId: string; vmid: number }
  | { op: 'addGuest'; clusterId: string; vmid: number; type: 'qemu' | 'lxc'; node: string; name: string }
  | { op: 'addUser'; clusterId: string; userid: string }
  | { op: 'removeUser'; clusterId: string; userid: string }
  | { op: 'addToken'; clusterId: string; userid: string; tokenid: string }
  | { op: 'removeToken'; clusterId: string; userid: string; tokenid: string }
  | { op: 'addAcl'; clusterId: string; path: string; ugid: string; roleid: string }
  | { op: 'removeAcl'; clusterId: string; index: number }
  | { op: 'nodeVersion'; clusterId: string; node: string; version: string }
  | { op: 'certificate'; clusterId: string; node: string; filename: string; notafter: number }

const clone = <T>(value: T): T => structuredClone(value)

function clusterOf(s: InventorySnapshot, clusterId: string): InventoryCluster {
  const cluster = s.clusters.find((c) => c.id === clusterId)
  if (cluster === undefined) throw new Error(`no cluster ${clusterId}`)
  return cluster
}

function guestOf(
  cluster: InventoryCluster,
  vmid: number,
): { guest: InventoryGuest; resource: PveObject | undefined } {
  const guest = cluster.guests.find((g) => g.vmid === vmid)
  if (guest === undefined) throw new Error(`no guest ${vmid} in ${cluster.id}`)
  const resource = cluster.resources?.find((r) => r.vmid === vmid && (r.type === 'qemu' || r.type === 'lxc'))
  return { guest, resource }
}

/** A copy of `snapshot` with the mutations applied in order (the snapshot itself is not changed). */
export function mutate(snapshot: InventorySnapshot, ...mutations: Mutation[]): InventorySnapshot {
  const s = clone(snapshot)
  for (const m of mutations) apply(s, m)
  return s
}

function apply(s: InventorySnapshot, m: Mutation): void {
  const cluster = clusterOf(s, m.clusterId)
  switch (m.op) {
    case 'stop': {
      const { resource } = guestOf(cluster, m.vmid)
      if (resource !== undefined) Object.assign(resource, { status: 'stopped', cpu: 0, mem: 0, uptime: 0 })
      return
    }
    case 'move': {
      const { guest, resource } = guestOf(cluster, m.vmid)
      guest.node = m.node
      if (resource !== undefined) resource.node = m.node
      return
    }
    case 'rename': {
      const { guest, resource } = guestOf(cluster, m.vmid)
      guest.name = m.name
      if (resource !== undefined) resource.name = m.name
      if (guest.config !== undefined) guest.config[guest.type === 'qemu' ? 'name' : 'hostname'] = m.name
      return
    }
    case 'config': {
      const { guest } = guestOf(cluster, m.vmid)
      guest.config ??= {}
      if (m.value === undefined)
        guest.config = Object.fromEntries(Object.entries(guest.config).filter(([k]) => k !== m.key))
      else guest.config[m.key] = m.value
      return
    }
    case 'tags': {
      const { guest, resource } = guestOf(cluster, m.vmid)
      const joined = m.tags.join(';')
      for (const target of [guest.config, resource]) {
        if (target === undefined) continue
        if (joined === '') delete target.tags
        else target.tags = joined
      }
      return
    }
    case 'removeGuest': {
      const { guest } = guestOf(cluster, m.vmid)
      cluster.guests = cluster.guests.filter((g) => g !== guest)
      cluster.resources = cluster.resources?.filter(
        (r) => !(r.vmid === m.vmid && (r.type === 'qemu' || r.type === 'lxc')),
      )
      return
    }
    case 'addGuest': {
      const config: PveObject =
        m.type === 'qemu'
          ? {
              name: m.name,
              cores: 2,
              memory: '2048',
              scsi0: `ceph-vm:vm-${m.vmid}-disk-0,size=32G`,
              net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
            }
          : { hostname: m.name, cores: 1, memory: 1024, rootfs: `local-lvm:vm-${m.vmid}-disk-0,size=8G` }
      cluster.guests.push({ type: m.type, vmid: m.vmid, node: m.node, name: m.name, config, pending: [] })
      cluster.resources?.push({
        id: `${m.type}/${m.vmid}`,
        type: m.type,
        vmid: m.vmid,
        name: m.name,
        node: m.node,
        status: 'stopped',
        template: 0,
      })
      return
    }
    case 'addUser':
      cluster.access.users?.push({
        userid: m.userid,
        enable: 1,
        expire: 0,
        'realm-type': m.userid.split('@')[1] ?? 'pve',
        tokens: [],
      })
      return
    case 'removeUser':
      cluster.access.users = cluster.access.users?.filter((u) => u.userid !== m.userid)
      return
    case 'addToken':
    case 'removeToken': {
      const user = cluster.access.users?.find((u) => u.userid === m.userid)
      if (user === undefined) throw new Error(`no user ${m.userid}`)
      const tokens = Array.isArray(user.tokens) ? user.tokens : []
      user.tokens =
        m.op === 'addToken'
          ? [...tokens, { tokenid: m.tokenid, privsep: 1, expire: 0 }]
          : tokens.filter((t) => (t as PveObject).tokenid !== m.tokenid)
      return
    }
    case 'addAcl':
      cluster.access.acl?.push({ path: m.path, type: 'user', ugid: m.ugid, roleid: m.roleid, propagate: 1 })
      return
    case 'removeAcl':
      cluster.access.acl?.splice(m.index, 1)
      return
    case 'nodeVersion': {
      const node = cluster.nodes.find((n) => n.node === m.node)
      if (node === undefined) throw new Error(`no node ${m.node}`)
      if (node.version !== undefined) node.version.version = m.version
      const pkg = node.packages?.find((p) => p.Package === 'pve-manager')
      if (pkg !== undefined) pkg.Version = m.version
      return
    }
    case 'certificate': {
      const node = cluster.nodes.find((n) => n.node === m.node)
      const cert = node?.certificates?.find((c) => c.filename === m.filename)
      if (cert === undefined) throw new Error(`no certificate ${m.filename} on ${m.node}`)
      cert.notafter = m.notafter
      return
    }
  }
}
