import { copyFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeEach, describe, expect, it, vi } from 'vitest'

import type * as InventoryFileModule from '../../src/main/inventory/file/inventory-file'
import type { ConsoleRecord } from '../../src/shared/model/console'
import type { Desk } from '../support/inventory-desk'
import { capture, folderOf, okFile, startDesk as startInventoryDesk, value } from '../support/inventory-desk'
import { tamperInventoryFile } from '../support/inventory-tamper'
import { useSimulatorFleet } from '../support/simulator-fleet'

// What a compromised renderer can make main do with inventory snapshot files: how many it parses at once, how
// often, and whether what it shows of a file is what was verified. The file lane's reader is watched (every
// call counted, the most at once) and may be given a hook that runs right after a file was verified.

const reads = vi.hoisted(() => ({
  calls: 0,
  running: 0,
  most: 0,
  afterVerify: undefined as ((source: unknown) => Promise<void>) | undefined,
}))

vi.mock('../../src/main/inventory/file/inventory-file', async (importOriginal) => {
  const original = await importOriginal<typeof InventoryFileModule>()
  return {
    ...original,
    readInventoryFile: async (...args: Parameters<typeof original.readInventoryFile>) => {
      reads.calls++
      reads.running++
      reads.most = Math.max(reads.most, reads.running)
      try {
        const verified = await original.readInventoryFile(...args)
        await reads.afterVerify?.(args[0])
        return verified
      } finally {
        reads.running--
      }
    },
  }
})

const fleet = useSimulatorFleet({ tickMs: null })
const startDesk = (): Promise<Desk> => startInventoryDesk(fleet)

beforeEach(() => {
  Object.assign(reads, { calls: 0, running: 0, most: 0, afterVerify: undefined })
})

describe('a renderer asking main to open and compare files', () => {
  it('opening a file eight times at once reads it once; files are parsed one at a time; a compare reuses them', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const a = okFile((await capture(window, ['ace-prod'])).finished)
    const b = okFile((await capture(window, ['yakro-pve1'])).finished)
    reads.calls = 0
    reads.most = 0
    const opens = await Promise.all([
      ...Array.from({ length: 8 }, () => window.api.inventoryOpen({ fileId: a.fileId })),
      ...Array.from({ length: 4 }, () => window.api.inventoryOpen({ fileId: b.fileId })),
    ])
    expect(opens.every((o) => o.ok)).toBe(true)
    const diff = value(await window.api.inventoryDiff({ from: a.fileId, to: b.fileId }))
    expect(diff.from.sha256).not.toBe(diff.to.sha256)
    expect(reads.calls).toBe(2)
    expect(reads.most).toBe(1)
    // The file rewritten in place (another capture copied over it) is another file: read and verified again.
    copyFileSync(join(folderOf(desk), b.name), join(folderOf(desk), a.name))
    const again = value(await window.api.inventoryOpen({ fileId: a.fileId }))
    expect(reads.calls).toBe(3)
    expect(again.manifest.takenAt).toBe(b.takenAt)
    expect(again.fleet.clusters.map((c) => c.summary.id)).toEqual(['yakro-pve1'])
  })

  it('a closed snapshot is closed: its details are not_found', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const a = okFile((await capture(window, ['yakro-pve1'])).finished)
    const { snapshotId } = value(await window.api.inventoryOpen({ fileId: a.fileId }))
    value(await window.api.inventoryClose({ snapshotId }))
    const details = await window.api.inventoryDetails({ snapshotId, key: 'yakro-pve1' })
    expect(!details.ok && details.error.code).toBe('not_found')
  })

  it('what an opened file says of itself is what was verified, even if the file is swapped right after', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const file = okFile((await capture(window, ['ace-prod'])).finished)
    const path = join(folderOf(desk), file.name)
    // The attacker swaps in the same file with a manifest that lies about its time and guests, right after
    // main verified it and before it answered.
    reads.afterVerify = async () => {
      reads.afterVerify = undefined
      await tamperInventoryFile(
        path,
        path,
        (text) => {
          const manifest = JSON.parse(text) as { takenAt: string; summary: { guests: number } }
          manifest.summary.guests = 9999
          manifest.takenAt = manifest.takenAt.replace(/^\d{4}/, '2020')
          return JSON.stringify(manifest, null, 2)
        },
        'manifest.json',
      )
    }
    const opened = value(await window.api.inventoryOpen({ fileId: file.fileId }))
    expect(opened.file.summary?.guests).toBe(opened.manifest.summary.guests)
    expect(opened.file.summary?.guests).not.toBe(9999)
    expect(opened.file.takenAt).toBe(file.takenAt)
  })
})

describe('the record of console sessions in a capture', () => {
  it('holds every session the record keeps, not only the newest 500', async () => {
    const desk = await startDesk()
    const window = desk.renderer('w1')
    const records = desk.services.consoles.records
    for (let i = 0; i < 700; i++) {
      const record: ConsoleRecord = {
        consoleId: `c${i}`,
        clusterId: 'yakro-pve1',
        clusterName: 'yakro',
        target: { type: 'qemu', node: 'pve1', vmid: 100 + (i % 50) },
        kind: 'terminal',
        pveUser: 'root@pam',
        localUser: records.localUser,
        openedAt: 1_700_000_000_000 + i * 1000,
        endedAt: 1_700_000_000_000 + i * 1000 + 500,
      }
      records.write(record)
    }
    const file = okFile((await capture(window, ['yakro-pve1'])).finished)
    const opened = value(await window.api.inventoryOpen({ fileId: file.fileId }))
    expect(opened.consoleSessions).toBe(700)
  })
})
