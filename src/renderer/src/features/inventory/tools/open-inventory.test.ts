import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { useInventoryStore } from '../../../stores/inventory-store'
import { openedFixture } from '../inventory-fixtures'
import { openInventoryFile } from './open-inventory'
import { FakeInventoryMain } from './test-inventory-main'

describe('opening a file on an item, as a diff’s link does', () => {
  let main: FakeInventoryMain
  beforeEach(() => {
    main = new FakeInventoryMain().ok('inventoryOpen', openedFixture()).ok('inventoryClose', null)
    window.pveDesk = main.api()
  })
  afterEach(async () => {
    await useInventoryStore.getState().closeSnapshot()
    delete window.pveDesk
  })

  it('says opened when the file holds the item', async () => {
    expect(await openInventoryFile('f1', 'c1/qemu/100')).toBe('opened')
    expect(useInventoryStore.getState().opened?.file.fileId).toBe('f1')
  })

  it('says missing when the file opened without the item (a removed guest looked for in the newer file)', async () => {
    expect(await openInventoryFile('f1', 'c1/qemu/999')).toBe('missing')
    expect(await openInventoryFile('f1', 'c9/qemu/100')).toBe('missing')
  })

  it('says failed when the file did not open', async () => {
    main.fail('inventoryOpen', {
      code: 'inventory_invalid',
      message: '',
      detail: { reason: 'digest_mismatch' },
    })
    expect(await openInventoryFile('f1', 'c1/qemu/100')).toBe('failed')
  })
})
