import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { inventoryCapture } from '../../src/cli/inventory-capture-command'
import type { InventoryCaptureDeps } from '../../src/cli/inventory-capture-command'
import type { CliContext } from '../../src/cli/context'
import { ConsoleRecordStore } from '../../src/main/consoles/console-record'
import { readInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { emptySettings } from '../../src/main/platform/settings-schema'
import type { SigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import { keychainUnavailable, MemoryVault } from '../../src/main/secrets/vault'
import { useSimulatorFleet } from '../support/simulator-fleet'

// `pvedesk inventory capture`, called as the dispatcher calls it, against the simulator: the settings and
// vault are in memory (the keychain itself is the file lane's and the vault's business).
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

let dir: string
let keys: MemorySigningKeyStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-capture-cli-'))
  keys = new MemorySigningKeyStore()
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

interface Run {
  code: number
  out: string[]
  err: string[]
}

async function run(
  clusterIds: string[],
  output: string,
  deps: InventoryCaptureDeps = {},
  onErr?: (line: string) => void,
): Promise<Run> {
  const vault = new MemoryVault()
  for (const config of fleet.configs) {
    const info = fleet.sim.info.clusters.find((c) => c.id === config.id)
    await vault.set(config, info?.login.password ?? '')
  }
  const out: string[] = []
  const err: string[] = []
  // The command reads only the settings, the vault and the output lines: the store and catalog stay out.
  const ctx = {
    settings: { ...emptySettings(), clusters: fleet.configs, timeoutMs: 5_000 },
    vault,
    out: (line: string) => out.push(line),
    err: (line: string) => {
      err.push(line)
      onErr?.(line)
    },
    stdin: () => Promise.resolve(''),
  } as unknown as CliContext
  const code = await inventoryCapture(
    ctx,
    { clusterIds, output },
    {
      signingKeys: keys,
      home: dir,
      progressEveryMs: 0,
      ...deps,
    },
  )
  return { code, out, err }
}

describe('pvedesk inventory capture', () => {
  it('writes a signed inventory snapshot, prints its path and summary, progress on stderr', async () => {
    const output = join(dir, 'audit.zip')
    const { code, out, err } = await run([], output)
    expect(code).toBe(0)
    expect(out[0]).toBe(output)
    const key = await loadSigningKey(keys)
    expect(out[1]).toMatch(/^2 clusters, 4 nodes, 31 guests, \d+ issues, \d+ bytes, signed by SHA256:/)
    expect(out[1]).toContain(key.signer.fingerprint)
    expect(err.some((l) => /^capturing ace-prod: \d+\/\d+ calls$/.test(l))).toBe(true)
    expect(err.some((l) => /^capturing yakro-pve1: \d+\/\d+ calls$/.test(l))).toBe(true)
    const verified = await readInventoryFile({ path: output }, { requireSigner: key.signer.publicKey })
    expect(verified.snapshot.meta.trigger).toBe('cli')
    expect(verified.snapshot.clusters.map((c) => c.id)).toEqual(['ace-prod', 'yakro-pve1'])
  })

  it('names the file itself in a folder, never over an earlier one', async () => {
    const first = await run(['yakro-pve1'], dir)
    const second = await run(['yakro-pve1'], dir)
    expect(first.code).toBe(0)
    expect(second.code).toBe(0)
    expect(first.out[0]).toMatch(/pvedesk-inventory-\d{8}-\d{6}Z(-\d+)?\.zip$/)
    expect(second.out[0]).not.toBe(first.out[0])
    expect(readdirSync(dir).filter((n) => n.endsWith('.zip'))).toHaveLength(2)
  })

  it('exits 2 for an unknown cluster id, writing nothing', async () => {
    const output = join(dir, 'audit.zip')
    const { code, err } = await run(['ace-prod', 'nope'], output)
    expect(code).toBe(2)
    expect(err).toEqual(['pvedesk: not_found: no cluster with id nope'])
    expect(existsSync(output)).toBe(false)
  })

  it('exits 6 when no cluster could be captured, writing nothing, and says why', async () => {
    for (const node of ['km4-pve1', 'km4-pve2', 'vitib-pve1', 'yakro-pve1']) await fleet.sim.stopNode(node)
    const output = join(dir, 'audit.zip')
    const { code, err } = await run([], output)
    expect(code).toBe(6)
    expect(err).toContain('pvedesk: unreachable: no cluster could be captured: no file written')
    expect(err.some((l) => l.startsWith('pvedesk: issue: ace-prod: /version: unreachable:'))).toBe(true)
    expect(existsSync(output)).toBe(false)
  })

  it('takes last-known data from the newest inventory snapshot of the output folder, marked', async () => {
    const earlier = await run(['yakro-pve1'], join(dir, 'earlier.zip'))
    expect(earlier.code).toBe(0)
    const takenAt = (await readInventoryFile({ path: join(dir, 'earlier.zip') })).snapshot.meta.takenAt
    await fleet.sim.stopNode('yakro-pve1')
    const now = await run([], join(dir, 'now.zip'))
    expect(now.code).toBe(0)
    const snapshot = (await readInventoryFile({ path: join(dir, 'now.zip') })).snapshot
    const yakro = snapshot.clusters.find((c) => c.id === 'yakro-pve1')
    expect(yakro?.reach).toBe('unreachable')
    expect(yakro?.lastKnown).toEqual({ at: takenAt, source: 'inventory-snapshot' })
    expect(yakro?.guests.length).toBe(5)
    expect(now.err).toContain('captured yakro-pve1: unreachable')
  })

  it('ignores a file in the folder signed by another key for last-known data', async () => {
    const other = new MemorySigningKeyStore()
    expect((await run(['yakro-pve1'], join(dir, 'planted.zip'), { signingKeys: other })).code).toBe(0)
    await fleet.sim.stopNode('yakro-pve1')
    const now = await run([], join(dir, 'now.zip'))
    const yakro = (await readInventoryFile({ path: join(dir, 'now.zip') })).snapshot.clusters.find(
      (c) => c.id === 'yakro-pve1',
    )
    expect(now.code).toBe(0)
    expect(yakro?.lastKnown).toBeUndefined()
    expect(yakro?.guests).toEqual([])
  })

  it('cancels on Ctrl-C (SIGINT): exit 8, no file, nothing left in the folder, no SIGINT listener left', async () => {
    const listeners = process.listenerCount('SIGINT')
    // Slow answers, so that the capture is surely under way when Ctrl-C comes (whatever the machine's speed).
    fleet.sim.setFaults({ latencyMs: 50 })
    const output = join(dir, 'audit.zip')
    let sent = false
    const { code, err } = await run([], output, {}, (line) => {
      if (!sent && /^capturing ace-prod: [1-9]\d*\//.test(line)) {
        sent = true
        process.emit('SIGINT')
      }
    })
    expect(sent).toBe(true)
    expect(code).toBe(8)
    expect(err).toContain('pvedesk: cancelled: inventory capture cancelled: no file written')
    expect(readdirSync(dir)).toEqual([])
    expect(process.listenerCount('SIGINT')).toBe(listeners)
  })

  it('refuses an existing output file before asking any cluster: exit 8 conflict, the file untouched', async () => {
    const output = join(dir, 'audit.zip')
    writeFileSync(output, 'an earlier audit file')
    const from = fleet.sim.requests.length
    const { code, err } = await run([], output)
    expect(code).toBe(8)
    expect(err.at(-1)).toBe(
      `pvedesk: conflict: ${output} exists already: an inventory snapshot is never written over another file`,
    )
    expect(readFileSync(output, 'utf8')).toBe('an earlier audit file')
    expect(fleet.sim.requests.length).toBe(from)
  })

  it('never replaces a file that appeared at the output path during the capture', async () => {
    const output = join(dir, 'audit.zip')
    const { code, err } = await run(['yakro-pve1'], output, {}, (line) => {
      if (line === `writing ${output}`) writeFileSync(output, 'written meanwhile by another run')
    })
    expect(code).toBe(8)
    expect(err.at(-1)).toMatch(/^pvedesk: conflict: .* exists already/)
    expect(readFileSync(output, 'utf8')).toBe('written meanwhile by another run')
    expect(readdirSync(dir)).toEqual(['audit.zip'])
  })

  it('on Ctrl-C while writing removes only its own file, never one that another run put at the path', async () => {
    const output = join(dir, 'audit.zip')
    const ours = await run(['yakro-pve1'], output, {}, (line) => {
      if (line === `writing ${output}`) process.emit('SIGINT')
    })
    expect(ours.code).toBe(8)
    expect(readdirSync(dir)).toEqual([])
    const theirs = await run(['yakro-pve1'], output, {}, (line) => {
      if (line !== `writing ${output}`) return
      writeFileSync(output, "another run's audit file")
      process.emit('SIGINT')
    })
    expect(theirs.code).toBe(8)
    expect(theirs.err).toContain('pvedesk: cancelled: inventory capture cancelled: no file written')
    expect(readFileSync(output, 'utf8')).toBe("another run's audit file")
    expect(readdirSync(dir)).toEqual(['audit.zip'])
  })

  it('keeps every console session the record holds, not only the newest 500', async () => {
    const store = new ConsoleRecordStore(dir)
    for (let i = 0; i < 600; i++)
      store.write({
        consoleId: `console-${i}`,
        clusterId: 'yakro-pve1',
        clusterName: 'yakro',
        target: { type: 'node', node: 'yakro-pve1' },
        kind: 'terminal',
        pveUser: 'root@pam',
        localUser: 'noc',
        openedAt: Date.UTC(2026, 10, 1) + i * 1000,
        endedAt: Date.UTC(2026, 10, 1) + i * 1000 + 500,
        endReason: 'user',
      })
    const output = join(dir, 'audit.zip')
    expect((await run(['yakro-pve1'], output)).code).toBe(0)
    const { snapshot } = await readInventoryFile({ path: output })
    expect(snapshot.consoleSessions).toHaveLength(600)
  })

  it('exits 9 when the keychain cannot give the signing key, before asking any cluster', async () => {
    const from = fleet.sim.requests.length
    const broken: SigningKeyStore = {
      read: () => Promise.reject(keychainUnavailable('no Secret Service on this session bus')),
      write: () => Promise.reject(keychainUnavailable('no Secret Service on this session bus')),
    }
    const { code, err } = await run([], join(dir, 'audit.zip'), { signingKeys: broken })
    expect(code).toBe(9)
    expect(err[0]).toMatch(/^pvedesk: keychain_unavailable: /)
    expect(fleet.sim.requests.length).toBe(from)
  })
})
