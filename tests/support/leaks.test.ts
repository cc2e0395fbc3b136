import { createServer } from 'node:net'

import { describe, expect, it } from 'vitest'

import { assertNoLeaks, trackHandles } from './leaks'

/** The checker watches this file's frames here, as the integration suite watches src/. */
const HERE = ['/tests/support/leaks.test.ts']

describe('the leak check', () => {
  it('fails on a timer left running, naming where it was created', async () => {
    const tracker = trackHandles({ from: HERE })
    const leak = setTimeout(() => undefined, 60_000)
    try {
      await expect(assertNoLeaks(tracker, 'the test', 50)).rejects.toThrow(
        /1 handle\(s\) created by PVE Desk outlived the test:\n {2}Timeout .*leaks\.test\.ts:\d+/,
      )
    } finally {
      clearTimeout(leak)
      tracker.stop()
    }
  })

  it('fails on a server left listening', async () => {
    const tracker = trackHandles({ from: HERE })
    const server = createServer((socket) => socket.pipe(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const survivors = await tracker.settled({ timeoutMs: 50 })
      expect(survivors.some((s) => s.startsWith('TCPSERVERWRAP'))).toBe(true)
    } finally {
      await new Promise((resolve) => server.close(resolve))
      tracker.stop()
    }
  })

  it('passes once everything created was closed, waiting for sockets that close a few turns later', async () => {
    const tracker = trackHandles({ from: HERE })
    const timer = setTimeout(() => undefined, 60_000)
    clearTimeout(timer)
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    server.close()
    try {
      await expect(assertNoLeaks(tracker, 'the test')).resolves.toBeUndefined()
    } finally {
      tracker.stop()
    }
  })

  it('ignores handles created by code it does not watch (the simulator, the test runner)', async () => {
    const tracker = trackHandles({ from: ['/nowhere/'] })
    const leak = setTimeout(() => undefined, 60_000)
    try {
      expect(await tracker.settled({ timeoutMs: 50 })).toEqual([])
    } finally {
      clearTimeout(leak)
      tracker.stop()
    }
  })
})
