import { cleanup, render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../../shared/ipc/api'
import type { CaptureFinished, InventoryFileEntry } from '../../../../shared/ipc/domains/inventory'
import type { Result } from '../../../../shared/ipc/errors'
import { useInventoryStore } from '../../stores/inventory-store'
import { openedFixture } from './inventory-fixtures'
import { useInventorySync } from './use-inventory-sync'

const ok = <T,>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value })

function Sync(): ReactElement | null {
  useInventorySync()
  return null
}

const named: InventoryFileEntry = {
  ...openedFixture().file,
  fileId: 'arg1',
  source: 'argument',
  name: 'audit-2025.zip',
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

describe('the inventory files at start and after a capture', () => {
  afterEach(() => {
    cleanup()
    delete window.pveDesk
    useInventoryStore.setState({ files: [], opened: undefined, live: undefined, failure: undefined })
  })

  it('opens the file named on the command line at once, once per window, and lists again after a capture', async () => {
    let captured: ((finished: CaptureFinished) => void) | undefined
    const inventoryFiles = vi.fn(() => ok([named]))
    const inventoryOpen = vi.fn(() => ok(openedFixture({ file: named })))
    const stop = vi.fn()
    window.pveDesk = {
      inventoryFiles,
      inventoryOpen,
      inventoryClose: () => ok(null),
      onInventoryCaptured: (listener: (finished: CaptureFinished) => void) => {
        captured = listener
        return stop
      },
    } as unknown as PveDeskApi
    const { unmount } = render(<Sync />)
    await settle()
    expect(inventoryOpen).toHaveBeenCalledWith({ fileId: 'arg1' })
    expect(useInventoryStore.getState().opened?.file.name).toBe('audit-2025.zip')

    captured?.({
      ok: true,
      captureId: 'c',
      trigger: 'scheduled',
      file: { ...named, source: 'folder' },
      summary: openedFixture().manifest.summary,
    })
    await settle()
    expect(inventoryFiles).toHaveBeenCalledTimes(2)
    unmount()
    expect(stop).toHaveBeenCalled()

    // A second mount (a re-render of the app) lists again but does not open the argument file again.
    await useInventoryStore.getState().closeSnapshot()
    render(<Sync />)
    await settle()
    expect(inventoryOpen).toHaveBeenCalledTimes(1)
  })
})
