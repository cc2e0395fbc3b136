import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { inventoryFilesOfLaunch } from './inventory-argv'

describe('inventory snapshot files named by a second launch', () => {
  it('are that launch’s .zip arguments, a relative name resolved in its working directory', () => {
    expect(
      inventoryFilesOfLaunch(
        ['/opt/PVE Desk/pvedesk', '--allow-file-access-from-files', 'audit.zip', '/srv/b.ZIP', 'notes.txt'],
        '/home/op/audits',
      ),
    ).toEqual([resolve('/home/op/audits', 'audit.zip'), resolve('/srv/b.ZIP')])
    expect(inventoryFilesOfLaunch(['/opt/PVE Desk/pvedesk'], '/home/op')).toEqual([])
  })
})
