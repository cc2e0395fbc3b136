import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator, totpCode } from './index'
import type { Entry, Session } from './test-support'
import { dataList, getList, json, login, pveRequest } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator, SimUser } from './types'

let sim: Simulator
let ace: SimClusterInfo
let km4: SimEndpoint
let yakro: SimEndpoint

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [a, y] = sim.info.clusters
  if (a?.endpoints[0] === undefined || y?.endpoints[0] === undefined) throw new Error('clusters missing')
  ace = a
  km4 = a.endpoints[0]
  yakro = y.endpoints[0]
})

afterAll(async () => {
  await sim.dispose()
})

const user = (name: string): SimUser => {
  const found = ace.users.find((u) => u.username === name)
  if (found === undefined) throw new Error(`no user ${name}`)
  return found
}
const tokenHeader = (tokenid: string, secret: string): Record<string, string> => ({
  Authorization: `PVEAPIToken=${tokenid}=${secret}`,
})
const desk = (): { tokenid: string; secret: string } => {
  const token = ace.tokens.find((t) => t.tokenid === 'noc@pve!desk')
  if (token === undefined) throw new Error('no desk token')
  return token
}
const loginAs = (name: string): Promise<Session> => login(km4, name, user(name).password)

describe('the ready line', () => {
  it('lists the users with their passwords and second factors, and the tokens with their secrets', () => {
    for (const cluster of sim.info.clusters) {
      expect(cluster.users.map((u) => u.username)).toEqual([
        'root@pam',
        'noc@pve',
        'auditor@pve',
        'naorlo@pve',
        'secure@pve',
        'oncall@pve',
      ])
      expect(cluster.login).toEqual({ username: 'root@pam', password: 'pvedesk-demo' })
      const secure = cluster.users.find((u) => u.username === 'secure@pve')
      expect(secure?.totpSecret).toMatch(/^[A-Z2-7]{32}$/)
      expect(secure?.recoveryCodes).toHaveLength(10)
      for (const code of secure?.recoveryCodes ?? []) expect(code).toMatch(/^([0-9a-f]{4}-){3}[0-9a-f]{4}$/)
      expect(cluster.users.filter((u) => u.totpSecret !== undefined)).toHaveLength(1)
      expect(cluster.tokens).toEqual([
        {
          tokenid: 'noc@pve!desk',
          secret: expect.stringMatching(
            /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          ) as string,
        },
      ])
    }
    // Each cluster has its own token.cfg and tfa.cfg.
    expect(sim.info.clusters[0]?.tokens[0]?.secret).not.toBe(sim.info.clusters[1]?.tokens[0]?.secret)
  })
})

describe('users and their privileges', () => {
  it('gives each user a cap that follows their roles', async () => {
    const noc = await loginAs('noc@pve')
    const cap = noc.data.cap as Record<string, Record<string, number>>
    expect(cap.vms).toMatchObject({ 'VM.PowerMgmt': 1, 'VM.Console': 1, 'VM.Audit': 1, 'VM.Backup': 1 })
    expect(cap.vms).not.toHaveProperty('VM.Config.Memory')
    expect(cap.nodes).toEqual({ 'Sys.Audit': 1, 'Sys.Console': 1 })
    expect(noc.data.clustername).toBe('ace-prod')
    const auditor = await loginAs('auditor@pve')
    expect((auditor.data.cap as Record<string, object>).vms).toEqual({
      'VM.Audit': 1,
      'VM.GuestAgent.Audit': 1,
    })
    // Without Sys.Audit on / the cluster name is not told.
    const naorlo = await loginAs('naorlo@pve')
    expect(naorlo.data).not.toHaveProperty('clustername')
    expect((naorlo.data.cap as Record<string, object>).nodes).toEqual({})
  })

  it('filters /cluster/resources and /nodes to what the user may see', async () => {
    const naorlo = await loginAs('naorlo@pve')
    const entries = await getList(km4, naorlo, '/cluster/resources')
    const guests = entries.filter((e) => e.type === 'qemu' || e.type === 'lxc')
    expect(new Set(guests.map((g) => g.pool))).toEqual(new Set(['naorlo-prod', 'naorlo-test']))
    expect(entries.filter((e) => e.type === 'storage' || e.type === 'pool' || e.type === 'network')).toEqual(
      [],
    )
    expect(entries.filter((e) => e.type === 'node')).toEqual([
      { id: 'node/km4-pve1', type: 'node', node: 'km4-pve1', status: 'online' },
      { id: 'node/km4-pve2', type: 'node', node: 'km4-pve2', status: 'online' },
      { id: 'node/vitib-pve1', type: 'node', node: 'vitib-pve1', status: 'online' },
    ])
    const nodes = await getList(km4, naorlo, '/nodes')
    expect(nodes[0]).toEqual({
      id: 'node/km4-pve1',
      type: 'node',
      node: 'km4-pve1',
      status: 'online',
      ssl_fingerprint: km4.fingerprint,
    })
    const root = await loginAs('root@pam')
    expect((await getList(km4, root, '/cluster/resources')).length).toBeGreaterThan(entries.length)
  })

  it('refuses with 403 and the privilege it lacks', async () => {
    const naorlo = await loginAs('naorlo@pve')
    const res = await pveRequest(km4, { path: '/cluster/status', ticket: naorlo.ticket })
    expect([res.status, res.reason, res.headers.connection]).toEqual([
      403,
      'Permission check failed (/, Sys.Audit)',
      'close',
    ])
    expect(JSON.parse(res.text)).toEqual({ data: null, message: 'Permission check failed (/, Sys.Audit)\n' })
    const other = await pveRequest(km4, {
      path: '/access/permissions?userid=root@pam',
      ticket: naorlo.ticket,
    })
    expect([other.status, other.reason]).toEqual([403, 'Permission check failed (/access, Sys.Audit)'])
  })

  it('answers GET /access/permissions with each path, privilege and propagate flag', async () => {
    const noc = await loginAs('noc@pve')
    const perms = json(await pveRequest(km4, { path: '/access/permissions', ticket: noc.ticket }))
      .data as Record<string, Record<string, number>>
    expect(perms['/']).toMatchObject({ 'VM.PowerMgmt': 1, 'Sys.Console': 1 })
    // The domain controller: the user ACL on /vms/120 replaces the group's operator role.
    expect(perms['/vms/120']).toEqual({
      'Datastore.Audit': 1,
      'Mapping.Audit': 1,
      'Pool.Audit': 1,
      'SDN.Audit': 1,
      'Sys.Audit': 1,
      'VM.Audit': 1,
      'VM.GuestAgent.Audit': 1,
    })
    // A test copy: the pool ACL adds PVEVMUser to the operator role (pool-derived, so not propagating).
    expect(perms['/vms/201']).toMatchObject({ 'VM.Backup': 0, 'VM.PowerMgmt': 1 })
    const one = json(
      await pveRequest(km4, { path: '/access/permissions?path=/storage/local', ticket: noc.ticket }),
    ).data as Record<string, Record<string, number>>
    expect(Object.keys(one)).toEqual(['/storage/local'])
    expect(one['/storage/local']).toHaveProperty('Datastore.Audit', 1)
  })

  it('lists users, groups, roles and ACLs', async () => {
    const root = await loginAs('root@pam')
    const users = await getList(km4, root, '/access/users?full=1')
    expect(users.find((u) => u.userid === 'noc@pve')).toMatchObject({
      enable: 1,
      expire: 0,
      'realm-type': 'pve',
      groups: 'noc',
      tokens: [{ tokenid: 'desk', expire: 0, privsep: 1, comment: 'PVE Desk' }],
    })
    const roles = await getList(km4, root, '/access/roles')
    expect(roles.find((r) => r.roleid === 'NOCOperator')).toMatchObject({ special: 0 })
    expect(roles.find((r) => r.roleid === 'PVEAuditor')).toMatchObject({ special: 1 })
    expect((await getList(km4, root, '/access/acl')).length).toBeGreaterThan(5)
    expect(await getList(km4, root, '/access/groups')).toEqual([
      { groupid: 'noc', comment: 'NOC operators', users: 'noc@pve,oncall@pve' },
    ])
    // A user without the right sees only themselves.
    const naorlo = await loginAs('naorlo@pve')
    expect((await getList(km4, naorlo, '/access/users')).map((u) => u.userid)).toEqual(['naorlo@pve'])
    expect(await getList(km4, naorlo, '/access/acl')).toEqual([])
  })

  it('cannot log in through the Active Directory realm, whose server is not simulated', async () => {
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'jdoe@ace', password: 'whatever' },
    })
    expect([res.status, res.reason]).toEqual([401, 'authentication failure'])
  })

  it('checks credentials and privileges in verify mode without issuing a ticket', async () => {
    const verify = async (privs: string): Promise<number> =>
      (
        await pveRequest(km4, {
          method: 'POST',
          path: '/access/ticket',
          form: { username: 'noc@pve', password: user('noc@pve').password, path: '/vms/101', privs },
        })
      ).status
    expect(await verify('VM.PowerMgmt')).toBe(200)
    expect(await verify('VM.Allocate')).toBe(401)
  })
})

describe('two-factor authentication', () => {
  const secure = (): SimUser => user('secure@pve')
  const step1 = async (): Promise<Entry> => {
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'secure@pve', password: secure().password, 'new-format': '1' },
    })
    expect(res.status).toBe(200)
    return json(res).data as Entry
  }
  const step2 = (half: string, response: string): ReturnType<typeof pveRequest> =>
    pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'secure@pve', 'tfa-challenge': half, password: response },
    })

  it('answers the password with a half-ticket that is good for nothing else', async () => {
    const data = await step1()
    expect(data.NeedTFA).toBe(1)
    expect(data).not.toHaveProperty('cap')
    const half = String(data.ticket)
    expect(half).toMatch(/^PVE:!tfa!.*:[0-9A-F]{8}::[A-Za-z0-9+/]+=*$/)
    const challenge = JSON.parse(decodeURIComponent(half.split(':')[1]?.slice(5) ?? '')) as unknown
    expect(challenge).toEqual({ totp: true, recovery: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] })
    const res = await pveRequest(km4, { path: '/version', ticket: half })
    expect(res.status).toBe(401)
  })

  it('completes the login with a TOTP code from the simulated clock', async () => {
    const data = await step1()
    const secret = secure().totpSecret ?? ''
    expect((await step2(String(data.ticket), 'totp:000000')).status).toBe(401)
    const res = await step2(String(data.ticket), `totp:${totpCode(secret, sim.now())}`)
    expect(res.status).toBe(200)
    const full = json(res).data as Entry
    expect(full.ticket).toMatch(/^PVE:secure@pve:/)
    expect(full).toHaveProperty('cap')
    expect((await pveRequest(km4, { path: '/version', ticket: String(full.ticket) })).status).toBe(200)
    // The half-ticket is bound to its user.
    const other = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: {
        username: 'noc@pve',
        'tfa-challenge': String(data.ticket),
        password: `totp:${totpCode(secret, sim.now())}`,
      },
    })
    expect(other.status).toBe(401)
  })

  it('accepts each recovery key once', async () => {
    const code = secure().recoveryCodes?.[3] ?? ''
    expect((await step2(String((await step1()).ticket), `recovery:${code}`)).status).toBe(200)
    const again = await step1()
    expect((await step2(String(again.ticket), `recovery:${code}`)).status).toBe(401)
    const half = String(again.ticket)
    const challenge = JSON.parse(decodeURIComponent(half.split(':')[1]?.slice(5) ?? '')) as {
      recovery: number[]
    }
    expect(challenge.recovery).not.toContain(3)
  })

  it('takes the code in one go with otp, and renews without asking again', async () => {
    const secret = secure().totpSecret ?? ''
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: {
        username: 'secure@pve',
        password: secure().password,
        otp: `totp:${totpCode(secret, sim.now())}`,
      },
    })
    expect(res.status).toBe(200)
    const ticket = String((json(res).data as Entry).ticket)
    const renewed = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'secure@pve', password: ticket },
    })
    expect(renewed.status).toBe(200)
    expect(json(renewed).data).not.toHaveProperty('NeedTFA')
  })
})

describe('API tokens', () => {
  it('authenticate with the Authorization header, with the privileges of both token and user', async () => {
    const { tokenid, secret } = desk()
    const res = await pveRequest(km4, { path: '/access/permissions', headers: tokenHeader(tokenid, secret) })
    expect(res.status).toBe(200)
    const perms = json(res).data as Record<string, Record<string, number>>
    // PVEAuditor on / and NOCOperator on /vms, within what noc@pve has: power on guests, no node shell.
    expect(perms['/vms']).toMatchObject({ 'VM.PowerMgmt': 1, 'VM.Console': 1 })
    expect(perms['/nodes']).not.toHaveProperty('Sys.Console')
    expect(perms['/vms/120']).not.toHaveProperty('VM.PowerMgmt')
    expect(
      (await pveRequest(yakro, { path: '/version', headers: tokenHeader(tokenid, secret) })).status,
    ).toBe(401)
    expect(sim.requests.at(-2)).toMatchObject({ node: 'km4-pve1', authenticated: true })
  })

  it('refuse a bad secret, an unknown token and a malformed id with 401 and an empty body', async () => {
    const { tokenid } = desk()
    const cases: [Record<string, string>, string][] = [
      [tokenHeader(tokenid, '00000000-0000-4000-8000-000000000000'), 'invalid token value!'],
      [tokenHeader('noc@pve!nope', 'x'), "no such token 'nope' for user 'noc@pve'"],
      [tokenHeader('ghost@pve!desk', 'x'), "no such user ('ghost@pve')"],
      [{ Authorization: 'PVEAPIToken=garbage' }, 'no tokenid specified'],
    ]
    for (const [headers, reason] of cases) {
      const res = await pveRequest(km4, { path: '/version', headers })
      expect([res.status, res.reason, res.text]).toEqual([401, reason, ''])
    }
  })

  it('read the inventory like a ticket does', async () => {
    const { tokenid, secret } = desk()
    const res = await pveRequest(km4, {
      method: 'GET',
      path: '/cluster/resources?type=vm',
      headers: tokenHeader(tokenid, secret),
    })
    expect(dataList(res).length).toBeGreaterThan(20)
  })
})
