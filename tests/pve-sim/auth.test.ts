import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createClusterAuth, TICKET_LIFETIME_S } from './auth'
import { startSimulator } from './index'
import type { Entry } from './test-support'
import { json, login, pveRequest } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator } from './types'

const TICKET = /^PVE:root@pam:([0-9A-F]{8})::[A-Za-z0-9+/]{342}==$/
const CSRF = /^([0-9A-F]{8}):[A-Za-z0-9+/]{43}$/

let sim: Simulator
let ace: SimClusterInfo
let yakro: SimClusterInfo
let km4: SimEndpoint
let km4Test: SimEndpoint
let yakroNode: SimEndpoint

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [first, second] = sim.info.clusters
  if (first === undefined || second === undefined) throw new Error('two clusters expected')
  ace = first
  yakro = second
  const [a, b] = ace.endpoints
  const [y] = yakro.endpoints
  if (a === undefined || b === undefined || y === undefined) throw new Error('endpoints missing')
  km4 = a
  km4Test = b
  yakroNode = y
})

afterAll(async () => {
  await sim.dispose()
})

describe('POST /access/ticket', () => {
  it('logs in over a connection pinned to the ready-line fingerprint', async () => {
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'root@pam', password: ace.login.password, 'new-format': '1' },
    })
    expect(res.peerFingerprint).toBe(km4.fingerprint)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8')
    expect(res.headers.server).toBe('pve-api-daemon/3.0')
    const data = json(res).data as Entry
    expect(Object.keys(data).sort()).toEqual([
      'CSRFPreventionToken',
      'cap',
      'clustername',
      'ticket',
      'username',
    ])
    expect(data.username).toBe('root@pam')
    expect(data.clustername).toBe('ace-prod')
    const ticket = TICKET.exec(String(data.ticket))
    const csrf = CSRF.exec(String(data.CSRFPreventionToken))
    expect(ticket).not.toBeNull()
    expect(csrf).not.toBeNull()
    // Both carry the creation time, in seconds, as 8 upper-case hex digits.
    expect(Math.abs(parseInt(ticket?.[1] ?? '0', 16) - Date.now() / 1000)).toBeLessThan(60)
    expect(csrf?.[1]).toBe(ticket?.[1])
    const cap = data.cap as Record<string, Record<string, number>>
    expect(Object.keys(cap).sort()).toEqual(['access', 'dc', 'mapping', 'nodes', 'sdn', 'storage', 'vms'])
    expect(cap.vms?.['VM.PowerMgmt']).toBe(1)
    expect(cap.nodes?.['Sys.Console']).toBe(1)
  })

  it('accepts a JSON body and a bare username with a realm', async () => {
    const res = await pveRequest(yakroNode, {
      method: 'POST',
      path: '/access/ticket',
      json: { username: 'root', realm: 'pam', password: yakro.login.password, 'new-format': true },
    })
    expect(res.status).toBe(200)
    const data = json(res).data as Entry
    expect(data.username).toBe('root@pam')
    // A standalone node is in no cluster, so it has no cluster name to tell.
    expect(data).not.toHaveProperty('clustername')
  })

  it('refuses a wrong password with 401 "authentication failure" and closes the connection', async () => {
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'root@pam', password: 'wrong' },
    })
    expect(res.status).toBe(401)
    expect(res.reason).toBe('authentication failure')
    expect(res.headers.connection).toBe('close')
    expect(JSON.parse(res.text)).toEqual({ data: null, message: 'authentication failure\n' })
  })

  it('refuses an unknown user exactly like a wrong password', async () => {
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'admin@pve', password: ace.login.password },
    })
    expect([res.status, res.reason]).toEqual([401, 'authentication failure'])
  })

  it('verifies parameters like JSONSchema.pm', async () => {
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'root@pam', 'new-format': 'true', bogus: '1' },
    })
    expect([res.status, res.reason]).toEqual([400, 'Parameter verification failed.'])
    expect(json(res).errors).toEqual({
      password: 'property is missing and it is not optional',
      'new-format': "type check ('boolean') failed - got 'true'",
      bogus: 'property is not defined in schema and the schema does not allow additional properties',
    })
  })

  it('renews a ticket when the still-valid ticket is sent as password', async () => {
    const session = await login(km4, 'root@pam', ace.login.password)
    const res = await pveRequest(km4Test, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'root@pam', password: session.ticket },
    })
    expect(res.status).toBe(200)
    expect(String((json(res).data as Entry).ticket)).toMatch(TICKET)
  })

  it('does not renew with a ticket of another cluster', async () => {
    const session = await login(km4, 'root@pam', ace.login.password)
    const res = await pveRequest(yakroNode, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'root@pam', password: session.ticket },
    })
    expect(res.status).toBe(401)
  })
})

describe('authentication of API calls', () => {
  it('serves the realm list without a ticket', async () => {
    const res = await pveRequest(km4, { path: '/access/domains' })
    expect(res.status).toBe(200)
    expect(json(res).data).toEqual([
      { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
      { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
      { realm: 'ace', type: 'ad', comment: 'ACE Active Directory' },
    ])
  })

  it('answers 401 "No ticket" with an empty body when no ticket comes', async () => {
    const res = await pveRequest(km4, { path: '/cluster/resources' })
    expect([res.status, res.reason, res.text]).toEqual([401, 'No ticket', ''])
    expect(res.headers.connection).toBe('close')
    expect(res.headers['content-type']).toBeUndefined()
  })

  it('checks the ticket before looking up the path', async () => {
    const res = await pveRequest(km4, { path: '/nodes/km4-pve1/bogus' })
    expect([res.status, res.reason]).toEqual([401, 'No ticket'])
  })

  it('refuses a forged or foreign ticket', async () => {
    const session = await login(yakroNode, 'root@pam', yakro.login.password)
    const forged = session.ticket.replace(/::.{10}/, '::AAAAAAAAAA')
    for (const ticket of [forged, session.ticket]) {
      const res = await pveRequest(km4, { path: '/version', ticket })
      expect([res.status, res.reason, res.text]).toEqual([401, 'permission denied - invalid PVE ticket', ''])
    }
  })

  it('accepts the ticket on every node of its cluster, as cookie or Authorization header', async () => {
    const session = await login(km4, 'root@pam', ace.login.password)
    const viaCookie = await pveRequest(km4Test, { path: '/version', ticket: session.ticket })
    const viaHeader = await pveRequest(km4Test, {
      path: '/version',
      ticket: session.ticket,
      ticketInAuthorization: true,
    })
    expect([viaCookie.status, viaHeader.status]).toEqual([200, 200])
    expect(sim.requests.at(-1)).toEqual({
      node: 'km4-pve2',
      method: 'GET',
      path: '/api2/json/version',
      authenticated: true,
      serviceMs: expect.any(Number) as unknown,
    })
  })

  it('wants the CSRF token on every write', async () => {
    const session = await login(km4, 'root@pam', ace.login.password)
    const path = '/nodes/km4-pve1/qemu/101/status/start'
    const without = await pveRequest(km4, { method: 'POST', path, ticket: session.ticket })
    expect([without.status, without.reason, without.text]).toEqual([
      401,
      'Permission denied - invalid csrf token',
      '',
    ])
    const foreign = await login(yakroNode, 'root@pam', yakro.login.password)
    const wrong = await pveRequest(km4, {
      method: 'DELETE',
      path: '/pools/x',
      ticket: session.ticket,
      csrf: foreign.csrf,
    })
    expect(wrong.status).toBe(401)
    // With both, the VM starts: the answer is the UPID of its task.
    const both = await pveRequest(km4, { method: 'POST', path, ticket: session.ticket, csrf: session.csrf })
    expect(both.status).toBe(200)
    expect(json(both).data).toMatch(
      /^UPID:km4-pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:hastart:101:root@pam:$/,
    )
  })
})

describe('ticket and CSRF lifetime', () => {
  it('expires tickets and CSRF tokens after two hours, tolerating five minutes of clock skew', async () => {
    const auth = await createClusterAuth()
    const issued = Date.UTC(2026, 0, 15, 8, 0, 0)
    const ticket = auth.issueTicket('root@pam', issued)
    const csrf = auth.csrfToken('root@pam', issued)
    const later = (s: number): number => issued + s * 1000
    expect(auth.verifyTicket(ticket, later(TICKET_LIFETIME_S - 1))).toBe('root@pam')
    expect(auth.verifyTicket(ticket, later(TICKET_LIFETIME_S))).toBeUndefined()
    expect(auth.verifyTicket(ticket, later(-299))).toBe('root@pam')
    expect(auth.verifyTicket(ticket, later(-300))).toBeUndefined()
    expect(auth.verifyCsrf('root@pam', csrf, later(60))).toBe(true)
    expect(auth.verifyCsrf('alice@pve', csrf, later(60))).toBe(false)
    expect(auth.verifyCsrf('root@pam', csrf, later(TICKET_LIFETIME_S))).toBe(false)
  })
})

describe('delayed 401s', () => {
  it('waits authFailureDelayMs before refusing, like pveproxy does (3 s there)', async () => {
    const slow = await startSimulator({ tickMs: null, authFailureDelayMs: 300 })
    try {
      const endpoint = slow.info.clusters[1]?.endpoints[0]
      if (endpoint === undefined) throw new Error('yakro-pve1 missing')
      const started = performance.now()
      const res = await pveRequest(endpoint, { path: '/version' })
      expect(res.status).toBe(401)
      expect(performance.now() - started).toBeGreaterThanOrEqual(290)
      const ok = performance.now()
      expect((await pveRequest(endpoint, { path: '/access/domains' })).status).toBe(200)
      expect(performance.now() - ok).toBeLessThan(290)
    } finally {
      await slow.dispose()
    }
  })
})
