// The parts of a fixture inventory snapshot, PVE answer by PVE answer (see inventory-fixture.ts).

import type {
  InventoryCluster,
  InventoryGuest,
  InventoryNode,
  PveObject,
} from '../../src/shared/model/inventory-snapshot'
import { REDACTED } from '../../src/shared/model/inventory-snapshot'
import type { Prng } from '../pve-sim/prng'

export const GiB = 1024 ** 3
export const DAY = 86_400

/** The hostile names `hostile: true` adds (on the first guests of the first cluster). */
export const HOSTILE_NAMES = {
  html: '<img src=x onerror=alert(1)>',
  formula: '=HYPERLINK("http://evil")',
  cjk: '数据库-主',
  note: '@SUM(1+1)',
} as const

export interface ClusterPlan {
  id: string
  name: string
  prefix: string
  sites: string[]
  version: '9.1.4' | '8.4.1'
}

export const ROLES = ['web', 'app', 'db', 'cache', 'mq', 'infra', 'mon', 'batch'] as const
export const TAGS = ['prod', 'web', 'api', 'db', 'pci', 'dmz', 'backup-daily', 'legacy', 'monitoring']
export const POOLS = ['prod', 'staging', 'infra'] as const
export const OSES = [
  { ostype: 'l26', id: 'debian', pretty: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64' },
  { ostype: 'l26', id: 'ubuntu', pretty: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-49-generic' },
  {
    ostype: 'win11',
    id: 'mswindows',
    pretty: 'Microsoft Windows Server 2022 Standard',
    kernel: '10.0.20348',
  },
  {
    ostype: 'l26',
    id: 'rocky',
    pretty: 'Rocky Linux 9.5 (Blue Onyx)',
    kernel: '5.14.0-503.14.1.el9_5.x86_64',
  },
] as const

export const hex = (prng: Prng, n: number): string => {
  let s = ''
  for (let i = 0; i < n; i++) s += '0123456789abcdef'.charAt(prng.int(0, 15))
  return s
}
export const mac = (prng: Prng): string =>
  `BC:24:11:${[0, 0, 0].map(() => hex(prng, 2).toUpperCase()).join(':')}`
export const uuid = (prng: Prng): string =>
  `${hex(prng, 8)}-${hex(prng, 4)}-4${hex(prng, 3)}-a${hex(prng, 3)}-${hex(prng, 12)}`
export const fingerprint = (prng: Prng): string =>
  Array.from({ length: 32 }, () => hex(prng, 2).toUpperCase()).join(':')

export interface NodePlan {
  name: string
  site: string
  ip: string
  online: boolean
}

export interface GuestPlan {
  type: 'qemu' | 'lxc'
  vmid: number
  node: string
  name: string
  running: boolean
  template: boolean
  pool?: string
  tags: string[]
  ha: boolean
  replicated?: string
  backedUp: boolean
  cores: number
  memoryMiB: number
  diskGiB: number
  vlan: number
}

export function makeNode(n: NodePlan, plan: ClusterPlan, prng: Prng, now: number): InventoryNode {
  const pve9 = plan.version.startsWith('9')
  const kernel = pve9 ? '6.14.11-4-pve' : '6.8.12-11-pve'
  return {
    node: n.name,
    site: n.site,
    status: n.online ? 'online' : 'offline',
    nodeStatus: {
      cpuinfo: { model: 'AMD EPYC 7543 32-Core Processor', cpus: 64, sockets: 1, cores: 32, mhz: '2800.000' },
      memory: { total: 512 * GiB, used: 220 * GiB, free: 292 * GiB },
      kversion: `Linux ${kernel} #1 SMP PREEMPT_DYNAMIC PMX ${kernel} (2025-11-03T09:01Z) x86_64`,
      pveversion: `pve-manager/${plan.version}/${hex(prng, 16)}`,
      'current-kernel': { sysname: 'Linux', release: kernel, machine: 'x86_64' },
      'boot-info': { mode: 'efi', secureboot: 0 },
      loadavg: ['0.92', '1.10', '1.04'],
      uptime: prng.int(DAY, 90 * DAY),
    },
    version: { release: plan.version.slice(0, 3), repoid: hex(prng, 16), version: plan.version },
    packages: [
      ['proxmox-ve', plan.version],
      ['pve-manager', plan.version],
      [`proxmox-kernel-${kernel.split('-')[0]}`, kernel],
      ['qemu-server', pve9 ? '9.0.23' : '8.3.14'],
      ['pve-qemu-kvm', pve9 ? '10.1.2-1' : '9.2.0-6'],
      ['pve-container', pve9 ? '6.0.13' : '5.2.7'],
      ['corosync', '3.1.9-pve2'],
      ['ceph', pve9 ? '19.2.3-pve2' : '18.2.7-pve1'],
      ['zfsutils-linux', pve9 ? '2.3.4-pve1' : '2.2.8-pve1'],
    ].map(([pkg, version]) => ({
      Package: pkg as string,
      Version: version as string,
      Title: `${pkg as string} package`,
      Origin: 'Proxmox',
      CurrentState: 'Installed',
      Priority: 'optional',
      Section: 'admin',
      Arch: 'amd64',
    })),
    subscription: {
      status: 'active',
      level: 'c',
      productname: 'Proxmox VE Community Subscription 1 CPU/year',
      key: REDACTED,
      serverid: hex(prng, 32).toUpperCase(),
      regdate: '2026-02-01 00:00:00',
      nextduedate: '2027-02-01',
      checktime: now - 2 * DAY,
      sockets: 1,
    },
    certificates: [
      {
        filename: 'pve-root-ca.pem',
        fingerprint: fingerprint(prng),
        issuer: `/CN=Proxmox Virtual Environment/OU=${hex(prng, 32)}/O=PVE Cluster Manager CA`,
        subject: `/CN=Proxmox Virtual Environment/OU=${hex(prng, 32)}/O=PVE Cluster Manager CA`,
        notbefore: now - 400 * DAY,
        notafter: now + 3250 * DAY,
        'public-key-type': 'rsaEncryption',
        'public-key-bits': 4096,
        san: [],
      },
      {
        filename: 'pve-ssl.pem',
        fingerprint: fingerprint(prng),
        issuer: '/CN=Proxmox Virtual Environment/O=PVE Cluster Manager CA',
        subject: `/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=${n.name}.example.net`,
        notbefore: now - 300 * DAY,
        notafter: now + prng.int(20, 400) * DAY,
        'public-key-type': 'rsaEncryption',
        'public-key-bits': 2048,
        san: ['127.0.0.1', n.ip, `${n.name}.example.net`],
      },
    ],
    network: [
      {
        iface: 'eno1',
        type: 'eth',
        active: 1,
        autostart: 0,
        method: 'manual',
        families: ['inet'],
        exists: 1,
      },
      {
        iface: 'eno2',
        type: 'eth',
        active: 1,
        autostart: 0,
        method: 'manual',
        families: ['inet'],
        exists: 1,
      },
      {
        iface: 'bond0',
        type: 'bond',
        active: 1,
        autostart: 1,
        method: 'manual',
        slaves: 'eno1 eno2',
        bond_mode: '802.3ad',
        'bond-xmit-hash-policy': 'layer3+4',
        families: ['inet'],
      },
      {
        iface: 'vmbr0',
        type: 'bridge',
        active: 1,
        autostart: 1,
        method: 'static',
        bridge_ports: 'bond0',
        bridge_stp: 'off',
        bridge_fd: '0',
        bridge_vlan_aware: 1,
        address: n.ip,
        netmask: '24',
        cidr: `${n.ip}/24`,
        gateway: n.ip.replace(/\.\d+$/, '.1'),
        families: ['inet'],
      },
      {
        iface: 'vmbr0.50',
        type: 'vlan',
        active: 1,
        autostart: 1,
        method: 'static',
        'vlan-raw-device': 'vmbr0',
        'vlan-id': 50,
        cidr: n.ip.replace(/^10\.(\d+)\.0/, '10.$1.50') + '/24',
        comments: 'corosync ring 1\n',
        families: ['inet'],
      },
    ],
    dns: { search: 'example.net', dns1: '10.0.0.53', dns2: '10.0.1.53' },
    time: { timezone: 'Europe/Paris', time: now, localtime: now + 3600 },
    firewallRules: [
      {
        pos: 0,
        type: 'in',
        action: 'ACCEPT',
        macro: 'SSH',
        source: '+management',
        enable: 1,
        comment: 'admin SSH',
      },
      { pos: 1, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '8006', source: '+management', enable: 1 },
    ],
  }
}

export function makeGuest(g: GuestPlan, prng: Prng, now: number, hostile: boolean): InventoryGuest {
  const os = OSES[g.vmid % OSES.length] as (typeof OSES)[number]
  const digest = hex(prng, 40)
  let config: PveObject
  if (g.type === 'qemu') {
    config = {
      name: g.name,
      cores: g.cores,
      sockets: 1,
      memory: String(g.memoryMiB),
      cpu: 'x86-64-v2-AES',
      ostype: os.ostype,
      machine: 'q35',
      bios: os.ostype === 'win11' ? 'ovmf' : 'seabios',
      scsihw: 'virtio-scsi-single',
      boot: 'order=scsi0;ide2;net0',
      scsi0: `ceph-vm:vm-${g.vmid}-disk-0,discard=on,iothread=1,size=${g.diskGiB}G,ssd=1`,
      ide2: 'none,media=cdrom',
      net0: `virtio=${mac(prng)},bridge=vmbr0,firewall=1,tag=${g.vlan}`,
      agent: '1,fstrim_cloned_disks=1',
      onboot: g.running ? 1 : 0,
      numa: 0,
      smbios1: `uuid=${uuid(prng)}`,
      vmgenid: uuid(prng),
      meta: `creation-qemu=9.0.2,ctime=${now - prng.int(30, 900) * DAY}`,
      digest,
    }
    if (g.vmid % 5 === 0) {
      config.scsi1 = `local-lvm:vm-${g.vmid}-disk-1,backup=0,iothread=1,size=200G`
      config.net1 = `virtio=${mac(prng)},bridge=vmbr1,firewall=0`
    }
    if (g.vmid % 7 === 0) {
      config.ciuser = 'debian'
      config.cipassword = REDACTED
      config.ipconfig0 = `ip=10.20.${g.vlan}.${g.vmid % 250}/24,gw=10.20.${g.vlan}.1`
      config.sshkeys = 'ssh-ed25519 SHA256:2kT0vYQYl3vJ0xSx7o3mH6w2F5nLq9GmP1Q8cRrXyZ0 noc@desk'
    }
    if (os.ostype === 'win11')
      config.efidisk0 = `ceph-vm:vm-${g.vmid}-disk-2,efitype=4m,pre-enrolled-keys=1,size=1M`
    if (g.template) config.template = 1
  } else {
    config = {
      hostname: g.name,
      arch: 'amd64',
      cores: g.cores,
      memory: g.memoryMiB,
      swap: 512,
      ostype: os.id === 'mswindows' ? 'debian' : os.id,
      unprivileged: 1,
      features: 'nesting=1',
      rootfs: `local-lvm:vm-${g.vmid}-disk-0,size=${g.diskGiB}G`,
      net0: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=${mac(prng)},ip=10.30.${g.vlan}.${g.vmid % 250}/24,gw=10.30.${g.vlan}.1,tag=${g.vlan},type=veth`,
      onboot: g.running ? 1 : 0,
      digest,
    }
    if (g.vmid % 4 === 0) config.mp0 = `ceph-vm:vm-${g.vmid}-disk-1,mp=/srv/data,backup=1,size=100G`
  }
  if (g.tags.length > 0) config.tags = g.tags.join(';')
  if (hostile && g.vmid === 100) config.description = HOSTILE_NAMES.note
  const guest: InventoryGuest = {
    type: g.type,
    vmid: g.vmid,
    node: g.node,
    name: g.name,
    config,
    pending: [],
  }
  if (g.vmid % 11 === 0) {
    const key = g.type === 'qemu' ? 'memory' : 'cores'
    guest.pending = [
      { key, value: config[key], pending: g.type === 'qemu' ? String(g.memoryMiB * 2) : g.cores * 2 },
    ]
  }
  if (g.vmid % 13 === 0) {
    config.parent = 'before-upgrade'
    guest.guestSnapshots = [
      {
        name: 'before-upgrade',
        snaptime: now - 20 * DAY,
        description: 'before the dist-upgrade',
        vmstate: 0,
      },
      {
        name: 'current',
        parent: 'before-upgrade',
        running: g.running ? 1 : 0,
        description: 'You are here!',
        digest,
      },
    ]
  }
  guest.firewallRules =
    g.vmid % 3 === 0
      ? [{ pos: 0, type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '443', enable: 1, comment: 'HTTPS' }]
      : []
  if (g.type === 'qemu' && g.running) {
    guest.agent = {
      osinfo: { id: os.id, 'pretty-name': os.pretty, 'kernel-release': os.kernel, machine: 'x86_64' },
      hostname: g.name,
      interfaces: [
        {
          name: 'eth0',
          'hardware-address': (config.net0 as string).slice(7, 24).toLowerCase(),
          'ip-addresses': [
            { 'ip-address': `10.20.${g.vlan}.${g.vmid % 250}`, 'ip-address-type': 'ipv4', prefix: 24 },
          ],
        },
      ],
    }
  }
  return guest
}

export function storageDefinitions(prng: Prng): PveObject[] {
  return [
    {
      storage: 'local',
      type: 'dir',
      path: '/var/lib/vz',
      content: 'iso,vztmpl,backup',
      digest: hex(prng, 40),
    },
    { storage: 'local-lvm', type: 'lvmthin', vgname: 'pve', thinpool: 'data', content: 'rootdir,images' },
    { storage: 'ceph-vm', type: 'rbd', pool: 'vm', content: 'images,rootdir', krbd: 0, shared: 1 },
    {
      storage: 'pbs-main',
      type: 'pbs',
      server: 'pbs.example.net',
      datastore: 'main',
      username: 'backup@pbs',
      password: REDACTED,
      'encryption-key': REDACTED,
      fingerprint: fingerprint(prng),
      content: 'backup',
      'prune-backups': 'keep-daily=7,keep-weekly=4',
    },
  ]
}

export function backups(
  plan: ClusterPlan,
  nodes: readonly NodePlan[],
  guests: readonly GuestPlan[],
  prng: Prng,
  now: number,
  hostile: boolean,
): InventoryCluster['backups'] {
  const pbs: PveObject[] = []
  const local: PveObject[] = []
  const night = now - (now % DAY) - DAY + 3600
  for (const g of guests) {
    if (!g.backedUp) continue
    for (let d = 0; d < 2; d++) {
      const ctime = night - d * DAY + (g.vmid % 600)
      const iso = new Date(ctime * 1000).toISOString().replace('.000', '')
      const entry: PveObject = {
        volid: `pbs-main:backup/${g.type === 'qemu' ? 'vm' : 'ct'}/${g.vmid}/${iso}`,
        content: 'backup',
        format: g.type === 'qemu' ? 'pbs-vm' : 'pbs-ct',
        subtype: g.type,
        vmid: g.vmid,
        ctime,
        size: Math.round(g.diskGiB * GiB * prng.between(0.2, 0.6)),
        notes: hostile && g.vmid === 100 ? HOSTILE_NAMES.note : g.name,
        verification: {
          state: d === 0 && g.vmid % 17 === 0 ? 'failed' : 'ok',
          upid: `UPID:pbs:0000${hex(prng, 4)}:verify:`,
        },
      }
      if (d === 1 && g.vmid % 9 === 0) entry.protected = 1
      pbs.push(entry)
    }
    if (g.vmid % 10 === 0) {
      const ctime = night - 7 * DAY
      const stamp = new Date(ctime * 1000)
        .toISOString()
        .slice(0, 19)
        .replace('T', '-')
        .replaceAll(':', '_')
        .replace(/-(\d\d)-(\d\d)-/, '_$1_$2-')
      local.push({
        volid: `local:backup/vzdump-${g.type}-${g.vmid}-${stamp}.${g.type === 'qemu' ? 'vma.zst' : 'tar.zst'}`,
        content: 'backup',
        format: g.type === 'qemu' ? 'vma.zst' : 'tar.zst',
        subtype: g.type,
        vmid: g.vmid,
        ctime,
        size: Math.round(g.diskGiB * GiB * 0.3),
        notes: `${g.name} weekly`,
      })
    }
  }
  const first = (nodes[0] as NodePlan).name
  return {
    archives: [
      { node: first, storage: 'pbs-main', entries: pbs },
      { node: first, storage: 'local', entries: local },
    ],
    jobs: [
      {
        id: `backup-${plan.prefix}-nightly`,
        type: 'vzdump',
        schedule: '01:00',
        storage: 'pbs-main',
        mode: 'snapshot',
        enabled: 1,
        all: 0,
        vmid: guests
          .filter((g) => g.backedUp)
          .map((g) => g.vmid)
          .join(','),
        'notes-template': '{{guestname}}',
        'next-run': night + 2 * DAY,
        comment: 'nightly to PBS',
      },
      {
        id: `backup-${plan.prefix}-weekly`,
        type: 'vzdump',
        schedule: 'sun 03:00',
        storage: 'local',
        mode: 'snapshot',
        compress: 'zstd',
        enabled: 1,
        pool: 'prod',
        'next-run': night + 5 * DAY,
      },
    ],
    notBackedUp: guests.filter((g) => !g.backedUp).map((g) => ({ vmid: g.vmid, name: g.name, type: g.type })),
  }
}

export function replication(
  nodes: readonly NodePlan[],
  guests: readonly GuestPlan[],
  now: number,
): InventoryCluster['replication'] {
  const jobs: PveObject[] = []
  const state = new Map<string, PveObject[]>()
  for (const g of guests) {
    if (g.replicated === undefined) continue
    const id = `${g.vmid}-0`
    jobs.push({
      id,
      guest: g.vmid,
      jobnum: 0,
      type: 'local',
      source: g.node,
      target: g.replicated,
      schedule: '*/15',
    })
    const failing = g.vmid % 4 === 0
    const entry: PveObject = {
      id,
      guest: g.vmid,
      jobnum: 0,
      type: 'local',
      target: g.replicated,
      vmtype: g.type,
      schedule: '*/15',
      last_sync: now - (failing ? 3 * 3600 : 600),
      last_try: now - 600,
      next_sync: now + 300,
      duration: 4.2,
      fail_count: failing ? 3 : 0,
    }
    if (failing)
      entry.error = `zfs error: cannot receive incremental stream: destination tank/vm-${g.vmid}-disk-0 has been modified`
    const list = state.get(g.node) ?? []
    list.push(entry)
    state.set(g.node, list)
  }
  return {
    jobs,
    state: nodes
      .filter((n) => state.has(n.name))
      .map((n) => ({ node: n.name, entries: state.get(n.name) ?? [] })),
  }
}

export function ha(
  plan: ClusterPlan,
  nodes: readonly NodePlan[],
  guests: readonly GuestPlan[],
): InventoryCluster['ha'] {
  const managed = guests.filter((g) => g.ha)
  const sid = (g: GuestPlan): string => `${g.type === 'qemu' ? 'vm' : 'ct'}:${g.vmid}`
  const master = (nodes[0] as NodePlan).name
  const pve9 = plan.version.startsWith('9')
  const result: InventoryCluster['ha'] = {
    status: [
      { id: 'quorum', type: 'quorum', node: master, status: 'OK', quorate: 1 },
      { id: 'master', type: 'master', node: master, status: `${master} (active, Tue Dec  1 11:59:58 2026)` },
      ...nodes.map((n) => ({
        id: `lrm:${n.name}`,
        type: 'lrm',
        node: n.name,
        status: `${n.name} (active, Tue Dec  1 11:59:57 2026)`,
      })),
      ...managed.map((g) => ({
        id: `service:${sid(g)}`,
        type: 'service',
        sid: sid(g),
        node: g.node,
        state: 'started',
        status: 'started',
        crm_state: 'started',
        request_state: 'started',
        max_restart: 1,
        max_relocate: 1,
      })),
    ],
    managerStatus: {
      manager_status: { master_node: master, timestamp: 1796126398 },
      quorum: { node: master, quorate: '1' },
    },
    resources: managed.map((g) => {
      const r: PveObject = {
        sid: sid(g),
        type: g.type === 'qemu' ? 'vm' : 'ct',
        state: 'started',
        max_restart: 1,
        max_relocate: 1,
      }
      if (!pve9) r.group = 'prefer-first'
      return r
    }),
  }
  if (pve9) {
    result.rules = [
      {
        rule: 'prefer-first',
        type: 'node-affinity',
        nodes: nodes
          .slice(0, 2)
          .map((n, i) => `${n.name}:${2 - i}`)
          .join(','),
        resources: managed.slice(0, 5).map(sid).join(','),
        strict: 0,
      },
    ]
  } else {
    result.groups = [
      {
        group: 'prefer-first',
        type: 'group',
        nodes: nodes
          .slice(0, 2)
          .map((n, i) => `${n.name}:${2 - i}`)
          .join(','),
        restricted: 0,
        nofailback: 0,
      },
    ]
  }
  return result
}
