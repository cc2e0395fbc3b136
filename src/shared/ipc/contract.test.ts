import { describe, expect, it } from 'vitest'

import { channelManifest, contractDomains, eventContract, invokeContract, streamContract } from './contract'
import { isChannelManifest } from './wire'

describe('the IPC contract merged from its domains', () => {
  it('has every channel of every domain, each name under its own domain', () => {
    const names = contractDomains.flatMap((d) => [
      ...Object.keys(d.invoke),
      ...Object.keys(d.events),
      ...Object.keys(d.streams),
    ])
    expect(new Set(names).size).toBe(names.length)
    expect(names.sort()).toEqual(
      [...Object.keys(invokeContract), ...Object.keys(eventContract), ...Object.keys(streamContract)].sort(),
    )
    for (const domain of contractDomains) {
      const prefixes = new Set(
        [...Object.keys(domain.invoke), ...Object.keys(domain.events)].map((n) => n.split(':')[0]),
      )
      expect(prefixes.size).toBeLessThanOrEqual(1)
    }
  })

  it('hands the preload a manifest of exactly the contract names', () => {
    expect(isChannelManifest(channelManifest)).toBe(true)
    expect([...channelManifest.invoke].sort()).toEqual(Object.keys(invokeContract).sort())
    expect([...channelManifest.events].sort()).toEqual(Object.keys(eventContract).sort())
    expect([...channelManifest.streams].sort()).toEqual(Object.keys(streamContract).sort())
    expect(isChannelManifest({ invoke: ['app:info'], events: [], streams: ['__proto__'] })).toBe(false)
    expect(isChannelManifest({ invoke: 'app:info', events: [], streams: [] })).toBe(false)
  })
})
