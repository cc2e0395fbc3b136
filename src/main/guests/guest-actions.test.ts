import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { sharedDir } from '../../../tests/support/shared-dir'
import { AppError } from '../../shared/ipc/errors'
import type { FleetGuest } from '../../shared/model/fleet'
import type { GuestAction } from '../../shared/model/guest-action'
import type { PveClient } from '../pve/pve-client'
import type { ClusterAccess } from './cluster-access'
import { pveCall, runGuestAction } from './guest-actions'

const guest = (type: 'qemu' | 'lxc', over: Partial<FleetGuest> = {}): FleetGuest => ({
  key: `c/${type}/100`,
  clusterId: 'c',
  kind: 'guest',
  type,
  vmid: 100,
  node: 'km4-pve1',
  name: 'web',
  status: 'running',
  template: false,
  tags: [],
  ...over,
})

const EVERY_ACTION: GuestAction[] = [
  { kind: 'start' },
  { kind: 'shutdown', timeout: 60, forceStop: true },
  { kind: 'stop' },
  { kind: 'reboot' },
  { kind: 'reset' },
  { kind: 'suspend', todisk: true, statestorage: 'local-lvm' },
  { kind: 'resume' },
  { kind: 'migrate', target: 'km4-pve2', online: true, withLocalDisks: true },
  { kind: 'migrate', target: 'km4-pve2', restart: true },
  {
    kind: 'backup',
    storage: 'local',
    mode: 'snapshot',
    compress: 'zstd',
    protected: true,
    notes: '{{guestname}}',
  },
  { kind: 'snapshotCreate', name: 'before', description: 'why', vmstate: true },
  { kind: 'snapshotRollback', name: 'before', start: true },
  { kind: 'snapshotDelete', name: 'before' },
]

interface ApiNode {
  path: string
  info?: Record<string, { parameters?: { properties?: Record<string, unknown> } }>
  children?: ApiNode[]
}

/** PVE 9.1's schema: path template → method → parameter names. */
function schemaIndex(): Map<string, Map<string, Set<string>>> {
  const doc = JSON.parse(readFileSync(join(sharedDir(), 'pve-api', 'apidoc.json'), 'utf8')) as ApiNode[]
  const index = new Map<string, Map<string, Set<string>>>()
  const walk = (nodes: readonly ApiNode[]): void => {
    for (const n of nodes) {
      const methods = new Map<string, Set<string>>()
      for (const [m, i] of Object.entries(n.info ?? {}))
        methods.set(m, new Set(Object.keys(i.parameters?.properties ?? {})))
      index.set(n.path, methods)
      walk(n.children ?? [])
    }
  }
  walk(doc)
  return index
}

/** `/nodes/km4-pve1/qemu/100/snapshot/before` → `/nodes/{node}/qemu/{vmid}/snapshot/{snapname}`. */
const template = (path: string): string =>
  path
    .replace(/^\/nodes\/[^/]+/, '/nodes/{node}')
    .replace(/\/(qemu|lxc)\/\d+/, '/$1/{vmid}')
    .replace(/\/snapshot\/[^/]+/, '/snapshot/{snapname}')

describe('the PVE call of each action', () => {
  const schema = schemaIndex()
  for (const type of ['qemu', 'lxc'] as const) {
    for (const action of EVERY_ACTION) {
      if (
        type === 'lxc' &&
        (action.kind === 'reset' || (action.kind === 'migrate' && action.online === true))
      )
        continue
      it(`${type} ${action.kind}: a path and parameter names PVE 9.1's schema has`, () => {
        const call = pveCall(guest(type), action)
        const methods = schema.get(template(call.path))
        expect(methods, call.path).toBeDefined()
        const names = methods?.get(call.method)
        expect(names, `${call.method} ${call.path}`).toBeDefined()
        for (const [name, value] of Object.entries(call.params ?? {}))
          if (value !== undefined) expect(names?.has(name), `${name} of ${call.path}`).toBe(true)
      })
    }
  }

  it('sends what the operator chose, PVE’s spelling, nothing for options left off', () => {
    expect(pveCall(guest('qemu'), EVERY_ACTION[7] as GuestAction).params).toEqual({
      target: 'km4-pve2',
      online: true,
      'with-local-disks': true,
    })
    expect(pveCall(guest('lxc'), EVERY_ACTION[8] as GuestAction).params).toEqual({
      target: 'km4-pve2',
      restart: true,
    })
    expect(pveCall(guest('qemu'), EVERY_ACTION[9] as GuestAction)).toEqual({
      method: 'POST',
      path: '/nodes/km4-pve1/vzdump',
      params: {
        vmid: '100',
        storage: 'local',
        mode: 'snapshot',
        compress: 'zstd',
        protected: true,
        'notes-template': '{{guestname}}',
      },
    })
    const plain = pveCall(guest('qemu'), { kind: 'shutdown' }).params ?? {}
    expect(Object.values(plain).filter((v) => v !== undefined)).toEqual([])
  })

  it('keeps a hostile node name inside its path segment', () => {
    expect(pveCall(guest('qemu', { node: '../../access/users' }), { kind: 'start' }).path).toBe(
      '/nodes/..%2F..%2Faccess%2Fusers/qemu/100/status/start',
    )
  })
})

/** An access whose privileges and answers the test sets; it records every call. */
function fakeAccess(options: {
  readOnly?: boolean
  privileges?: string[]
  guest?: FleetGuest
  answer?: unknown
}): { access: ClusterAccess; calls: string[] } {
  const calls: string[] = []
  const client = {
    call: (method: string, path: string) => {
      calls.push(`${method} ${path}`)
      return Promise.resolve(options.answer)
    },
  }
  return {
    calls,
    access: {
      clusterId: 'c',
      readOnly: options.readOnly ?? false,
      // Only `call` is used by the actions: the rest of PveClient stays out of a unit test.
      client: client as unknown as PveClient,
      guest: () => Promise.resolve(options.guest ?? guest('qemu')),
      can: (_path, privileges) =>
        Promise.resolve(privileges.some((p) => (options.privileges ?? []).includes(p))),
      siteOf: () => 'Km4',
      nodes: () => Promise.resolve([]),
    },
  }
}

const UPID = 'UPID:km4-pve1:00001234:00005678:6770A1B2:qmstart:100:root@pam:'

describe('runGuestAction refusals, before anything is sent', () => {
  it('read-only first, even without privileges', async () => {
    const { access, calls } = fakeAccess({ readOnly: true })
    await expect(runGuestAction(access, 100, { kind: 'start' })).rejects.toMatchObject({ code: 'read_only' })
    expect(calls).toEqual([])
  })

  it('a missing privilege in PVE’s words; any of several for a rollback', async () => {
    const { access, calls } = fakeAccess({ privileges: ['VM.Audit'] })
    await expect(runGuestAction(access, 100, { kind: 'stop' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Permission check failed (/vms/100, VM.PowerMgmt)',
      detail: { privilege: 'VM.PowerMgmt' },
    })
    const rollback = fakeAccess({ privileges: ['VM.Snapshot.Rollback'], answer: UPID })
    await expect(
      runGuestAction(rollback.access, 100, { kind: 'snapshotRollback', name: 'x' }),
    ).resolves.toMatchObject({ upid: UPID })
    expect(calls).toEqual([])
  })

  it('hibernating also takes VM.Config.Disk, as qemu-server checks', async () => {
    const { access, calls } = fakeAccess({ privileges: ['VM.PowerMgmt'] })
    await expect(runGuestAction(access, 100, { kind: 'suspend', todisk: true })).rejects.toMatchObject({
      message: 'Permission check failed (/vms/100, VM.Config.Disk)',
    })
    expect(calls).toEqual([])
  })

  it('a backup takes Datastore.AllocateSpace on its storage, as VZDump.pm checks before forking', async () => {
    const { access, calls } = fakeAccess({ privileges: ['VM.Backup'] })
    await expect(
      runGuestAction(access, 100, { kind: 'backup', storage: 'x', mode: 'snapshot', compress: 'zstd' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Permission check failed (/storage/x, Datastore.AllocateSpace)',
      detail: { path: '/storage/x', privilege: 'Datastore.AllocateSpace' },
    })
    expect(calls).toEqual([])
  })

  it('hibernating to a named state storage takes Datastore.AllocateSpace there, and sends it', async () => {
    const { access, calls } = fakeAccess({ privileges: ['VM.PowerMgmt', 'VM.Config.Disk'] })
    const hibernate: GuestAction = { kind: 'suspend', todisk: true, statestorage: 'fast' }
    await expect(runGuestAction(access, 100, hibernate)).rejects.toMatchObject({
      message: 'Permission check failed (/storage/fast, Datastore.AllocateSpace)',
    })
    expect(calls).toEqual([])
    expect(pveCall(guest('qemu'), hibernate).params).toEqual({ todisk: true, statestorage: 'fast' })
  })

  it('what a container does not have', async () => {
    const { access, calls } = fakeAccess({ privileges: ['VM.PowerMgmt'], guest: guest('lxc') })
    for (const action of [{ kind: 'reset' }, { kind: 'suspend', todisk: true }] as GuestAction[])
      await expect(runGuestAction(access, 100, action)).rejects.toMatchObject({ code: 'invalid_request' })
    expect(calls).toEqual([])
  })
})

describe('runGuestAction answers', () => {
  it('the UPID PVE gave', async () => {
    const { access, calls } = fakeAccess({ privileges: ['VM.PowerMgmt'], answer: UPID })
    expect(await runGuestAction(access, 100, { kind: 'start' })).toEqual({
      clusterId: 'c',
      vmid: 100,
      upid: UPID,
    })
    expect(calls).toEqual(['POST /nodes/km4-pve1/qemu/100/status/start'])
  })

  it('vzdump’s plain answer without a task: no UPID, PVE’s words', async () => {
    const { access } = fakeAccess({ privileges: ['VM.Backup', 'Datastore.AllocateSpace'], answer: 'OK' })
    expect(
      await runGuestAction(access, 100, { kind: 'backup', storage: 'local', mode: 'stop', compress: '0' }),
    ).toEqual({ clusterId: 'c', vmid: 100, upid: null, message: 'OK' })
  })

  it('a power action answered with something that is no UPID is a bad answer, not a task', async () => {
    const { access } = fakeAccess({ privileges: ['VM.PowerMgmt'], answer: { upid: 'x' } })
    const error = await runGuestAction(access, 100, { kind: 'start' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'bad_response' })
  })
})
