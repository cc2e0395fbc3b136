import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import {
  inventoryFileName,
  readInventoryFile,
  readInventoryManifest,
  writeInventoryFile,
} from './inventory-file'
import { sampleSnapshot } from './sample-snapshot.testing'
import { type InventorySigningKey, loadSigningKey } from './signing-key'

let dir: string
let key: InventorySigningKey

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-inv-'))
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('inventory snapshot file', () => {
  it('round-trips: what is written reads back verified, the same inventory snapshot', async () => {
    const snapshot = sampleSnapshot()
    const path = join(dir, inventoryFileName(new Date(snapshot.meta.takenAt), 'manual'))
    const { manifest, bytes } = await writeInventoryFile(path, snapshot, key)
    expect(statSync(path).size).toBe(bytes)
    const verified = await readInventoryFile({ path })
    expect(verified.snapshot).toEqual(snapshot)
    expect(verified.manifest).toEqual(manifest)
    expect(verified.signer).toEqual(key.signer)
    expect(verified.sha256).toBe(manifest.content.sha256)
    expect(manifest.summary).toEqual({ clusters: 1, nodes: 2, guests: 3, issues: 1 })
    expect(await readInventoryManifest(path)).toEqual(manifest)
    const fromBuffer = await readInventoryFile({ buffer: readFileSync(path) })
    expect(fromBuffer.sha256).toBe(verified.sha256)
  })

  it('names files by their UTC time and trigger', () => {
    const at = new Date('2026-12-01T12:00:00.000Z')
    expect(inventoryFileName(at, 'manual')).toBe('pvedesk-inventory-20261201-120000Z.zip')
    expect(inventoryFileName(at, 'cli')).toBe('pvedesk-inventory-20261201-120000Z.zip')
    expect(inventoryFileName(at, 'scheduled')).toBe('pvedesk-inventory-20261201-120000Z-scheduled.zip')
  })
})
