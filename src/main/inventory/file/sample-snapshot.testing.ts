import type { InventoryCluster, InventorySnapshot } from '../../../shared/model/inventory-snapshot'

/** Test data only (never imported by product code): a small valid inventory snapshot with `guests` guests. */
export function sampleSnapshot(options: { guests?: number; takenAt?: string } = {}): InventorySnapshot {
  const guests = options.guests ?? 3
  const cluster: InventoryCluster = {
    id: 'yakro',
    name: 'Yamoussoukro',
    clusterName: 'yakro',
    sites: { 'yakro-pve1': 'Yamoussoukro', 'yakro-pve2': 'Abidjan' },
    defaultSite: 'Yamoussoukro',
    reach: 'partial',
    version: { version: '8.4.1', release: '8.4', repoid: 'c9bd3f8' },
    status: [{ type: 'cluster', name: 'yakro', quorate: 1, nodes: 2 }],
    resources: [
      { id: 'node/yakro-pve1', type: 'node', node: 'yakro-pve1', status: 'online', maxcpu: 16 },
      { id: 'node/yakro-pve2', type: 'node', node: 'yakro-pve2', status: 'offline' },
    ],
    nodes: [
      {
        node: 'yakro-pve1',
        site: 'Yamoussoukro',
        status: 'online',
        version: { version: '8.4.1', release: '8.4' },
        certificates: [{ filename: 'pve-ssl.pem', notafter: 1_893_456_000, fingerprint: 'AA:BB' }],
        network: [{ iface: 'vmbr0', type: 'bridge', cidr: '10.0.0.11/24' }],
      },
      { node: 'yakro-pve2', site: 'Abidjan', status: 'offline' },
    ],
    guests: Array.from({ length: guests }, (_, i) => ({
      type: i % 3 === 2 ? ('lxc' as const) : ('qemu' as const),
      vmid: 100 + i,
      node: i % 2 === 0 ? 'yakro-pve1' : 'yakro-pve2',
      name: `guest-${i}-é`,
      config: {
        cores: 2,
        memory: 2048,
        net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
        cipassword: '(redacted)',
      },
      pending: [{ key: 'memory', value: 2048, pending: 4096 }],
    })),
    storage: { definitions: [{ storage: 'local', type: 'dir', content: 'iso,backup' }] },
    backups: { archives: [], jobs: [], notBackedUp: [] },
    replication: { jobs: [], state: [] },
    ha: { status: [], resources: [] },
    firewall: { options: { enable: 1 }, rules: [] },
    access: { users: [{ userid: 'root@pam', enable: 1 }], acl: [] },
    pools: [],
  }
  return {
    format: 'pvedesk-inventory',
    schemaVersion: 1,
    meta: {
      takenAt: options.takenAt ?? '2026-12-01T12:00:00.000Z',
      takenBy: { user: 'noc', host: 'desk-01' },
      app: { name: 'PVE Desk', version: '0.1.0' },
      trigger: 'manual',
      durationMs: 1234,
    },
    clusters: [cluster],
    consoleSessions: [],
    issues: [
      {
        clusterId: 'yakro',
        node: 'yakro-pve2',
        path: '/nodes/yakro-pve2/status',
        code: 'unreachable',
        message: 'node offline',
      },
    ],
  }
}
