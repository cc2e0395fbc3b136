import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { beforeAll, describe, expect, it, vi } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import type { ConnectionOptions } from '../../src/main/clusters/cluster-connection'
import { ClusterConnection } from '../../src/main/clusters/cluster-connection'
import { ClusterService } from '../../src/main/clusters/cluster-service'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { SettingsStore } from '../../src/main/platform/settings-store'
import type { Credential } from '../../src/main/pve/session'
import { followTask } from '../../src/main/pve/tasks'
import { MemoryVault } from '../../src/main/secrets/vault'
import { parseUpid } from '../../src/shared/upid'
import type { SimClusterInfo, SimUser } from '../pve-sim'
import { totpCode } from '../pve-sim'
import { useSimulatorFleet } from '../support/simulator-fleet'

const fleet = useSimulatorFleet({ tickMs: null })
let yakroConfig: ClusterConfig
let aceConfig: ClusterConfig
let yakro: SimClusterInfo

beforeAll(() => {
  yakroConfig = fleet.config('yakro-pve1')
  aceConfig = fleet.config('ace-prod')
  const found = fleet.sim.info.clusters.find((c) => c.id === 'yakro-pve1')
  if (found === undefined) throw new Error('no yakro-pve1')
  yakro = found
})

/** The connection's clock is the simulator's, so that advancing one ages tickets for both. */
const options = (): ConnectionOptions => ({
  pollIntervalMs: 100,
  timeoutMs: 800,
  backoff: { baseMs: 100, maxMs: 300 },
  now: () => fleet.sim.now(),
})
const userOf = (cluster: SimClusterInfo, username: string): SimUser => {
  const user = cluster.users.find((u) => u.username === username)
  if (user === undefined) throw new Error(`no user ${username}`)
  return user
}
function connect(
  config: ClusterConfig,
  credential: Credential,
): { connection: ClusterConnection; set: (c: Credential) => void } {
  let current = credential
  const connection = new ClusterConnection(config, { get: () => Promise.resolve(current) }, options())
  fleet.disposables.add(connection)
  connection.start()
  return { connection, set: (c) => (current = c) }
}
const asUser = (user: SimUser): Credential => ({
  kind: 'password',
  username: user.username,
  password: user.password,
})
const ticketPosts = (): number =>
  fleet.sim.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api2/json/access/ticket'))
    .length
const pollsFrom = (index: number): number =>
  fleet.sim.requests.slice(index).filter((r) => r.path.includes('/cluster/resources')).length

describe('sessions against the simulator', () => {
  it('a wrong password stops the cluster with auth_failed, keeps no retry loop, and a new password reconnects', async () => {
    const { connection, set } = connect(yakroConfig, {
      kind: 'password',
      username: 'root@pam',
      password: 'wrong',
    })
    await vi.waitFor(() => expect(connection.status.error?.code).toBe('auth_failed'))
    expect(connection.status).toMatchObject({ state: 'error', stale: false })
    expect(connection.status.nextAttemptAt).toBeUndefined()
    const attempts = ticketPosts()
    await new Promise((r) => setTimeout(r, 400)) // several poll intervals: a retry loop would show here
    expect(ticketPosts()).toBe(attempts)
    set({ kind: 'password', username: 'root@pam', password: yakro.login.password })
    connection.credentialsChanged()
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
  })

  it('asks for the second factor, then logs in with a TOTP code', async () => {
    const secure = userOf(yakro, 'secure@pve')
    const { connection } = connect(yakroConfig, asUser(secure))
    await vi.waitFor(() => expect(connection.status.error?.code).toBe('tfa_required'))
    expect(connection.status.error?.detail).toMatchObject({ totp: 'true', recovery: 'true' })
    expect(connection.items).toEqual([])
    const code = totpCode(secure.totpSecret ?? '', fleet.sim.now())
    await expect(
      connection.completeTfa('totp', code === '000000' ? '111111' : '000000'),
    ).rejects.toMatchObject({ code: 'auth_failed' })
    await connection.completeTfa('totp', code)
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    expect(connection.items.length).toBeGreaterThan(0)
  })

  it('accepts a recovery key as the second factor', async () => {
    const secure = userOf(yakro, 'secure@pve')
    const { connection } = connect(yakroConfig, asUser(secure))
    await vi.waitFor(() => expect(connection.status.error?.code).toBe('tfa_required'))
    await connection.completeTfa('recovery', secure.recoveryCodes?.[0] ?? '')
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
  })

  it('works with an API token: no ticket, no CSRF, privileges read once', async () => {
    const token = yakro.tokens.find((t) => t.tokenid === 'noc@pve!desk')
    if (token === undefined) throw new Error('no token noc@pve!desk')
    const before = ticketPosts()
    const { connection } = connect(
      { ...yakroConfig, auth: { kind: 'token', tokenId: token.tokenid } },
      { kind: 'token', tokenId: token.tokenid, secret: token.secret },
    )
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    await vi.waitFor(() => expect(connection.permissions).toBeDefined())
    expect(ticketPosts()).toBe(before)
    expect(connection.can('/vms/100', 'VM.PowerMgmt')).toBe(true)
    expect(connection.can('/vms/100', 'VM.Config.Disk')).toBe(false)
  })

  it('reads the user’s privileges after login: the auditor may look but not act', async () => {
    const auditor = userOf(yakro, 'auditor@pve')
    const { connection } = connect(yakroConfig, asUser(auditor))
    await vi.waitFor(() => expect(connection.permissions).toBeDefined())
    expect(connection.can('/vms/100', 'VM.Audit')).toBe(true)
    expect(connection.can('/vms/100', 'VM.PowerMgmt')).toBe(false)
  })

  it('renews the ticket before it expires, with the ticket itself, across hours of simulated time', async () => {
    const { connection, set } = connect(yakroConfig, {
      kind: 'password',
      username: 'root@pam',
      password: yakro.login.password,
    })
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    // From now on the password is wrong: only renewal with the ticket can keep the session alive.
    set({ kind: 'password', username: 'root@pam', password: 'changed-meanwhile' })
    const logins = ticketPosts()
    for (let step = 0; step < 9; step++) {
      fleet.sim.advanceClock(20 * 60)
      const mark = fleet.sim.requests.length
      await vi.waitFor(() => expect(pollsFrom(mark)).toBeGreaterThan(0))
      expect(connection.status.state).toBe('online')
    }
    // 3 hours of simulated time, tickets live 2: it renewed (every 15 minutes) at each step.
    expect(ticketPosts() - logins).toBe(9)
  })

  it('logs in again with the password once the ticket expired; a refused password keeps the tree', async () => {
    const { connection, set } = connect(yakroConfig, {
      kind: 'password',
      username: 'root@pam',
      password: yakro.login.password,
    })
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    const known = connection.items.length
    fleet.sim.advanceClock(3 * 3600)
    const mark = fleet.sim.requests.length
    // Counting polls is not enough: the first one after the expiry is refused (401) while the new login is
    // under way. Wait for a login with the password, then for a poll that carried the new ticket.
    const pollWithNewTicket = (): boolean => {
      const since = fleet.sim.requests.slice(mark)
      const login = since.findIndex(
        (r) => r.method === 'POST' && r.path.startsWith('/api2/json/access/ticket'),
      )
      return (
        login >= 0 && since.slice(login).some((r) => r.authenticated && r.path.includes('/cluster/resources'))
      )
    }
    await vi.waitFor(() => expect(pollWithNewTicket()).toBe(true))
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    expect(connection.status.error).toBeUndefined()
    set({ kind: 'password', username: 'root@pam', password: 'wrong' })
    fleet.sim.advanceClock(3 * 3600)
    // The refused login comes at the next poll after the back-off, which a loaded machine stretches past vi's 1 s.
    await vi.waitFor(() => expect(connection.status.error?.code).toBe('auth_failed'), { timeout: 15_000 })
    expect(connection.status.stale).toBe(true)
    expect(connection.items).toHaveLength(known)
  })

  it('a hanging node times out as unreachable while the other cluster keeps answering', async () => {
    fleet.sim.setFaults({ hang: true }, 'yakro-pve1')
    const root = { kind: 'password' as const, username: 'root@pam' }
    const dr = connect(yakroConfig, { ...root, password: yakro.login.password }).connection
    const ace = connect(aceConfig, {
      ...root,
      password: fleet.sim.info.clusters[0]?.login.password ?? '',
    }).connection
    await vi.waitFor(() => expect(dr.status.error?.code).toBe('timeout'), { timeout: 5_000 })
    expect(dr.status.state).toBe('unreachable')
    expect(ace.status.state).toBe('online')
  })
})

describe('writes and refusals', () => {
  it('sends the CSRF token with a ticket on writes, so PVE accepts them, and follows the task to its end', async () => {
    const { connection } = connect(aceConfig, {
      kind: 'password',
      username: 'root@pam',
      password: fleet.sim.info.clusters[0]?.login.password ?? '',
    })
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    const upid = await connection.api.call('POST', '/nodes/km4-pve2/qemu/210/status/start')
    expect(typeof upid === 'string' && parseUpid(upid)).toMatchObject({
      node: 'km4-pve2',
      type: 'qmstart',
      id: '210',
      user: 'root@pam',
    })
    const result = await followTask(connection.api, String(upid), { intervalMs: 100 })
    expect(result).toMatchObject({ ok: true, exitstatus: 'OK' })
  })

  it('turns a 403 into forbidden, naming the missing privilege', async () => {
    const auditor = userOf(yakro, 'auditor@pve')
    const { connection } = connect(yakroConfig, asUser(auditor))
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    await expect(
      connection.api.call('POST', '/nodes/yakro-pve1/qemu/110/status/start'),
    ).rejects.toMatchObject({
      code: 'forbidden',
      detail: { path: '/vms/110', privilege: 'VM.PowerMgmt' },
    })
  })
})

describe('a rotated certificate', () => {
  it('stops the endpoint with tls_untrusted, old and new fingerprints side by side, until the user trusts the new one', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pvedesk-rotate-'))
    const store = new SettingsStore(home)
    const vault = new MemoryVault()
    const service = new ClusterService(store, vault, options, { settings: emptySettings() })
    fleet.disposables.add(service)
    await service.save(yakroConfig, yakro.login.password)
    const connection = service.registry.get('yakro-pve1')
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    const old = yakroConfig.endpoints[0]?.fingerprint
    const rotated = await fleet.sim.rotateCertificate('yakro-pve1')
    expect(rotated).not.toBe(old)
    await vi.waitFor(() => expect(connection.status.error?.code).toBe('tls_untrusted'))
    expect(connection.status.error?.detail).toMatchObject({ expected: old, actual: rotated })
    expect(connection.status.stale).toBe(true)
    const url = yakroConfig.endpoints[0]?.url ?? ''
    // Only what the endpoint presents can be pinned: a made-up fingerprint is refused and nothing changes.
    const madeUp = Array.from({ length: 32 }, () => 'EE').join(':')
    await expect(service.trust('yakro-pve1', url, madeUp, yakro.login.password)).rejects.toMatchObject({
      code: 'tls_untrusted',
    })
    expect((await store.load()).settings.clusters[0]?.endpoints[0]?.fingerprint).toBe(old)
    await service.trust('yakro-pve1', url, rotated, yakro.login.password)
    const renewed = service.registry.get('yakro-pve1')
    await vi.waitFor(() => expect(renewed.status.state).toBe('online'))
    expect((await store.load()).settings.clusters[0]?.endpoints[0]?.fingerprint).toBe(rotated)
  })
})

describe('the stored secret goes only where it went before', () => {
  it('keeps the secret for an edit that changes no endpoint, pin or user, and asks for it otherwise', async () => {
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'pvedesk-reuse-')))
    const service = new ClusterService(store, new MemoryVault(), options, { settings: emptySettings() })
    fleet.disposables.add(service)
    await expect(service.save(yakroConfig)).rejects.toMatchObject({ code: 'invalid_request' })
    await service.save(yakroConfig, yakro.login.password)
    await service.save({ ...yakroConfig, name: 'DR Yamoussoukro', readOnly: true })
    expect(service.summaries()[0]).toMatchObject({
      name: 'DR Yamoussoukro',
      readOnly: true,
      hasCredential: true,
    })
    // Lifting read-only is a change of its own that wants the secret (issue 10's rail).
    await expect(service.save(yakroConfig)).rejects.toMatchObject({
      code: 'auth_failed',
      detail: { reason: 'read_only_lift' },
    })
    const elsewhere = {
      ...yakroConfig,
      readOnly: true,
      endpoints: [{ url: 'https://127.0.0.1:9', fingerprint: yakroConfig.endpoints[0]?.fingerprint }],
    }
    await expect(service.save(elsewhere)).rejects.toMatchObject({
      code: 'invalid_request',
      message: 'new endpoints, pins or user: type the password or token secret again',
    })
    await expect(
      service.save({ ...yakroConfig, readOnly: true, auth: { kind: 'password', username: 'noc@pve' } }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    })
    expect(service.mayReuseSecret({ ...yakroConfig, readOnly: true })).toBe(true)
    expect((await store.load()).settings.clusters[0]?.endpoints).toEqual(yakroConfig.endpoints)
  })
})
