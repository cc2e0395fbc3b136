import { describe, expect, it } from 'vitest'

import { appUrlCheck, devRendererUrl, isPackagedRendererUrl } from './origins'

describe('the renderer origin check', () => {
  const dev = appUrlCheck('http://localhost:5173')

  it.each([
    'app://pvedesk/index.html',
    'app://pvedesk/assets/index.js?x=1#y',
    'http://localhost:5173/',
    'http://localhost:5173/src/main.tsx',
  ])('accepts %s', (url) => {
    expect(dev(url)).toBe(true)
  })

  it.each([
    'app://pvedesk.evil/index.html',
    'app://evil/index.html',
    'app://pvedesk:8080/index.html',
    'app://user@pvedesk/index.html',
    'http://localhost:5173.evil.com/',
    'http://localhost:51730/',
    'http://localhost:517/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://user@localhost:5173/',
    'file:///app/index.html',
    'about:blank',
    '',
    'not a url',
  ])('refuses %s when the dev URL is http://localhost:5173', (url) => {
    expect(dev(url)).toBe(false)
  })

  it('accepts no http origin at all without a dev URL (a packaged app)', () => {
    const packaged = appUrlCheck(undefined)
    expect(packaged('app://pvedesk/index.html')).toBe(true)
    expect(packaged('http://localhost:5173/')).toBe(false)
    expect(isPackagedRendererUrl('app://pvedesk.evil/')).toBe(false)
  })
})

describe('the development renderer URL', () => {
  it('is ignored by a packaged app', () => {
    expect(devRendererUrl('http://localhost:5173', true)).toBeUndefined()
  })

  it('is taken by an unpackaged build on loopback', () => {
    expect(devRendererUrl('http://localhost:5173', false)).toBe('http://localhost:5173/')
    expect(devRendererUrl('http://127.0.0.1:5173/', false)).toBe('http://127.0.0.1:5173/')
    expect(devRendererUrl(undefined, false)).toBeUndefined()
  })

  it.each(['https://evil.example:5173', 'file:///tmp/index.html', 'http://user@localhost:5173', 'nonsense'])(
    'refuses %s even unpackaged',
    (url) => {
      expect(() => devRendererUrl(url, false)).toThrow(/loopback/)
    },
  )
})
