import { describe, expect, it } from 'vitest'

import { appUrlCheck } from './origins'
import { isPermissionGranted } from './permission-policy'

const ours = appUrlCheck(undefined)

describe('the permissions our windows get', () => {
  it('grants full screen to our own renderer, for a VM screen', () => {
    expect(isPermissionGranted('fullscreen', 'app://pvedesk/index.html#console=abc', ours)).toBe(true)
    expect(isPermissionGranted('automatic-fullscreen', 'app://pvedesk/index.html', ours)).toBe(true)
  })

  it('refuses full screen to any other page, and every other permission to ours', () => {
    expect(isPermissionGranted('fullscreen', 'https://evil.example/', ours)).toBe(false)
    expect(isPermissionGranted('fullscreen', 'app://pvedesk.evil/index.html', ours)).toBe(false)
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'hid',
      'serial',
      'openExternal',
    ])
      expect(isPermissionGranted(permission, 'app://pvedesk/index.html', ours)).toBe(false)
  })
})
