import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yauzl from 'yauzl'

import { inventoryFileName, writeInventoryFile } from '../../src/main/inventory/file/inventory-file'
import { sampleSnapshot } from '../../src/main/inventory/file/sample-snapshot.testing'
import { type InventorySigningKey, loadSigningKey } from '../../src/main/inventory/file/signing-key'
import { MemorySigningKeyStore } from '../../src/main/secrets/signing-key-store'
import type { InventoryManifest } from '../../src/shared/model/inventory-snapshot'

// The auditor without PVE Desk: a ZIP tool and Debian's OpenSSH (openssh-client, installed by CI's .ci/run).
// unzip itself may be missing, so the members are extracted with yauzl as any ZIP tool would.
let dir: string
let file: string
let manifest: InventoryManifest
let key: InventorySigningKey

/** Every member of the archive written out under `dir`, as `unzip` would. */
async function extract(zipPath: string, into: string): Promise<string[]> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false })
  const names: string[] = []
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry)
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    writeFileSync(join(into, entry.fileName), Buffer.concat(chunks))
    names.push(entry.fileName)
  }
  zip.close()
  return names
}

function sh(command: string, input?: Buffer): { status: number | null; out: string } {
  const r = spawnSync('sh', ['-c', command], { cwd: dir, input, encoding: 'utf8' })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-auditor-'))
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
  const snapshot = sampleSnapshot()
  file = join(dir, inventoryFileName(new Date(snapshot.meta.takenAt), 'manual'))
  manifest = (await writeInventoryFile(file, snapshot, key)).manifest
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('an auditor verifies an inventory snapshot with OpenSSH alone', () => {
  it('the members are what the README says, in that order', async () => {
    expect(await extract(file, dir)).toEqual([
      'manifest.json',
      'inventory.json',
      'inventory.json.sig',
      'README.txt',
    ])
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest)
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir, 'inventory.json')))
        .digest('hex'),
    ).toBe(manifest.content.sha256)
  })

  it('ssh-keygen -Y verify with the manifest’s public key says Good; check-novalidate proves the form', async () => {
    await extract(file, dir)
    writeFileSync(join(dir, 'allowed_signers'), `auditor ${manifest.signature.signer.publicKey}\n`)
    const content = readFileSync(join(dir, 'inventory.json'))
    const verify = spawnSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        'allowed_signers',
        '-I',
        'auditor',
        '-n',
        'pvedesk-inventory',
        '-s',
        'inventory.json.sig',
      ],
      { cwd: dir, input: content, encoding: 'utf8' },
    )
    expect(verify.status).toBe(0)
    expect(verify.stdout).toContain(
      `Good "pvedesk-inventory" signature for auditor with ED25519 key ${manifest.signature.signer.fingerprint}`,
    )
    const check = spawnSync(
      'ssh-keygen',
      ['-Y', 'check-novalidate', '-n', 'pvedesk-inventory', '-s', 'inventory.json.sig'],
      {
        cwd: dir,
        input: content,
      },
    )
    expect(check.status).toBe(0)
    // One changed byte: OpenSSH refuses too.
    const changed = Buffer.from(content)
    changed[10] = (changed[10] ?? 0) ^ 1
    const refused = spawnSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        'allowed_signers',
        '-I',
        'auditor',
        '-n',
        'pvedesk-inventory',
        '-s',
        'inventory.json.sig',
      ],
      { cwd: dir, input: changed },
    )
    expect(refused.status).not.toBe(0)
  })

  it('the three commands README.txt gives work as written', async () => {
    await extract(file, dir)
    rmSync(join(dir, 'allowed_signers'), { force: true })
    const readme = readFileSync(join(dir, 'README.txt'), 'utf8')
    const step = (n: number): string => {
      const line = readme.split('\n').find((l) => l.startsWith(`  ${n}. `))
      if (line === undefined) throw new Error(`README.txt has no step ${n}`)
      return line.slice(5)
    }
    expect(step(1)).toBe('unzip <this file> inventory.json inventory.json.sig')
    const hasUnzip = spawnSync('sh', ['-c', 'command -v unzip']).status === 0
    if (hasUnzip) {
      rmSync(join(dir, 'inventory.json'))
      rmSync(join(dir, 'inventory.json.sig'))
      expect(sh(step(1).replace('<this file>', `'${file}'`)).status).toBe(0)
    }
    // What the operator handed over: `pvedesk inventory key > key.pub`.
    writeFileSync(join(dir, 'key.pub'), key.signer.publicKey + '\n')
    expect(readme).toContain('"pvedesk inventory key > key.pub"')
    expect(sh(step(2)).status).toBe(0)
    const result = sh(step(3))
    expect(result.out).toContain('Good "pvedesk-inventory" signature for auditor')
    expect(result.status).toBe(0)
    expect(readme).toContain(manifest.content.sha256)
    const sum = execFileSync('sha256sum', ['inventory.json'], { cwd: dir, encoding: 'utf8' })
    expect(sum.split(' ')[0]).toBe(manifest.content.sha256)
  })

  it('a forged file, signed by the forger, fails the README’s steps (the manifest’s own key would say Good)', async () => {
    const forger = await loadSigningKey(new MemorySigningKeyStore(), 'forger')
    const forgedDir = mkdtempSync(join(dir, 'forged-'))
    const forged = join(forgedDir, 'forged.zip')
    const snapshot = sampleSnapshot()
    const cluster = snapshot.clusters[0]
    if (cluster === undefined) throw new Error('the sample has a cluster')
    cluster.name = 'rewritten by the forger'
    await writeInventoryFile(forged, snapshot, forger)
    await extract(forged, forgedDir)
    const readme = readFileSync(join(forgedDir, 'README.txt'), 'utf8')
    const step = (n: number): string =>
      (readme.split('\n').find((l) => l.startsWith(`  ${n}. `)) ?? '').slice(5)
    const run = (command: string): { status: number | null; out: string } => {
      const r = spawnSync('sh', ['-c', command], { cwd: forgedDir, encoding: 'utf8' })
      return { status: r.status, out: `${r.stdout}${r.stderr}` }
    }
    // The auditor holds the real operator's key.pub.
    writeFileSync(join(forgedDir, 'key.pub'), key.signer.publicKey + '\n')
    expect(run(step(2)).status).toBe(0)
    const refused = run(step(3))
    expect(refused.status).not.toBe(0)
    expect(refused.out).not.toContain('Good')
    // The hole the README no longer shows: allowed_signers from the manifest's key (the forger's) says Good.
    writeFileSync(join(forgedDir, 'allowed_signers'), `auditor ${forger.signer.publicKey}\n`)
    expect(run(step(3)).out).toContain('Good "pvedesk-inventory" signature for auditor')
    expect(readme).toContain('For convenience only: manifest.json is not signed')
  })
})
