import { describe, expect, it } from 'vitest'

import { inventoryFilesFromArgv } from '../app/inventory-argv'
import { inventoryFilesOption } from './serve'

describe('inventory snapshot files named at start', () => {
  it('the browser host takes --inventory FILE, as often as given, and refuses one without its file', () => {
    expect(inventoryFilesOption(['--port', '0'])).toEqual([])
    expect(inventoryFilesOption(['--inventory', 'a.zip', '--port', '0', '--inventory', '/b/c.zip'])).toEqual([
      'a.zip',
      '/b/c.zip',
    ])
    expect(() => inventoryFilesOption(['--inventory'])).toThrow(/--inventory needs a file/)
    expect(() => inventoryFilesOption(['--inventory', '--port', '0'])).toThrow(/--inventory needs a file/)
  })

  it('Electron takes the .zip arguments after its executable, never a flag or the app itself', () => {
    expect(
      inventoryFilesFromArgv([
        '/opt/PVE Desk/pvedesk',
        'out/main/demo-electron.js',
        '--no-sandbox',
        '--seed-stdin',
        '/home/op/audit 2026.ZIP',
        '--inspect=x.zip',
      ]),
    ).toEqual(['/home/op/audit 2026.ZIP'])
  })
})
