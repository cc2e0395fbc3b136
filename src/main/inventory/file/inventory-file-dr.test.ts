import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { drGuestRow, drOf, drSite } from '../../../../tests/support/inventory-fixture-dr'
import { MemorySigningKeyStore } from '../../secrets/signing-key-store'
import { canonicalJson } from './canonical-json'
import { forgedMembers, zipOf } from './forge.testing'
import { readInventoryFile, writeInventoryFile } from './inventory-file'
import { sampleSnapshot } from './sample-snapshot.testing'
import { type InventorySigningKey, loadSigningKey } from './signing-key'

let dir: string
let key: InventorySigningKey

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-inv-dr-'))
  key = await loadSigningKey(new MemorySigningKeyStore(), 'desk-01')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A file signed by `key` whose inventory.json is `content` (the sample's clusters and issues, so the manifest holds). */
const signed = async (content: unknown): Promise<Buffer> =>
  zipOf(forgedMembers(key, { content: Buffer.from(canonicalJson(content), 'utf8') }))

describe('the DR report inside an inventory snapshot file', () => {
  const dr = drOf([drGuestRow({ vmid: 100, flags: ['replica-stale'] })], [drSite({ site: 'Abidjan' })])

  it('is written, signed and read back as it was', async () => {
    const path = join(dir, 'with-dr.zip')
    await writeInventoryFile(path, { ...sampleSnapshot(), dr }, key)
    const read = await readInventoryFile({ path })
    expect(read.snapshot.dr).toEqual(dr)
    expect(read.snapshot.issues).toEqual(sampleSnapshot().issues)
  })

  it('an older file without one opens as it is, with no issue added', async () => {
    const read = await readInventoryFile({ buffer: await signed(sampleSnapshot()) })
    expect(read.snapshot.dr).toBeUndefined()
    expect(read.snapshot).toEqual(sampleSnapshot())
  })

  it('one that does not read (edited, or a newer app’s) opens without it, said as an issue', async () => {
    for (const broken of [
      { targets: 'all', report: {} },
      { ...dr, report: { ...dr.report, guests: [{ vmid: '<script>alert(1)</script>' }] } },
      42,
    ]) {
      const read = await readInventoryFile({ buffer: await signed({ ...sampleSnapshot(), dr: broken }) })
      expect(read.snapshot.dr).toBeUndefined()
      expect(read.snapshot.clusters).toEqual(sampleSnapshot().clusters)
      const issue = read.snapshot.issues.find((i) => i.path === 'dr')
      expect(issue?.message).toMatch(/^the DR report does not read, shown without it: /)
      expect(read.snapshot.issues).toHaveLength(sampleSnapshot().issues.length + 1)
    }
  })
})
