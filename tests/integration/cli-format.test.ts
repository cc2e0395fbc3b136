import { describe, expect, it } from 'vitest'

import { skipWords } from '../../src/cli/bulk-output'
import type { ScopeCluster } from '../../src/cli/bulk-options'
import { perCluster } from '../../src/cli/bulk-options'
import { parseFilter } from '../../src/cli/filter'
import { refuseMigration } from '../../src/cli/guest-commands'
import { snapshotTree } from '../../src/cli/guest-snapshot-list'
import { USAGE } from '../../src/cli/main'
import { printable } from '../../src/cli/printable'
import { taskWords } from '../../src/cli/task-words'
import { isoTime } from '../../src/cli/time-text'
import type { MigrationCheck } from '../../src/shared/model/guest-action'

// What the action commands print, apart from any server: a hostile server's text never drives the terminal, a
// hostile snapshot list never loops or loses an entry, the migration precondition refuses in PVE's words.

describe('printable', () => {
  it('shows control characters instead of sending them to the terminal', () => {
    expect(printable('ok\u001b]0;pwned\u0007\u001b[2J\rdone\u009b31m\ttab')).toBe(
      'ok^[]0;pwned^G^[[2J^Mdone\\x9b31m\ttab',
    )
    expect(printable('line one\nline two\u007f')).toBe('line one^Jline two^?')
    expect(printable('Sauvegarde réussie – ✓')).toBe('Sauvegarde réussie – ✓')
  })
})

describe('snapshotTree', () => {
  const snap = (
    name: string,
    parent?: string,
    snaptime?: number,
  ): Parameters<typeof snapshotTree>[0][number] => ({
    name,
    vmstate: false,
    current: name === 'current',
    ...(parent === undefined ? {} : { parent }),
    ...(snaptime === undefined ? {} : { snaptime }),
  })

  it('nests children under their parent, oldest first, NOW last', () => {
    const lines = snapshotTree([
      snap('current', 'b'),
      snap('b', 'a', 200),
      snap('c', 'a', 150),
      snap('a', undefined, 100),
    ])
    expect(lines.map((l) => l.replace(/ +/g, ' '))).toEqual([
      '`-> a 1970-01-01T00:01:40Z no-description',
      ' `-> c 1970-01-01T00:02:30Z no-description',
      ' `-> b 1970-01-01T00:03:20Z no-description',
      ' `-> NOW You are here!',
    ])
    expect(lines[1]).toMatch(/^ {4}`-> c/)
    expect(lines[3]).toMatch(/^ {8}`-> NOW/)
  })

  it('shows a hostile name or description as text, never as terminal sequences', () => {
    const [line] = snapshotTree([
      { ...snap('a\u001b[2J', undefined, 1), description: 'x\u001b]0;t\u0007\nsecond' },
    ])
    expect(line).toMatch(/^`-> a\^\[\[2J +\S+ +x\^\[\]0;t\^G$/)
  })

  it('keeps every entry of a hostile list: a cycle, a missing parent, its own parent', () => {
    const lines = snapshotTree([
      snap('x', 'y', 1),
      snap('y', 'x', 2),
      snap('z', 'gone', 3),
      snap('s', 's', 4),
    ])
    const names = lines.map((l) => /`-> (\S+)/.exec(l)?.[1])
    expect(names).toEqual(expect.arrayContaining(['z', 's']))
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('refuseMigration', () => {
  const check: MigrationCheck = {
    clusterId: 'ace-prod',
    vmid: 201,
    node: 'km4-pve2',
    running: true,
    targets: [
      { node: 'km4-pve1', site: 'Km4', online: true, allowed: true },
      {
        node: 'vitib-pve1',
        site: 'VITIB',
        online: true,
        allowed: false,
        notAllowedReason: 'storage local-lvm not available',
      },
    ],
    localDisks: [{ volid: 'local-lvm:vm-201-disk-0' }, { volid: 'local:iso/debian.iso', cdrom: true }],
    localResources: [],
  }
  const migrate = (target: string, withLocalDisks?: boolean) =>
    ({ kind: 'migrate', target, ...(withLocalDisks === undefined ? {} : { withLocalDisks }) }) as const

  it('says what PVE would say, and lets through what PVE allows', () => {
    expect(refuseMigration(check, migrate('km4-pve1'))).toBe(
      "can't live migrate attached local disks without with-local-disks option",
    )
    expect(refuseMigration({ ...check, running: false }, migrate('km4-pve1'))).toMatch(
      /^local disks local-lvm:vm-201-disk-0 would be copied to 'km4-pve1': repeat with --with-local-disks$/,
    )
    expect(refuseMigration(check, migrate('km4-pve1', true))).toBeUndefined()
    expect(refuseMigration(check, migrate('vitib-pve1', true))).toBe(
      "can't migrate to node 'vitib-pve1': storage local-lvm not available",
    )
    expect(refuseMigration(check, migrate('km4-pve2', true))).toBe("guest 201 is already on node 'km4-pve2'")
    expect(
      refuseMigration({ ...check, localResources: ['usb0', 'hostpci0'] }, migrate('km4-pve1', true)),
    ).toBe("can't migrate VM which uses local devices: usb0, hostpci0")
  })
})

describe('bulk options', () => {
  const scope: ScopeCluster[] = [
    { clusterId: 'a', nodes: new Set(['n1', 'n2']), storages: new Set(['local']) },
    { clusterId: 'b', nodes: new Set(['m1']), storages: new Set(['local', 'pbs']) },
  ]
  it('gives a bare value to the clusters that have it; CLUSTER= wins', () => {
    const has = (c: ScopeCluster, v: string): boolean => c.nodes.has(v) || c.storages.has(v)
    expect(perCluster(['n1'], '--target', scope, has)).toEqual({ a: 'n1' })
    expect(perCluster(['local', 'b=pbs'], '--storage', scope, has)).toEqual({ a: 'local', b: 'pbs' })
    expect(() => perCluster(['c=x'], '--target', scope, has)).toThrow(/no cluster c/)
    expect(() => perCluster(['n1', 'n2'], '--target', scope, has)).toThrow(/given once/)
    expect(() => perCluster(['a=n1', 'a=n2'], '--target', scope, has)).toThrow(/a is given twice/)
  })

  it('says every skip reason in words, the detail escaped', () => {
    expect(skipWords('forbidden', 'VM.PowerMgmt')).toBe('no permission (VM.PowerMgmt)')
    expect(skipWords('locked', 'backup\u001b[2J')).toBe('locked (backup^[[2J)')
    expect(skipWords('read_only', undefined)).toBe('cluster read-only in PVE Desk')
  })
})

describe('filters, words and times', () => {
  it('refuses a query with a problem, and an empty one where one is required', () => {
    expect(() => parseFilter('tag:prod colour:red', { required: true })).toThrow(
      /--filter: .* at 10-16 \(colour:\)/,
    )
    expect(() => parseFilter('  ', { required: true })).toThrow(/missing --filter/)
    expect(parseFilter(undefined, { required: false })).toEqual({ terms: [] })
    expect(parseFilter('tag:prod', { required: true }).terms).toHaveLength(1)
  })

  it('puts task types in PVE words and times in UTC', () => {
    expect(taskWords('qmstart', '101')).toBe('VM 101 - Start')
    expect(taskWords('hamigrate', '104')).toBe('HA 104 - Migrate')
    expect(taskWords('vzdump', '')).toBe('Backup Job')
    expect(taskWords('vncshell', '')).toBe('Shell')
    expect(taskWords('srvreload', 'pveproxy')).toBe('srvreload pveproxy')
    expect(taskWords('constructor', '')).toBe('constructor')
    expect(isoTime(1_764_600_000)).toBe('2025-12-01T14:40:00Z')
    expect(isoTime(1e20)).toBe('100000000000000000000')
  })

  it('lists every action command in the usage text', () => {
    for (const command of [
      'guest start|stop|reboot|reset|resume',
      'guest migrate CLUSTER/VMID --target NODE',
      'guest backup CLUSTER/VMID',
      'guest snapshot list',
      'task list',
      'task log CLUSTER UPID [--follow]',
      'task stop CLUSTER UPID',
      'bulk start|shutdown|stop|reboot|suspend|resume|migrate|backup|snapshot --filter QUERY',
      '130 interrupted',
    ])
      expect(USAGE).toContain(command)
  })
})
