import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { ClusterInput } from '../../src/shared/model/cluster-input'
import { KeyringVault } from '../../src/main/secrets/keyring-vault'
import { createMainServices } from '../../src/main/services'
import type { SimClusterInfo, Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import type { CliRun } from '../support/cli-env'
import { runPvedesk, secretServiceAvailable, simCluster } from '../support/cli-env'

// The vault against a real Secret Service: CI runs this suite under scripts/with-keyring.sh (gnome-keyring in a
// private D-Bus session). Without a session bus it is skipped locally, and fails in CI, where it must run.
const hasBus = secretServiceAvailable()

let sim: Simulator
let home: string
let yakro: SimClusterInfo
const output: string[] = []

const cli = (args: string[], stdin = ''): Promise<CliRun> => runPvedesk(args, { stdin, keep: output })
const settingsFile = (): string => join(home, 'settings.json')
const endpointArgs = (): string[] => yakro.endpoints.flatMap((e) => ['--endpoint', e.url])

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe.skipIf(!hasBus)('credential vault (real Secret Service) and the pvedesk CLI', () => {
  beforeAll(async () => {
    sim = await startSimulator({ tickMs: null })
    yakro = simCluster(sim, 'yakro-pve1').info
    home = mkdtempSync(join(tmpdir(), 'pvedesk-home-'))
    vi.stubEnv('PVEDESK_HOME', home)
  })
  afterAll(async () => {
    vi.unstubAllEnvs()
    await sim.dispose()
  })

  it('round-trips a secret through the OS keychain, with what it is bound to', async () => {
    const vault = new KeyringVault('pve-desk-test')
    const owner = {
      id: 'c1',
      auth: { kind: 'token' as const, tokenId: 'noc@pve!desk' },
      endpoints: [{ url: 'https://c1:8006' }],
    }
    expect(await vault.check()).toEqual({ available: true })
    await vault.set(owner, 'tok-1')
    expect(await vault.read(owner)).toEqual({ state: 'bound', secret: 'tok-1' })
    expect(await vault.has(owner)).toBe(true)
    expect(JSON.parse((await vault.rawEntry('c1')) ?? '')).toMatchObject({ v: 1, secret: 'tok-1' })
    await vault.delete('c1')
    expect(await vault.read(owner)).toEqual({ state: 'missing' })
  })

  it('cluster add without --fingerprint prints the fingerprint and stores nothing', async () => {
    const r = await cli(
      ['cluster', 'add', 'yakro', ...endpointArgs(), '--username', 'root@pam', '--password-stdin'],
      yakro.login.password,
    )
    expect(r.code).toBe(3)
    expect(r.out).toContain(yakro.endpoints[0]?.fingerprint)
    expect(r.err).toMatch(/^pvedesk: tls_untrusted: nothing stored/)
    expect(existsSync(settingsFile())).toBe(false)
    expect(await new KeyringVault().rawEntry('yakro')).toBeUndefined()
  })

  it('cluster add refuses a fingerprint the server does not present, and a wrong password', async () => {
    const wrongPin = Array.from({ length: 32 }, () => '0A').join(':')
    const base = ['cluster', 'add', 'yakro', ...endpointArgs(), '--username', 'root@pam', '--password-stdin']
    expect((await cli([...base, '--fingerprint', wrongPin], yakro.login.password)).code).toBe(3)
    const fp = yakro.endpoints[0]?.fingerprint ?? ''
    const wrong = await cli([...base, '--fingerprint', fp], 'not-the-password')
    expect(wrong.code).toBe(4)
    expect(wrong.err).toMatch(/^pvedesk: auth_failed: authentication failure/)
    expect(existsSync(settingsFile())).toBe(false)
  })

  it('cluster add with the right fingerprint stores the settings and puts the password in the keychain only', async () => {
    const fp = yakro.endpoints[0]?.fingerprint ?? ''
    const r = await cli(
      [
        'cluster',
        'add',
        'yakro',
        ...endpointArgs(),
        '--username',
        'root@pam',
        '--password-stdin',
        '--fingerprint',
        fp,
        '--site',
        'Yamoussoukro',
      ],
      `${yakro.login.password}\n`,
    )
    expect(r).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^added yakro: Proxmox VE 8\.4\.1/) as unknown,
    })
    const settings = JSON.parse(readFileSync(settingsFile(), 'utf8')) as {
      clusters: ClusterInput[]
    }
    expect(settings.clusters[0]?.endpoints[0]?.fingerprint).toBe(fp)
    const stored = settings.clusters[0]
    if (stored === undefined) throw new Error('no cluster saved')
    expect(await new KeyringVault().read(stored)).toEqual({ state: 'bound', secret: yakro.login.password })
    const list = await cli(['cluster', 'list', '--json'])
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ id: 'yakro', hasCredential: true })])
  })

  it('resources lists guests, nodes and storage as a table, JSON or CSV', async () => {
    const json = await cli(['resources', '--json'])
    expect(json.code).toBe(0)
    const guests = JSON.parse(json.out) as { vmid: string; name: string; site: string }[]
    expect(guests).toContainEqual(
      expect.objectContaining({ vmid: '100', name: 'pbs-yakro', site: 'Yamoussoukro' }),
    )
    const csv = await cli(['resources', '--cluster', 'yakro', '--type', 'storage', '--csv'])
    expect(csv.out.split('\n')[0]).toBe('cluster,node,storage,plugintype,status,shared,disk,maxdisk')
    expect(csv.out).toContain('yakro,yakro-pve1,pbs-yakro,pbs,available')
    const table = await cli(['resources', '--type', 'node'])
    expect(table.out).toMatch(/^CLUSTER\s+NODE\s+SITE\s+STATUS/)
    expect((await cli(['resources', '--cluster', 'nope'])).code).toBe(7)
  })

  it('cluster trust re-pins only the fingerprint the endpoint presents, and only with the secret typed again', async () => {
    const url = yakro.endpoints[0]?.url ?? ''
    const trust = (fingerprint: string, extra: string[], stdin = ''): ReturnType<typeof cli> =>
      cli(['cluster', 'trust', 'yakro', '--endpoint', url, '--fingerprint', fingerprint, ...extra], stdin)
    const before = readFileSync(settingsFile(), 'utf8')
    const wrong = await trust(Array.from({ length: 32 }, () => '0B').join(':'), ['--password-stdin'], 'x')
    expect(wrong.code).toBe(3)
    const fp = yakro.endpoints[0]?.fingerprint ?? ''
    const noSecret = await trust(fp, [])
    expect(noSecret).toMatchObject({
      code: 2,
      err: 'pvedesk: invalid_request: re-pinning sends the secret to a new certificate: give it again with --password-stdin',
    })
    expect((await trust(fp, ['--password-stdin'], '\n')).code).toBe(2)
    // A typo: the login through the new pin fails, so neither the pin nor that secret is stored.
    const typo = await trust(fp, ['--password-stdin'], `${yakro.login.password}x\n`)
    expect(typo).toMatchObject({ code: 4, err: expect.stringMatching(/^pvedesk: auth_failed: /) as unknown })
    expect(readFileSync(settingsFile(), 'utf8')).toBe(before)
    const right = await trust(fp, ['--password-stdin'], `${yakro.login.password}\n`)
    expect(right).toMatchObject({ code: 0, out: `trusted ${fp} for ${url}` })
  })

  it('the app reads the same settings and keychain, and connects (its console output is kept for the scan)', async () => {
    const logged: string[] = []
    const capture = (...args: unknown[]): void => {
      logged.push(args.map(String).join(' '))
    }
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(capture),
    )
    const services = await createMainServices({
      home,
      vault: new KeyringVault(),
      info: { version: '0', locale: 'fr', host: 'browser' },
    })
    try {
      const connection = services.clusters.registry.get('yakro')
      await vi.waitFor(() => expect(connection.status.state).toBe('online'))
      expect(services.clusters.summaries()[0]).toMatchObject({ id: 'yakro', hasCredential: true })
      // The renderer's whole view of the fleet: it knows a secret is stored, never the secret.
      expect(JSON.stringify(services.clusters.state())).not.toContain(yakro.login.password)
    } finally {
      services.dispose()
      for (const spy of spies) spy.mockRestore()
      output.push(...logged)
    }
  })

  it('refuses to store a secret when no keychain is reachable, rather than storing it elsewhere', async () => {
    const fp = yakro.endpoints[0]?.fingerprint ?? ''
    const other = mkdtempSync(join(tmpdir(), 'pvedesk-nokeychain-'))
    // A real pvedesk process (bin/pvedesk), asynchronous so that the simulator in this process can answer it.
    const args = [
      'cluster',
      'add',
      'dr',
      ...endpointArgs(),
      '--username',
      'root@pam',
      '--password-stdin',
      '--fingerprint',
      fp,
    ]
    const child = spawn(join(process.cwd(), 'bin/pvedesk'), args, {
      env: { ...process.env, PVEDESK_HOME: other, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    })
    child.stdin.end(yakro.login.password)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve))
    output.push(stdout, stderr)
    expect(status).toBe(9)
    expect(stderr).toMatch(/^pvedesk: keychain_unavailable: No OS keychain is available/)
    expect(existsSync(join(other, 'settings.json'))).toBe(false)
  })

  it('guest actions follow the task to its end, print its log when it fails, and respect read-only', async () => {
    const ace = sim.info.clusters.find((c) => c.id === 'ace-prod')
    if (ace === undefined) throw new Error('no ace-prod')
    const add = (id: string, extra: string[]): Promise<{ code: number }> =>
      cli(
        [
          'cluster',
          'add',
          id,
          '--endpoint',
          ace.endpoints[1]?.url ?? '',
          '--username',
          'root@pam',
          '--password-stdin',
          '--trust',
          ...extra,
        ],
        ace.login.password,
      )
    expect((await add('ace', [])).code).toBe(0)
    const started = await cli(['guest', 'start', 'ace/204', '--wait'])
    expect(started.code).toBe(0)
    expect(started.out).toMatch(
      /^UPID:km4-pve2:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmstart:204:root@pam:\nstart ace\/204 \(naorlo-app02-test\): OK$/,
    )
    const template = await cli(['guest', 'start', 'ace/900', '--wait'])
    expect(template.code).toBe(8)
    expect(template.err).toContain(
      "pvedesk: pve_error: start ace/900 failed: you can't start a vm if it's a template",
    )
    expect(template.err).toContain("TASK ERROR: you can't start a vm if it's a template")
    expect((await cli(['guest', 'start', 'ace/99999'])).code).toBe(7)
    expect((await add('ace-ro', ['--read-only'])).code).toBe(0)
    const readOnly = await cli(['guest', 'stop', 'ace-ro/204'])
    expect(readOnly).toMatchObject({
      code: 5,
      err: 'pvedesk: read_only: ace-ro is read-only in PVE Desk: nothing was sent to guest 204',
    })
    expect((await cli(['cluster', 'remove', 'ace'])).code).toBe(0)
    expect((await cli(['cluster', 'remove', 'ace-ro'])).code).toBe(0)
  })

  it('cluster remove takes the secret out of the keychain', async () => {
    expect((await cli(['cluster', 'remove', 'yakro'])).code).toBe(0)
    expect(await new KeyringVault().rawEntry('yakro')).toBeUndefined()
    expect((await cli(['cluster', 'list', '--json'])).out).toBe('[]')
  })

  it('opens a settings file from a newer PVE Desk read-only: lists it, refuses changes, leaves it as it is', async () => {
    const newer = mkdtempSync(join(tmpdir(), 'pvedesk-newer-'))
    const content = JSON.stringify({
      schemaVersion: 7,
      clusters: [
        {
          id: 'future',
          name: 'Future',
          endpoints: [{ url: 'https://127.0.0.1:9' }],
          auth: { kind: 'password', username: 'noc@pve' },
        },
      ],
    })
    writeFileSync(join(newer, 'settings.json'), content)
    vi.stubEnv('PVEDESK_HOME', newer)
    try {
      const list = await cli(['cluster', 'list', '--json'])
      expect(list.code).toBe(0)
      expect(list.err).toContain('written by a newer PVE Desk (schemaVersion 7): read-only')
      expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ id: 'future' })])
      const remove = await cli(['cluster', 'remove', 'future'])
      expect(remove.code).toBe(8)
      expect(remove.err).toContain('pvedesk: conflict: settings.json was written by a newer PVE Desk')
      expect(readFileSync(join(newer, 'settings.json'), 'utf8')).toBe(content)
      expect(readdirSync(newer)).toEqual(['settings.json'])
    } finally {
      vi.stubEnv('PVEDESK_HOME', home)
    }
  })

  it('after all that, no password appears in any file under PVEDESK_HOME or in any output', () => {
    const files = filesUnder(home)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(yakro.login.password)
    expect(output.join('\n')).not.toContain(yakro.login.password)
  })
})
