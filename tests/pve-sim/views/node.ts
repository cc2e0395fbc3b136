// Node details as pve-manager's API2/Nodes.pm, Network.pm and Certificates.pm report them: status (load
// average as strings, the CPU model's MHz as a string), the interfaces of /etc/network/interfaces (bonds,
// bridges, VLANs; `lo` never listed; netmask and bridge_fd as strings), and the certificate files.

import { X509Certificate } from 'node:crypto'

import { nodeUsage, perlFloat } from '../live'
import type { ClusterState, NodeState } from '../model'
import { majorOf, secondsSince } from '../model'
import type { NodeCertificate } from '../tls'
import type { Json } from './guests'

const KERNELS: Record<number, { release: string; version: string }> = {
  8: { release: '6.8.12-9-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-9 (2025-03-16T19:18Z)' },
  9: { release: '6.17.2-1-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)' },
}

const load = (value: number): string => value.toFixed(2)

export function nodeStatus(cluster: ClusterState, node: NodeState, now: number): Json {
  const usage = nodeUsage(cluster, node)
  const rootfs = cluster.storages.find((s) => s.node === node.name && s.storage === 'local')
  const total = rootfs?.maxdisk ?? 0
  const used = rootfs?.disk ?? 0
  const kernel = KERNELS[majorOf(cluster) >= 9 ? 9 : 8] ?? { release: '', version: '' }
  const cores = node.maxcpu / 2
  const loadavg = usage.cpu * node.maxcpu
  const swapTotal = 8 * 1024 ** 3
  return {
    uptime: secondsSince(node.bootedAt, now),
    idle: 0,
    cpu: perlFloat(usage.cpu),
    wait: perlFloat(usage.cpu * 0.01),
    loadavg: [load(loadavg), load(loadavg * 0.9), load(loadavg * 0.8)],
    kversion: `Linux ${kernel.release} ${kernel.version}`,
    'current-kernel': {
      sysname: 'Linux',
      release: kernel.release,
      version: kernel.version,
      machine: 'x86_64',
    },
    'boot-info': { mode: 'efi', secureboot: 0 },
    cpuinfo: {
      model: 'AMD EPYC 7313 16-Core Processor',
      sockets: Math.max(1, node.maxcpu / 32),
      cores,
      cpus: node.maxcpu,
      mhz: '3000.000',
      hvm: '1',
      user_hz: 100,
      flags:
        'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold v_vmsave_vmload vgif v_spec_ctrl umip pku ospke vaes vpclmulqdq rdpid overflow_recov succor smca',
    },
    memory: {
      total: node.maxmem,
      used: usage.mem,
      free: node.maxmem - usage.mem,
      available: node.maxmem - usage.mem,
    },
    swap: { total: swapTotal, used: 0, free: swapTotal },
    ksm: { shared: 0 },
    rootfs: { total, used, free: total - used, avail: total - used },
    pveversion: `pve-manager/${node.managerVersion?.version ?? cluster.version}/${node.managerVersion?.repoid ?? cluster.repoid}`,
  }
}

/** Each node sits in its site's management network: 10.<site>.0.<nodeid + 10>. */
function addressOf(cluster: ClusterState, node: NodeState): string {
  const site = cluster.clustered ? (node.site === 'Km4' ? 10 : 20) : 30
  return `10.${site}.0.${(node.nodeid || 1) + 10}`
}

/**
 * /etc/network/interfaces as pve-common's Network/Interfaces.pm `__read_etc_network_interfaces` hands it on: NICs
 * carry `exists: 1` (physical links) and `active: 1` while up; a VLAN named `<dev>.<id>` gets `vlan-raw-device`
 * and `vlan-id` from its name (a regex capture: a string), and copies `exists` from its raw device — a bond or
 * bridge has none, so the key is there with `null`; `address`/`netmask` become `cidr`, `address6` `cidr6`.
 * Km4's nodes bond eno1+eno2 with LACP (802.3ad, layer3+4) and have IPv6 and a backup VLAN on the bridge; the
 * others use active-backup. `eno3` is cabled nowhere (no `active`).
 */
export function networkInterfaces(cluster: ClusterState, node: NodeState, type?: string): Json[] {
  const address = addressOf(cluster, node)
  const gateway = address.replace(/\.\d+$/, '.1')
  const storageNet = address.replace(/^10\./, '172.').replace(/\.0\./, '.20.')
  const lacp = node.site === 'Km4'
  const nic = (iface: string, priority: number, active: boolean): Json => ({
    iface,
    type: 'eth',
    method: 'manual',
    method6: 'manual',
    families: ['inet'],
    ...(active ? { active: 1 } : {}),
    exists: 1,
    priority,
  })
  const bond: Json = {
    iface: 'bond0',
    type: 'bond',
    method: 'manual',
    method6: 'manual',
    families: ['inet'],
    active: 1,
    autostart: 1,
    slaves: 'eno1 eno2',
    priority: 6,
    ...(lacp
      ? { bond_mode: '802.3ad', bond_xmit_hash_policy: 'layer3+4' }
      : { bond_mode: 'active-backup', 'bond-primary': 'eno1' }),
  }
  const hostId = (node.nodeid || 1) + 10
  const bridge: Json = {
    iface: 'vmbr0',
    type: 'bridge',
    method: 'static',
    method6: lacp ? 'static' : 'manual',
    families: lacp ? ['inet', 'inet6'] : ['inet'],
    active: 1,
    autostart: 1,
    address,
    netmask: '24',
    cidr: `${address}/24`,
    gateway,
    ...(lacp
      ? {
          address6: `2001:db8:4d4::${hostId}`,
          netmask6: '64',
          cidr6: `2001:db8:4d4::${hostId}/64`,
          gateway6: '2001:db8:4d4::1',
        }
      : {}),
    bridge_ports: 'bond0',
    bridge_stp: 'off',
    bridge_fd: '0',
    bridge_vlan_aware: 1,
    bridge_vids: '2-4094',
    comments: 'management and guests\n',
    priority: 7,
  }
  const corosync: Json = {
    iface: 'bond0.20',
    type: 'vlan',
    method: 'static',
    method6: 'manual',
    families: ['inet'],
    active: 1,
    autostart: 1,
    address: storageNet,
    netmask: '24',
    cidr: `${storageNet}/24`,
    'vlan-raw-device': 'bond0',
    'vlan-id': '20',
    exists: null,
    comments: 'corosync and migration\n',
    priority: 8,
  }
  const backupNet = storageNet.replace(/^172\.(\d+)\.20\./, '172.$1.30.')
  const backup: Json = {
    iface: 'vmbr0.30',
    type: 'vlan',
    method: 'static',
    method6: 'manual',
    families: ['inet'],
    active: 1,
    autostart: 1,
    address: backupNet,
    netmask: '24',
    cidr: `${backupNet}/24`,
    'vlan-raw-device': 'vmbr0',
    'vlan-id': '30',
    exists: null,
    comments: 'backups towards Yamoussoukro\n',
    priority: 9,
  }
  const ifaces: Json[] = [
    nic('eno1', 3, true),
    nic('eno2', 4, true),
    nic('eno3', 5, false),
    bond,
    bridge,
    corosync,
  ]
  if (lacp) ifaces.push(backup)
  // Network.pm `index` hands on a Perl hash (real servers list it in hash order, which changes between calls,
  // as the fog-proxmox fixture shows); the simulator keeps one stable order, by name.
  ifaces.sort((a, b) => (String(a.iface) < String(b.iface) ? -1 : 1))
  if (type === undefined) return ifaces
  if (type === 'any_bridge' || type === 'any_local_bridge') return ifaces.filter((i) => i.type === 'bridge')
  return ifaces.filter((i) => i.type === type)
}

/**
 * GET …/certificates/info as pve-manager API2/Certificates.pm `info`: pve-root-ca.pem, pve-ssl.pem and
 * pveproxy-ssl.pem, in that order, each that exists (pve-common Certificate.pm `get_certificate_info`).
 */
export function certificateInfo(cert: NodeCertificate): Json[] {
  const files = [...(cert.others ?? []), { filename: cert.filename ?? 'pve-ssl.pem', cert: cert.cert }]
  const order = ['pve-root-ca.pem', 'pve-ssl.pem', 'pveproxy-ssl.pem']
  files.sort((a, b) => order.indexOf(a.filename) - order.indexOf(b.filename))
  return files.map((file) => fileInfo(file.filename, file.cert))
}

function fileInfo(filename: string, pem: string): Json {
  const x509 = new X509Certificate(pem)
  const san = (x509.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter((entry) => entry !== '')
  const dn = (text: string): string =>
    `/${text
      .split('\n')
      .filter((l) => l !== '')
      .join('/')}`
  const info: Json = {
    filename,
    fingerprint: x509.fingerprint256,
    subject: dn(x509.subject),
    issuer: dn(x509.issuer),
    notbefore: Math.floor(new Date(x509.validFrom).getTime() / 1000),
    notafter: Math.floor(new Date(x509.validTo).getTime() / 1000),
    pem,
    'public-key-type': 'rsaEncryption',
    'public-key-bits': x509.publicKey.asymmetricKeyDetails?.modulusLength ?? 2048,
  }
  // The CA has no subjectAltName: Certificate.pm leaves `san` out then.
  if (san.length > 0) info.san = san
  return info
}
