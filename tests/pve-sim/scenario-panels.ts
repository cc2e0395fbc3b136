// What makes the three-sites panels worth looking at, beyond what an inventory finds (scenario-inventory.ts):
// an RRD history with a gap (yakro-pve1 was unreachable for ten minutes an hour ago) and earlier runs of stopped
// guests, Markdown notes (and one guest with hostile notes, for the renderer's XSS defences), a pending NIC and
// a pending delete, a node one release behind its cluster.

import type { ClusterState, GuestState, NodeState } from './model'
import { findGuest, findNode } from './model'

const MIN_MS = 60_000
const HOUR_MS = 60 * MIN_MS

/** Notes as an operator writes them in the GUI's Notes panel (Markdown since PVE 7.2). */
const WEB_NOTES = `# naorlo-web01

Front web server of **NA&ORLO** (production).

## Contacts
- Astreinte NOC : +225 27 20 00 00 00
- Équipe applicative : naorlo-dev@ace.ci

## Services

| Service | Port | Supervision |
| ------- | ---- | ----------- |
| nginx   | 443  | Zabbix      |
| php-fpm | 9000 | Zabbix      |

Runbook: [wiki NOC](https://wiki.ace.ci/noc/naorlo-web)
`

const DB_NOTES = `## naorlo-db01

1. Sauvegarde PBS chaque nuit (\`backup-naorlo-prod\`).
2. Réplication vers vitib-pve1 toutes les 15 min.

> Ne pas migrer pendant la fenêtre de facturation (le 25 de chaque mois).
`

const DNS_NOTES = `DNS primaire Km4 — *unbound* + *nsd*.

Zone \`ace.ci\`, secondaire : dns02 (VITIB).
`

/**
 * Hostile notes: what an attacker with VM.Config.Options could write. PVE stores and returns them as typed; the
 * GUI's Markdown renderer (proxmox-widget-toolkit `Proxmox.Markdown.parse`) strips scripts, event handlers
 * and `javascript:` links. Any client must do at least as much.
 */
export const HOSTILE_NOTES = `# Sandbox

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[x](javascript:alert(1))

<a href="javascript:alert(2)">click</a> <iframe src="https://evil.example/"></iframe>

Plain text after the attacks.
`

function withGuest(cluster: ClusterState, vmid: number, change: (g: GuestState) => void): void {
  const guest = findGuest(cluster, vmid)
  if (guest === undefined) throw new Error(`scenario: no guest ${vmid} in ${cluster.id}`)
  change(guest)
}

function withNode(cluster: ClusterState, name: string, change: (n: NodeState) => void): void {
  const node = findNode(cluster, name)
  if (node === undefined) throw new Error(`scenario: no node ${name} in ${cluster.id}`)
  change(node)
}

export function plantPanels(ace: ClusterState, yakro: ClusterState, now: number): void {
  // pvestatd on yakro-pve1 stalled for ten minutes an hour ago (a hung NFS mount is the classic cause): no
  // samples, in its own RRD and its guests'. Its uptime is untouched.
  withNode(yakro, 'yakro-pve1', (n) => {
    n.outages = [{ from: now - 70 * MIN_MS, to: now - 60 * MIN_MS }]
  })
  // Stopped guests that ran earlier: their history shows those runs between gaps.
  withGuest(ace, 210, (g) => {
    g.runs = [{ from: now - 20 * HOUR_MS, to: now - 17 * HOUR_MS }]
    g.usageMean = { cpu: 0.18, mem: Math.round(g.maxmem * 0.4) }
    g.notes = HOSTILE_NOTES
  })
  withGuest(ace, 204, (g) => {
    g.runs = [{ from: now - 5 * HOUR_MS, to: now - 2 * HOUR_MS }]
    g.usageMean = { cpu: 0.3, mem: Math.round(g.maxmem * 0.5) }
  })
  withGuest(ace, 101, (g) => {
    g.notes = WEB_NOTES
  })
  withGuest(ace, 105, (g) => {
    g.notes = DB_NOTES
  })
  withGuest(ace, 110, (g) => {
    g.notes = DNS_NOTES
  })
  // 104 waits for its next start: more memory and cores (scenario-inventory.ts), a second NIC on the backup
  // VLAN and `numa` removed — network hotplug is off on it (`hotplug: disk,usb`), so the NIC cannot go in live.
  withGuest(ace, 104, (g) => {
    g.applied = { ...g.applied, hotplug: 'disk,usb' }
    g.pending = { ...g.pending, net1: 'virtio=BC:24:11:01:00:69,bridge=vmbr0,tag=30' }
    g.pendingDelete = [...(g.pendingDelete ?? []), 'numa']
  })
  // km4-pve2 serves a custom certificate (pveproxy-ssl.pem) that expires in ten days: worth a warning.
  withNode(ace, 'km4-pve2', (n) => {
    n.proxyCertificateDays = 10
  })
  // vitib-pve1 is one release behind (pve-manager 9.1.2 against 9.1.4): the cluster panel flags it.
  withNode(ace, 'vitib-pve1', (n) => {
    n.managerVersion = { version: '9.1.2', repoid: 'c3a1e9d0b7f54e21' }
  })
}
