import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'

import type { FakeConsoleServer } from '../../../tests/support/fake-console-server'
import {
  fakeEndpoint,
  startFakeConsoleServer,
  termproxyAnswer,
} from '../../../tests/support/fake-console-server'
import { AppError } from '../../shared/ipc/errors'
import type { ConsoleTarget } from '../../shared/model/console'
import type { ConsoleEndpoint } from './console-endpoint'
import { BridgedUpstream } from './bridged-upstream'
import type { TerminalUpstream, UpstreamClose } from './terminal-upstream'
import { openTerminalUpstream } from './terminal-upstream'
import { WRITE_HIGH_WATER } from './upstream-socket'

const servers: FakeConsoleServer[] = []
const upstreams: TerminalUpstream[] = []

afterEach(async () => {
  for (const upstream of upstreams.splice(0)) upstream.dispose()
  for (const server of servers.splice(0)) await server.close()
})

const NODE: ConsoleTarget = { type: 'node', node: 'pve1' }
const AUTH_LINE = `root@pam:${termproxyAnswer.ticket}\n`

/** A termproxy of our own: checks the auth line, answers `first` (OK and maybe output), records every message. */
async function termproxy(
  options: { first?: (string | Buffer)[]; afterAuth?: 'close' | 'answer'; exitstatus?: string } = {},
): Promise<{
  server: FakeConsoleServer
  messages: Buffer[]
  endpoint: ConsoleEndpoint & { calls: string[] }
}> {
  const messages: Buffer[] = []
  const server = await startFakeConsoleServer({
    connection: (ws) => {
      ws.on('message', (data: Buffer) => {
        messages.push(data)
        if (messages.length !== 1) return
        if (data.toString('utf8') !== AUTH_LINE || options.afterAuth === 'close') {
          ws.close()
          return
        }
        for (const frame of options.first ?? ['OK']) ws.send(frame, { binary: true })
      })
    },
  })
  servers.push(server)
  const endpoint = fakeEndpoint(server, {
    'POST /nodes/pve1/termproxy': termproxyAnswer,
    [`GET /nodes/pve1/tasks/${encodeURIComponent(termproxyAnswer.upid)}/status`]: {
      status: 'stopped',
      exitstatus: options.exitstatus ?? 'unable to find a serial interface',
    },
  })
  return { server, messages, endpoint }
}

async function open(endpoint: ConsoleEndpoint, pingMs?: number): Promise<TerminalUpstream> {
  const upstream = await openTerminalUpstream(endpoint, NODE, {
    timeoutMs: 2000,
    ...(pingMs === undefined ? {} : { pingMs }),
  })
  upstreams.push(upstream)
  return upstream
}

function collect(upstream: TerminalUpstream): { text(): string; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = []
  upstream.onData((d) => chunks.push(d))
  return { chunks, text: () => Buffer.concat(chunks).toString('utf8') }
}

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

const latin1 = (messages: Buffer[]): string[] => messages.map((m) => m.toString('latin1'))

describe('openTerminalUpstream', () => {
  it('sends <user>:<ticket>\\n, strips OK, and hands on the output that came in the same frame', async () => {
    const { messages, endpoint } = await termproxy({ first: ['OKLinux pve1\r\nroot@pve1:~# '] })
    const upstream = await open(endpoint)
    // Not subscribed yet: the first output waits for the first listener.
    await new Promise((resolve) => setImmediate(resolve))
    const out = collect(upstream)
    await vi.waitFor(() => expect(out.text()).toBe('Linux pve1\r\nroot@pve1:~# '))
    expect(latin1(messages)).toEqual([AUTH_LINE])
    expect(endpoint.calls).toEqual(['POST /nodes/pve1/termproxy'])
  })

  it('takes an OK split across two frames', async () => {
    const { endpoint } = await termproxy({ first: ['O', 'K$ '] })
    const out = collect(await open(endpoint))
    await vi.waitFor(() => expect(out.text()).toBe('$ '))
  })

  it('frames input as 0:<UTF-8 byte length>:<bytes>, one message per write, a split character as two', async () => {
    const { messages, endpoint } = await termproxy()
    const upstream = await open(endpoint)
    const e = Buffer.from('é', 'utf8')
    upstream.write(Buffer.from('ls\r'))
    upstream.write(Buffer.from('é┌─┐🎉', 'utf8'))
    upstream.write(e.subarray(0, 1))
    upstream.write(e.subarray(1))
    upstream.resize(120, 40)
    await vi.waitFor(() => expect(messages).toHaveLength(6))
    expect(messages.slice(1).map((m) => m.toString('binary'))).toEqual([
      '0:3:ls\r',
      `0:15:${Buffer.from('é┌─┐🎉', 'utf8').toString('binary')}`,
      '0:1:\xc3',
      '0:1:\xa9',
      '1:120:40:',
    ])
  })

  it('sends a long paste as several messages under 128 KiB, never cutting a character', async () => {
    const { messages, endpoint } = await termproxy()
    const upstream = await open(endpoint)
    const paste = Buffer.from('é'.repeat(150_000), 'utf8')
    upstream.write(paste)
    await vi.waitFor(() => {
      const data = messages.slice(1).map((m) => {
        const header = /^0:(\d+):/.exec(m.toString('latin1'))
        expect(header).not.toBeNull()
        const length = Number(header?.[1])
        const body = m.subarray((header?.[0] ?? '').length)
        expect(body.length).toBe(length)
        expect(m.length).toBeLessThanOrEqual(128 * 1024)
        expect(body.toString('utf8')).not.toContain('\ufffd')
        return body
      })
      expect(Buffer.concat(data).equals(paste)).toBe(true)
    })
    expect(messages.length).toBeGreaterThan(3)
  })

  it('says stop once 1 MiB waits for a stalled termproxy, holds no more than it took, and says go on once it reads', async () => {
    let stalled: WebSocket | undefined
    let received = 0
    const server = await startFakeConsoleServer({
      connection: (ws) => {
        ws.on('message', (data: Buffer) => {
          received += data.length
          if (stalled !== undefined) return
          // OK, then the node stops reading (a hung node, a stalled link): TCP fills, then main's buffer.
          stalled = ws
          ws.send('OK', { binary: true })
          ws.pause()
        })
      },
    })
    servers.push(server)
    const upstream = await open(fakeEndpoint(server, { 'POST /nodes/pve1/termproxy': termproxyAnswer }))
    if (!(upstream instanceof BridgedUpstream)) throw new Error('not a BridgedUpstream')
    const drains: number[] = []
    upstream.onWriteDrain(() => drains.push(upstream.bufferedBytes))
    await vi.waitFor(() => expect(stalled).toBeDefined())
    const paste = Buffer.alloc(64 * 1024, 0x61)
    const message = `0:${paste.length}:`.length + paste.length
    let writes = 0
    let writable: boolean | undefined
    // A paste that goes on for as long as main takes it (bounded: past the kernel's buffers, 1 MiB must stop it).
    while (writable !== false && writes < 1024) {
      writable = upstream.write(paste)
      writes++
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(writable).toBe(false)
    // Main holds what it took past the socket's buffers, and no more than 1 MiB and the last write.
    const held = upstream.bufferedBytes
    expect(held).toBeGreaterThan(WRITE_HIGH_WATER)
    expect(held).toBeLessThanOrEqual(WRITE_HIGH_WATER + message)
    expect(upstream.resize(80, 24)).toBe(false)
    expect(drains).toEqual([])
    stalled?.resume()
    await vi.waitFor(() => expect(drains).toHaveLength(1), { timeout: 10_000 })
    expect(drains[0]).toBeLessThan(256 * 1024)
    // Nothing was dropped: every byte taken reached termproxy.
    await vi.waitFor(() => expect(received).toBe(AUTH_LINE.length + writes * message + '1:80:24:'.length), {
      timeout: 10_000,
    })
    expect(upstream.write(Buffer.from('x'))).toBe(true)
  })

  it('pings with 2 at the interval it is given, and stops on dispose', async () => {
    const { messages, server, endpoint } = await termproxy()
    const upstream = await open(endpoint, 20)
    await vi.waitFor(() => expect(latin1(messages).filter((m) => m === '2').length).toBeGreaterThanOrEqual(2))
    upstream.dispose()
    await vi.waitFor(() => expect(server.sockets[0]?.readyState).toBe(server.sockets[0]?.CLOSED))
  })

  it('without OK, says the console closed before it started, with the task’s exit status', async () => {
    const { endpoint } = await termproxy({ afterAuth: 'close' })
    const error = await rejection(open(endpoint))
    expect(error.code).toBe('console_unavailable')
    expect(error.detail).toMatchObject({
      reason: 'no_serial',
      exitstatus: 'unable to find a serial interface',
    })
    expect(error.message).toBe('the console closed before it started: unable to find a serial interface')
    expect(endpoint.calls).toEqual([
      'POST /nodes/pve1/termproxy',
      `GET /nodes/pve1/tasks/${encodeURIComponent(termproxyAnswer.upid)}/status`,
      `GET /nodes/pve1/tasks/${encodeURIComponent(termproxyAnswer.upid)}/log`,
    ])
  })

  it('refuses an answer other than OK, and a POST PVE refused keeps its reason', async () => {
    const { endpoint } = await termproxy({ first: ['NO'] })
    expect((await rejection(open(endpoint))).code).toBe('bad_response')
    const refused = fakeEndpoint(
      { url: 'https://127.0.0.1:9' },
      {
        'POST /nodes/pve1/termproxy': () => {
          throw new AppError({ code: 'pve_error', message: 'VM 100 not running' })
        },
      },
    )
    const error = await rejection(open(refused))
    expect(error).toMatchObject({ code: 'console_unavailable', message: 'VM 100 not running' })
    expect(error.detail).toMatchObject({ reason: 'not_running' })
  })

  it('emits nothing while paused, everything after resume, then onClose once after the last output', async () => {
    // A shell's `exit`: termproxy fails then too, and that is no error.
    const { server, endpoint } = await termproxy({
      exitstatus:
        "command '/usr/bin/termproxy 5900 --path /nodes/pve1 -- /bin/login -f root' failed: exit code 1",
    })
    const upstream = await open(endpoint)
    const out = collect(upstream)
    const closes: UpstreamClose[] = []
    upstream.onClose((c) => closes.push(c))
    upstream.pause()
    const ws = server.sockets[0]
    ws?.send(Buffer.from('one '))
    ws?.send(Buffer.from('two'))
    ws?.close(1000)
    // The close waits behind the paused output: nothing of either comes through while paused.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(out.text()).toBe('')
    expect(closes).toEqual([])
    upstream.resume()
    await vi.waitFor(() => expect(closes).toEqual([{ reason: 'remote' }]))
    expect(out.text()).toBe('one two')
    // A late listener still hears how it ended.
    const late: UpstreamClose[] = []
    upstream.onClose((c) => late.push(c))
    await vi.waitFor(() => expect(late).toEqual([{ reason: 'remote' }]))
  })

  it('does not fire onClose on dispose, and closes the websocket', async () => {
    const { server, endpoint } = await termproxy()
    const upstream = await open(endpoint)
    const closes: UpstreamClose[] = []
    upstream.onClose((c) => closes.push(c))
    upstream.dispose()
    await vi.waitFor(() => expect(server.sockets[0]?.readyState).toBe(server.sockets[0]?.CLOSED))
    expect(closes).toEqual([])
  })
})
