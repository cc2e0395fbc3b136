import { describe, expect, it } from 'vitest'

import { fakeAccess, guestOf, hang, pveRefusal } from './fake-access.testing'
import { readGuestBackups } from './guest-backups'
import { readGuestConfig } from './guest-config'
import { readGuestHa } from './guest-ha'
import { readGuestFirewall, readGuestReplication, readGuestTasks } from './guest-lists'

describe('guest config', () => {
  it('pending values beside, digest and notes apart, keys in reading order, disks and NICs read', async () => {
    const { access, calls } = fakeAccess({
      '/pending': [
        { key: 'net10', value: 'virtio=BC:24:11:00:00:0A,bridge=vmbr1' },
        { key: 'digest', value: 'abc123' },
        { key: 'memory', value: 16384, pending: 32768 },
        { key: 'net2', value: 'virtio=BC:24:11:00:00:02,bridge=vmbr0' },
        { key: 'description', value: '# Web\n<script>alert(1)</script>' },
        { key: 'ide2', value: 'none,media=cdrom', delete: 1 },
        { key: 'scsi0', value: 'local-lvm:vm-101-disk-0,size=32G' },
        { key: '__proto__', value: 'x' },
        { key: 'memory', value: 1 },
      ],
    })
    const panel = await readGuestConfig(access, 101)
    expect(calls.map((c) => c.path)).toEqual(['/nodes/km4-pve1/qemu/101/pending'])
    expect(panel.entries.map((e) => e.key)).toEqual([
      'description',
      'ide2',
      'memory',
      'net2',
      'net10',
      'scsi0',
    ])
    expect(panel.entries.find((e) => e.key === 'memory')).toEqual({
      key: 'memory',
      value: '16384',
      pending: '32768',
    })
    expect(panel.entries.find((e) => e.key === 'ide2')?.delete).toBe(true)
    expect(panel.digest).toBe('abc123')
    // The notes as written: sanitizing is the renderer's (Markdown.tsx), main keeps the text.
    expect(panel.notes).toBe('# Web\n<script>alert(1)</script>')
    expect(panel.disks.map((d) => [d.key, d.pending])).toEqual([
      ['ide2', true],
      ['scsi0', false],
    ])
    expect(panel.nics.map((n) => n.bridge)).toEqual(['vmbr0', 'vmbr1'])
  })
})

describe('guest backups', () => {
  it('every backup storage of the node, newest first, PBS verification, one gap per failing storage', async () => {
    let inFlight = 0
    let most = 0
    const slow = (rows: unknown) => async () => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      return rows
    }
    const storages = ['local', 'pbs-yakro', 'nfs-down', ...Array.from({ length: 7 }, (_, i) => `extra${i}`)]
    const { access, calls } = fakeAccess({
      '/km4-pve1/storage': storages.map((storage) => ({ storage, content: 'backup', enabled: 1, active: 1 })),
      '/storage/local/content': slow([
        {
          volid: 'local:backup/vzdump-qemu-101-2026_11_01.vma.zst',
          vmid: 101,
          ctime: 100,
          size: 10,
          content: 'backup',
        },
        { volid: 'local:backup/vzdump-qemu-999.vma.zst', vmid: 999, ctime: 500, content: 'backup' },
      ]),
      '/storage/pbs-yakro/content': slow([
        {
          volid: 'pbs-yakro:backup/vm/101/2026-11-30T01:00:00Z',
          vmid: 101,
          ctime: 300,
          content: 'backup',
          protected: 1,
          verification: { state: 'ok', upid: 'UPID:pbs:1' },
          encrypted: 'aa:bb',
        },
      ]),
      '/storage/nfs-down/content': pveRefusal(500, "storage 'nfs-down' is not online"),
      '/content': slow([]),
    })
    const panel = await readGuestBackups(access, 101)
    expect(panel.backups.map((b) => b.volid)).toEqual([
      'pbs-yakro:backup/vm/101/2026-11-30T01:00:00Z',
      'local:backup/vzdump-qemu-101-2026_11_01.vma.zst',
    ])
    expect(panel.backups[0]).toMatchObject({
      protected: true,
      verification: { state: 'ok', upid: 'UPID:pbs:1' },
      encrypted: true,
    })
    expect(panel.gaps.map((g) => [g.part, g.error.message])).toEqual([
      ['storage nfs-down', "storage 'nfs-down' is not online"],
    ])
    expect(panel.storages).toEqual(storages)
    expect(most).toBeLessThanOrEqual(4)
    expect(calls[0]?.params).toEqual({ content: 'backup' })
    expect(calls[1]?.params).toEqual({ content: 'backup', vmid: 101 })
  })

  it('cancelled: no storage is asked once the signal aborts', async () => {
    const controller = new AbortController()
    const { access, calls } = fakeAccess({
      '/km4-pve1/storage': Array.from({ length: 20 }, (_, i) => ({ storage: `s${i}` })),
      '/content': (c: { signal?: AbortSignal }) => {
        controller.abort()
        return hang(c)
      },
    })
    await expect(readGuestBackups(access, 101, controller.signal)).rejects.toMatchObject({
      code: 'cancelled',
    })
    expect(calls.filter((c) => c.path.endsWith('/content')).length).toBeLessThanOrEqual(4)
  })
})

describe('guest HA', () => {
  it('a guest HA does not manage: no resource, the manager still said', async () => {
    const { access } = fakeAccess({
      '/cluster/ha/resources/vm%3A101': pveRefusal(500, "no such resource 'vm:101'"),
      '/cluster/ha/status/current': [
        { id: 'quorum', type: 'quorum', quorate: 1, node: 'km4-pve1' },
        { id: 'master', type: 'master', node: 'km4-pve2' },
      ],
      '/cluster/ha/rules': [],
    })
    expect(await readGuestHa(access, 101)).toEqual({
      manager: { quorate: true, master: 'km4-pve2' },
      rules: [],
    })
  })

  it('PVE 9: the resource, its service state, the rules naming it (not vm:1010)', async () => {
    const { access } = fakeAccess({
      '/cluster/ha/resources/vm%3A101': {
        sid: 'vm:101',
        state: 'started',
        max_restart: 1,
        max_relocate: 1,
        failback: 1,
      },
      '/cluster/ha/status/current': [
        {
          id: 'service:vm:101',
          type: 'service',
          sid: 'vm:101',
          node: 'km4-pve1',
          state: 'started',
          crm_state: 'started',
          request_state: 'started',
        },
      ],
      '/cluster/ha/rules': [
        { rule: 'web-apart', type: 'resource-affinity', resources: 'vm:101,vm:102', affinity: 'negative' },
        { rule: 'other', type: 'node-affinity', resources: 'vm:1010', nodes: 'km4-pve1' },
      ],
    })
    const ha = await readGuestHa(access, 101)
    expect(ha.resource).toEqual({
      sid: 'vm:101',
      state: 'started',
      maxRestart: 1,
      maxRelocate: 1,
      failback: true,
    })
    expect(ha.status).toEqual({ state: 'started', node: 'km4-pve1', crmState: 'started', request: 'started' })
    expect(ha.rules).toEqual([
      { id: 'web-apart', kind: 'resource-affinity', text: 'resources vm:101,vm:102, affinity negative' },
    ])
  })

  it('PVE 8: no rules (501), the group of the resource instead; a container is ct:', async () => {
    const { access, calls } = fakeAccess(
      {
        '/cluster/ha/resources/ct%3A113': { sid: 'ct:113', state: 'started', group: 'prefer-km4' },
        '/cluster/ha/status/current': [],
        '/cluster/ha/groups': [
          { group: 'prefer-km4', nodes: 'km4-pve1:2,km4-pve2', restricted: 1 },
          { group: 'other', nodes: 'x' },
        ],
      },
      guestOf('lxc', 113),
    )
    const ha = await readGuestHa(access, 113)
    expect(ha.rules).toEqual([
      { id: 'prefer-km4', kind: 'group', text: 'nodes km4-pve1:2,km4-pve2, restricted' },
    ])
    expect(calls.map((c) => c.path)).toContain('/cluster/ha/groups')
  })

  it('a 403 on the resource fails the panel; a failing status is a gap', async () => {
    const denied = fakeAccess({ '/cluster/ha': pveRefusal(403, 'Permission check failed (/, Sys.Audit)') })
    await expect(readGuestHa(denied.access, 101)).rejects.toMatchObject({ code: 'forbidden' })
    const partial = fakeAccess({
      '/cluster/ha/resources/vm%3A101': { sid: 'vm:101', state: 'started' },
      '/cluster/ha/status/current': pveRefusal(500, 'got timeout'),
      '/cluster/ha/rules': [],
    })
    expect((await readGuestHa(partial.access, 101)).gaps?.map((g) => g.part)).toEqual(['ha status'])
  })
})

describe('replication, firewall, tasks', () => {
  it('replication jobs of the guest with their state', async () => {
    const { access, calls } = fakeAccess({
      '/replication': [
        {
          id: '101-0',
          guest: 101,
          target: 'km4-pve2',
          schedule: '*/15',
          last_sync: 100,
          fail_count: 2,
          error: 'zfs error',
          disable: 1,
        },
        { id: '102-0', guest: 102, target: 'km4-pve2' },
      ],
    })
    const { jobs } = await readGuestReplication(access, 101)
    expect(jobs).toEqual([
      {
        id: '101-0',
        guest: 101,
        target: 'km4-pve2',
        schedule: '*/15',
        disabled: true,
        failCount: 2,
        lastSync: 100,
        error: 'zfs error',
      },
    ])
    expect(calls[0]).toMatchObject({ path: '/nodes/km4-pve1/replication', params: { guest: 101 } })
  })

  it('firewall options as text, rules in pos order', async () => {
    const { access } = fakeAccess({
      '/firewall/options': { enable: 1, policy_in: 'DROP', digest: 'd', ipfilter: true },
      '/firewall/rules': [
        { pos: 1, type: 'in', action: 'ACCEPT', enable: 0, dport: '443', proto: 'tcp' },
        { pos: 0, type: 'group', action: 'web', enable: 1 },
      ],
    })
    const fw = await readGuestFirewall(access, 101)
    expect(fw.options).toEqual({ enable: '1', policy_in: 'DROP', ipfilter: '1' })
    expect(fw.rules.map((r) => [r.pos, r.action, r.enabled])).toEqual([
      [0, 'web', true],
      [1, 'ACCEPT', false],
    ])
  })

  it('tasks of the guest on its node, running ones included, newest first, PVE’s total', async () => {
    const upid = (start: number, type: string): string =>
      `UPID:km4-pve1:0000AAAA:00000001:${start.toString(16).toUpperCase().padStart(8, '0')}:${type}:101:root@pam:`
    const { access, calls } = fakeAccess({
      '/tasks': [
        { upid: upid(100, 'qmstart'), status: 'OK', endtime: 101 },
        { upid: upid(200, 'vzdump'), status: 'RUNNING' },
        { upid: 'junk' },
      ],
    })
    const panel = await readGuestTasks(access, 101)
    expect(panel.tasks.map((t) => [t.type, t.state, t.mine])).toEqual([
      ['vzdump', 'running', false],
      ['qmstart', 'ok', false],
    ])
    expect(panel.total).toBe(7)
    expect(calls[0]?.params).toEqual({ vmid: 101, limit: 50, source: 'all' })
  })
})
