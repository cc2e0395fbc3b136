import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { AsyncEntry } from '@napi-rs/keyring'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { KeyringVault } from '../../src/main/secrets/keyring-vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import type { ImpostorNode } from '../support/impostor-node'
import { startImpostor } from '../support/impostor-node'
import type { CliRun } from '../support/cli-env'
import { runPvedesk, secretServiceAvailable, settingsHome, simCluster } from '../support/cli-env'

// A real Secret Service (gnome-keyring in a private D-Bus session: run under scripts/with-keyring.sh).
const hasBus = secretServiceAvailable()

const WAIT = { timeout: 15_000, interval: 50 }
const ID = 'bound-yakro'
let sim: Simulator
let yakro: ClusterConfig
let password: string
let impostor: ImpostorNode
const open: MainServices[] = []

const homeWith = (clusters: ClusterConfig[]): string =>
  settingsHome('pvedesk-binding-', { pollIntervalMs: 500, timeoutMs: 2_000, clusters })
async function app(home: string): Promise<MainServices> {
  const services = await createMainServices({
    home,
    vault: new KeyringVault(),
    info: { version: '0', locale: 'en', host: 'browser' },
  })
  open.push(services)
  services.router.attach({ id: 'page', send: () => undefined })
  return services
}
const cli = (home: string, args: string[]): Promise<CliRun> => runPvedesk(args, { home })
const logins = (): number => sim.requests.filter((r) => r.path.startsWith('/api2/json/access/ticket')).length

describe.skipIf(!hasBus)(
  'a keychain entry is bound to the endpoints, pins and user it was stored for',
  () => {
    beforeAll(async () => {
      sim = await startSimulator({ scenario: 'three-sites', tickMs: null })
      const { config, info } = simCluster(sim, 'yakro-pve1')
      yakro = { ...config, id: ID }
      password = info.login.password
      impostor = await startImpostor()
    })
    afterAll(async () => {
      for (const services of open.splice(0)) services.dispose()
      await new KeyringVault().delete(ID).catch(() => undefined)
      await impostor.close()
      await sim.dispose()
    })

    it('withholds the secret from a settings file edited to point the cluster elsewhere: app, test and CLI', async () => {
      const home = homeWith([])
      const first = await app(home)
      expect(
        await first.router.invoke('page', 'cluster:save', { cluster: yakro, secret: password }),
      ).toMatchObject({
        ok: true,
      })
      await vi.waitFor(() => expect(first.clusters.registry.get(ID).status.state).toBe('online'), WAIT)
      first.dispose()

      // The attacker edits settings.json: same id, their endpoint, their certificate's pin.
      const file = join(home, 'settings.json')
      const settings = JSON.parse(readFileSync(file, 'utf8')) as { clusters: ClusterConfig[] }
      const elsewhere = { ...yakro, endpoints: [{ url: impostor.url, fingerprint: impostor.fingerprint }] }
      writeFileSync(file, JSON.stringify({ ...settings, clusters: [elsewhere] }))

      const second = await app(home)
      const connection = second.clusters.registry.get(ID)
      await vi.waitFor(() => expect(connection.status.error?.code).toBe('auth_failed'), WAIT)
      expect(connection.status.error?.detail).toMatchObject({ reason: 'secret_unbound' })
      expect(second.clusters.summaries()[0]).toMatchObject({ id: ID, hasCredential: false })
      expect(await second.router.invoke('page', 'cluster:test', { cluster: elsewhere })).toMatchObject({
        ok: false,
        error: { code: 'auth_failed', detail: { reason: 'secret_unbound' } },
      })
      const viaCli = await cli(home, ['resources', '--cluster', ID])
      expect(viaCli.code).toBe(4)
      expect(viaCli.err).toMatch(/^pvedesk: auth_failed: the stored secret was saved for other endpoints/)
      expect(JSON.parse((await cli(home, ['cluster', 'list', '--json'])).out)).toEqual([
        expect.objectContaining({ id: ID, hasCredential: false }),
      ])
      expect(impostor.received()).toBe('')

      // The control: once the user types the password for these settings, it does go there.
      expect(
        await second.router.invoke('page', 'cluster:secret', { clusterId: ID, secret: password }),
      ).toMatchObject({ ok: true })
      await vi.waitFor(() => expect(impostor.received()).toContain('password='), WAIT)
      second.dispose()
    })

    it('withholds it from a second PVEDESK_HOME that gives the same id another endpoint', async () => {
      const home = homeWith([yakro])
      await new KeyringVault().set(yakro, password)
      const before = impostor.received().length
      const other = homeWith([
        { ...yakro, endpoints: [{ url: impostor.url, fingerprint: impostor.fingerprint }] },
      ])
      const r = await cli(other, ['guest', 'start', `${ID}/100`])
      expect(r.code).toBe(4)
      expect(r.err).toContain('nothing was sent')
      const services = await app(other)
      await vi.waitFor(
        () => expect(services.clusters.registry.get(ID).status.error?.detail?.reason).toBe('secret_unbound'),
        WAIT,
      )
      expect(impostor.received().length).toBe(before)
      // Meanwhile the home it was stored from still logs in.
      expect((await cli(home, ['resources', '--cluster', ID, '--json'])).code).toBe(0)
    })

    it('treats an entry from before bindings (a bare secret) as bound to nothing: asks again, sends nothing', async () => {
      const home = homeWith([yakro])
      await new AsyncEntry('pve-desk', `cluster:${ID}`, { linux: { store: 'secret-service' } }).setPassword(
        password,
      )
      const loginsBefore = logins()
      const services = await app(home)
      const connection = services.clusters.registry.get(ID)
      await vi.waitFor(() => expect(connection.status.error?.detail?.reason).toBe('secret_unbound'), WAIT)
      expect(logins()).toBe(loginsBefore)
      expect((await cli(home, ['resources', '--cluster', ID])).code).toBe(4)
      expect(logins()).toBe(loginsBefore)
      // Typing it again binds it, and the cluster connects.
      await services.router.invoke('page', 'cluster:secret', { clusterId: ID, secret: password })
      await vi.waitFor(() => expect(services.clusters.registry.get(ID).status.state).toBe('online'), WAIT)
    })
  },
)
