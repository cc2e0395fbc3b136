import { describe, expect, it } from 'vitest'

import { AppError } from '../../../shared/ipc/errors'
import {
  GuestBackupsPanel,
  GuestConfigPanel,
  GuestFirewallPanel,
  GuestHaPanel,
  GuestReplicationPanel,
  GuestSummaryPanel,
  TaskHistoryPanel,
} from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import {
  readGuestBackups,
  readGuestConfig,
  readGuestFirewall,
  readGuestHa,
  readGuestReplication,
  readGuestSummary,
  readGuestTasks,
} from '../guest-panels'
import { fakeAccess, guestOf } from './fake-access.testing'

/** A hostile server's answers: wrong types, a million rows, megabyte strings, NaN, nesting. */
const big = 'x'.repeat(1_000_000)
const junkRow: Record<string, unknown> = {}
for (const key of [
  'key',
  'value',
  'pending',
  'delete',
  'volid',
  'storage',
  'ctime',
  'size',
  'format',
  'notes',
  'verification',
  'id',
  'guest',
  'target',
  'schedule',
  'fail_count',
  'error',
  'type',
  'action',
  'pos',
  'enable',
  'comment',
  'upid',
  'status',
  'sid',
  'state',
  'node',
  'resources',
  'rule',
  'name',
  'ip-addresses',
  'result',
  'time',
  'cpu',
])
  junkRow[key] = big
let deep: unknown = {}
for (let i = 0; i < 10_000; i++) deep = [deep]
const HOSTILE: [string, unknown][] = [
  ['a string', big],
  ['a number', 42],
  ['null', null],
  ['NaN everywhere', { status: NaN, cpu: NaN, result: [{ name: NaN }] }],
  ['10^6 rows', Array.from({ length: 1_000_000 }, () => junkRow)],
  ['10^6 numbers', new Array<number>(1_000_000).fill(Number.NaN)],
  ['1 MB strings', junkRow],
  ['nested junk', { result: deep, data: deep, ha: deep, verification: deep }],
  [
    'rows of nested junk',
    [deep, { key: deep, value: deep }, { volid: 'local:backup/x', verification: deep }],
  ],
]

const reads: [string, (a: ClusterAccess) => Promise<unknown>, { parse: (v: unknown) => unknown }][] = [
  [
    'summary',
    (a) => readGuestSummary(a, 101, { timeframe: 'day', cf: 'MAX' }, undefined, { agentDeadlineMs: 50 }),
    GuestSummaryPanel,
  ],
  ['config', (a) => readGuestConfig(a, 101), GuestConfigPanel],
  ['backups', (a) => readGuestBackups(a, 101), GuestBackupsPanel],
  ['replication', (a) => readGuestReplication(a, 101), GuestReplicationPanel],
  ['HA', (a) => readGuestHa(a, 101), GuestHaPanel],
  ['firewall', (a) => readGuestFirewall(a, 101), GuestFirewallPanel],
  ['tasks', (a) => readGuestTasks(a, 101), TaskHistoryPanel],
]

describe('guest panel reads against a hostile server', () => {
  for (const [what, answer] of HOSTILE)
    for (const [name, read, schema] of reads)
      it(`${name}: ${what} reads as a bounded answer of the wire shape, never a throw`, async () => {
        // Every path answers the same junk, the backup storage list included (so its contents are read too).
        const storages = [
          { storage: 'pbs', content: 'backup' },
          ...(Array.isArray(answer) ? (answer as unknown[]).slice(0, 3) : []),
        ]
        const { access } = fakeAccess(
          { '': (c: { path: string }) => (c.path.endsWith('/storage') ? storages : answer) },
          guestOf('qemu'),
        )
        const value = await read(access)
        expect(() => schema.parse(value)).not.toThrow()
        expect(JSON.stringify(value).length).toBeLessThan(64 * 1024 * 1024)
      }, 20_000)
})

describe('a server that fails', () => {
  for (const [name, read] of reads)
    it(`${name}: fails with an AppError, never a TypeError`, async () => {
      const { access } = fakeAccess({ '': new AppError({ code: 'pve_error', message: 'boom' }) })
      const outcome = await read(access).then(
        (v) => ({ value: v }),
        (e: unknown) => ({ error: e }),
      )
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(AppError)
    })
})
