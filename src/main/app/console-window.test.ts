import { describe, expect, it } from 'vitest'

import { isConsoleWindowUrl } from './console-window'

describe('detached console windows', () => {
  const opener = 'app://pvedesk/index.html'

  it('allows the opener’s own page with a console hash', () => {
    expect(isConsoleWindowUrl('app://pvedesk/index.html#console=3f2a-9c', opener)).toBe(true)
    expect(isConsoleWindowUrl('http://localhost:5173/#console=abc', 'http://localhost:5173/')).toBe(true)
  })

  it('refuses anything else a renderer could be made to open', () => {
    for (const url of [
      'https://evil.example/#console=abc',
      'app://other/index.html#console=abc',
      'app://pvedesk/other.html#console=abc',
      'app://pvedesk/index.html?x=1#console=abc',
      'app://user:pw@pvedesk/index.html#console=abc',
      'app://pvedesk/index.html#console=',
      'app://pvedesk/index.html#console=abc/../x',
      'app://pvedesk/index.html#settings',
      'app://pvedesk/index.html',
      'javascript:alert(1)',
      'not a url',
      `app://pvedesk/index.html#console=${'a'.repeat(65)}`,
    ])
      expect(isConsoleWindowUrl(url, opener), url).toBe(false)
    expect(isConsoleWindowUrl('http://localhost:5174/#console=abc', 'http://localhost:5173/')).toBe(false)
  })
})
