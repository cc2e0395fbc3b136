import { describe, expect, it, vi } from 'vitest'

import type { ConsoleEndpoint } from '../../src/main/consoles/console-endpoint'
import type { TerminalUpstream, UpstreamClose } from '../../src/main/consoles/terminal-upstream'
import { openTerminalUpstream } from '../../src/main/consoles/terminal-upstream'
import type { CredentialSource } from '../../src/main/pve/pve-client'
import { PveClient } from '../../src/main/pve/pve-client'
import { AppError } from '../../src/shared/ipc/errors'
import type { ConsoleTarget } from '../../src/shared/model/console'
import { startImpostor } from '../support/impostor-node'
import { trackHandles } from '../support/leaks'
import { useSimulatorFleet } from '../support/simulator-fleet'

/**
 * Terminals through main's transport against the simulator over real TLS: PveClient.consoleEndpoint, termproxy,
 * the pinned vncwebsocket, termproxy's framing, and how it fails.
 */
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
const TIMEOUT_MS = 3000

function apiClient(credentials: CredentialSource = fleet.credentials, clusterId = 'ace-prod'): PveClient {
  const config = fleet.config(clusterId)
  return fleet.disposables.add(
    new PveClient(config.id, config.endpoints, credentials, { timeoutMs: TIMEOUT_MS }),
  )
}

interface Terminal {
  upstream: TerminalUpstream
  text(): string
  /** Resolves with all the output once it satisfies `test`. */
  until(test: (all: string) => boolean): Promise<string>
  type(text: string): void
  closes: UpstreamClose[]
}

async function openTerminal(
  endpoint: ConsoleEndpoint,
  target: ConsoleTarget,
  pingMs?: number,
): Promise<Terminal> {
  const upstream = fleet.disposables.add(
    await openTerminalUpstream(endpoint, target, {
      timeoutMs: TIMEOUT_MS,
      ...(pingMs === undefined ? {} : { pingMs }),
    }),
  )
  const chunks: Uint8Array[] = []
  const closes: UpstreamClose[] = []
  upstream.onData((d) => chunks.push(d))
  upstream.onClose((c) => closes.push(c))
  const text = (): string => Buffer.concat(chunks).toString('utf8')
  return {
    upstream,
    text,
    closes,
    until: async (test) => {
      await vi.waitFor(
        () => {
          if (!test(text())) throw new Error(`not yet; got ${JSON.stringify(text().slice(-300))}`)
        },
        { timeout: 5000, interval: 5 },
      )
      return text()
    },
    type: (input) => {
      upstream.write(Buffer.from(input, 'utf8'))
    },
  }
}

/** Gets to a root prompt: at once (root@pam's node shell), or through the login prompt of /bin/login or a getty. */
async function rootPrompt(terminal: Terminal, hostname: string, password: string): Promise<void> {
  const prompt = `root@${hostname}:~# `
  const first = await terminal.until((t) => t.endsWith(prompt) || t.endsWith('login: '))
  if (first.endsWith(prompt)) return
  terminal.type('root\r')
  await terminal.until((t) => t.endsWith('Password: '))
  terminal.type(`${password}\r`)
  await terminal.until((t) => t.endsWith(prompt))
}

const rootPassword = (): string => fleet.sim.info.clusters[0]?.login.password ?? ''

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

describe('terminals through main (termproxy over the pinned vncwebsocket)', () => {
  it('opens a node shell as root@pam on the node asked for, and runs a command', async () => {
    const api = apiClient()
    const endpoint = await api.consoleEndpoint('km4-pve2')
    expect(endpoint).toMatchObject({ node: 'km4-pve2', authid: 'root@pam', credentialKind: 'ticket' })
    expect(endpoint.url).toBe(fleet.config('ace-prod').endpoints.find((e) => e.node === 'km4-pve2')?.url)
    const terminal = await openTerminal(endpoint, { type: 'node', node: 'km4-pve2' })
    const hello = await terminal.until((t) => t.endsWith('root@km4-pve2:~# '))
    expect(hello.startsWith('OK')).toBe(false)
    terminal.type('hostname\r')
    await terminal.until((t) => t.includes('hostname\r\nkm4-pve2\r\nroot@km4-pve2:~# '))
    // The POST went to the node whose shell it is: no hop inside PVE.
    const posts = fleet.sim.requests.filter((r) => r.path.endsWith('/termproxy'))
    expect(posts.map((r) => r.node)).toEqual(['km4-pve2'])
  })

  it('round-trips French accents, box drawing and emoji: lengths are counted in UTF-8 bytes', async () => {
    const api = apiClient()
    const terminal = await openTerminal(await api.consoleEndpoint('km4-pve1'), {
      type: 'node',
      node: 'km4-pve1',
    })
    await rootPrompt(terminal, 'km4-pve1', rootPassword())
    const line = 'Hélène déjà à l’œuvre ┌─┐ └─┘ 🎉👍🏽'
    terminal.type(`echo ${line}\r`)
    await terminal.until((t) => t.includes(`\r\n${line}\r\nroot@km4-pve1:~# `))
    // Typed one byte at a time, a character split across writes arrives whole.
    for (const byte of Buffer.from('echo été ✓\r', 'utf8')) terminal.upstream.write(Uint8Array.of(byte))
    await terminal.until((t) => t.includes('\r\nété ✓\r\nroot@km4-pve1:~# '))
  })

  it('opens a container console and logs in at its prompt', async () => {
    const api = apiClient()
    const terminal = await openTerminal(await api.consoleEndpoint('km4-pve1'), {
      type: 'lxc',
      node: 'km4-pve1',
      vmid: 110,
    })
    await rootPrompt(terminal, 'dns01', rootPassword())
    terminal.type('hostname\r')
    await terminal.until((t) => t.includes('\r\ndns01\r\nroot@dns01:~# '))
  })

  it('tells termproxy the terminal’s size', async () => {
    const api = apiClient()
    const terminal = await openTerminal(await api.consoleEndpoint('km4-pve1'), {
      type: 'node',
      node: 'km4-pve1',
    })
    await rootPrompt(terminal, 'km4-pve1', rootPassword())
    terminal.upstream.resize(132, 43)
    terminal.type('stty size\r')
    await terminal.until((t) => t.includes('stty size\r\n43 132\r\n'))
    expect(fleet.sim.consoles()[0]?.size).toEqual({ cols: 132, rows: 43 })
  })

  it('pings termproxy with 2 at the interval it is given; the shell sees none of it', async () => {
    const api = apiClient()
    const terminal = await openTerminal(
      await api.consoleEndpoint('km4-pve1'),
      { type: 'node', node: 'km4-pve1' },
      10,
    )
    await rootPrompt(terminal, 'km4-pve1', rootPassword())
    await vi.waitFor(() => expect(fleet.sim.consoles()[0]?.pings).toBeGreaterThanOrEqual(3))
    const before = terminal.text()
    terminal.type('echo after pings\r')
    const after = await terminal.until((t) => t.endsWith('after pings\r\nroot@km4-pve1:~# '))
    expect(after.slice(before.length)).toBe('echo after pings\r\nafter pings\r\nroot@km4-pve1:~# ')
  })

  it('refuses an expired or wrong console ticket with PVE’s text', async () => {
    const api = apiClient()
    const real = await api.consoleEndpoint('km4-pve1')
    // The websocket comes after the ticket's 40 s: the clock moves between the POST and the upgrade.
    const late: ConsoleEndpoint = {
      ...real,
      request: async (method, path, params, signal) => {
        const data = await real.request(method, path, params, signal)
        if (path.endsWith('/termproxy')) fleet.sim.advanceClock(41)
        return data
      },
    }
    const expired = await rejection(openTerminal(late, { type: 'node', node: 'km4-pve1' }))
    expect(expired.message).toBe('permission denied - invalid PVEVNC ticket')
    expect(expired.code).toBe('auth_expired')
    expect(expired.detail).toMatchObject({ status: '401', reason: 'vncticket' })
    const forged: ConsoleEndpoint = {
      ...real,
      request: async (method, path, params, signal) => {
        const data = (await real.request(method, path, params, signal)) as { ticket: string }
        return { ...data, ticket: `${data.ticket.slice(0, -4)}AAA=` }
      },
    }
    const wrong = await rejection(openTerminal(forged, { type: 'node', node: 'km4-pve1' }))
    expect(wrong.message).toBe('permission denied - invalid PVEVNC ticket')
  })

  it('says the console closed before it started when termproxy refuses the auth line', async () => {
    const api = apiClient()
    const real = await api.consoleEndpoint('km4-pve1')
    const otherUser: ConsoleEndpoint = {
      ...real,
      request: async (method, path, params, signal) => {
        const data = (await real.request(method, path, params, signal)) as Record<string, unknown>
        return path.endsWith('/termproxy') ? { ...data, user: 'noc@pve' } : data
      },
    }
    const error = await rejection(openTerminal(otherUser, { type: 'node', node: 'km4-pve1' }))
    expect(error.code).toBe('pve_error')
    expect(error.message).toMatch(/^the console closed before it started/)
  })

  it('renews an expired session for the console, as for any call', async () => {
    const api = apiClient()
    await api.consoleEndpoint('km4-pve1')
    fleet.sim.advanceClock(7201)
    const terminal = await openTerminal(await api.consoleEndpoint('km4-pve1'), {
      type: 'node',
      node: 'km4-pve1',
    })
    await rootPrompt(terminal, 'km4-pve1', rootPassword())
  })

  it('authenticates a console with an API token (PVEAPIToken header, the token id as user), and says what this PVE release refuses to a token', async () => {
    const token = fleet.sim.info.clusters[0]?.tokens.find((t) => t.tokenid === 'noc@pve!desk')
    if (token === undefined) throw new Error('no token noc@pve!desk')
    const api = apiClient({
      get: () => Promise.resolve({ kind: 'token', tokenId: token.tokenid, secret: token.secret }),
    })
    const endpoint = await api.consoleEndpoint('km4-pve2')
    expect(endpoint).toMatchObject({ node: 'km4-pve2', authid: 'noc@pve!desk', credentialKind: 'token' })
    expect(await endpoint.upgradeHeaders()).toEqual({
      Authorization: `PVEAPIToken=noc@pve!desk=${token.secret}`,
    })
    // ace-prod runs PVE 9.1.4: a guest's termproxy checks the token's line with /access/ticket until 9.1.9.
    const guest = await rejection(openTerminal(endpoint, { type: 'qemu', node: 'km4-pve2', vmid: 201 }))
    expect(guest.code).toBe('console_unavailable')
    expect(guest.detail).toMatchObject({ reason: 'token_unsupported', requires: 'pve-manager 9.1.9' })
    expect(guest.message).toMatch(/^the console closed before it started/)
    // The token has no Sys.Console: PVE says so, and the text reaches the user.
    const shell = await rejection(openTerminal(endpoint, { type: 'node', node: 'km4-pve2' }))
    expect(shell.code).toBe('forbidden')
    expect(shell.message).toContain('Sys.Console')
  })

  it('opens on another node when the one asked for changed its certificate, and never on that one', async () => {
    const api = apiClient()
    await fleet.sim.rotateCertificate('km4-pve1')
    const first = await api.consoleEndpoint('km4-pve1')
    expect(first.node).not.toBe('km4-pve1')
    const seen = fleet.sim.requests.filter((r) => r.node === 'km4-pve1').length
    const again = await api.consoleEndpoint('km4-pve1')
    expect(again.node).toBe(first.node)
    const terminal = await openTerminal(again, { type: 'lxc', node: 'km4-pve1', vmid: 110 })
    await rootPrompt(terminal, 'dns01', rootPassword())
    expect(fleet.sim.requests.filter((r) => r.node === 'km4-pve1').length).toBe(seen)
  })

  it('opens elsewhere when the node asked for is down, though a ticket is at hand', async () => {
    const api = apiClient()
    expect((await api.consoleEndpoint('km4-pve1')).node).toBe('km4-pve1')
    await fleet.sim.stopNode('km4-pve2')
    try {
      const endpoint = await api.consoleEndpoint('km4-pve2')
      expect(endpoint.node).not.toBe('km4-pve2')
      expect(api.endpointHealth.find((h) => h.node === 'km4-pve2')?.state).toBe('unreachable')
      const terminal = await openTerminal(endpoint, { type: 'lxc', node: 'km4-pve1', vmid: 110 })
      await rootPrompt(terminal, 'dns01', rootPassword())
    } finally {
      await fleet.sim.startNode('km4-pve2')
    }
  })

  it('sends no cookie to an impostor that answers the websocket with another certificate', async () => {
    const impostor = await startImpostor()
    try {
      const api = apiClient()
      const real = await api.consoleEndpoint('km4-pve1')
      // The POST reaches the real node; the websocket's TLS lands on someone else (a spoofed address).
      const spoofed: ConsoleEndpoint = { ...real, url: impostor.url }
      const error = await rejection(openTerminal(spoofed, { type: 'node', node: 'km4-pve1' }))
      expect(error.code).toBe('tls_untrusted')
      expect(error.detail).toMatchObject({
        expected: fleet.sim.fingerprintOf('km4-pve1'),
        actual: impostor.fingerprint,
      })
      expect(impostor.connections).toBe(1)
      expect(impostor.received()).toBe('')
    } finally {
      await impostor.close()
    }
  })

  it('says the console was lost when its node stops mid-session', async () => {
    const api = apiClient()
    const terminal = await openTerminal(await api.consoleEndpoint('km4-pve2'), {
      type: 'node',
      node: 'km4-pve2',
    })
    await rootPrompt(terminal, 'km4-pve2', rootPassword())
    await fleet.sim.stopNode('km4-pve2')
    try {
      await vi.waitFor(() => expect(terminal.closes).toEqual([{ reason: 'lost' }]))
    } finally {
      await fleet.sim.startNode('km4-pve2')
    }
  })

  it('says a VM has no serial port when PVE accepts its serial terminal and then closes it (win-ad01)', async () => {
    const api = apiClient()
    const terminal = await openTerminal(await api.consoleEndpoint('km4-pve1'), {
      type: 'qemu',
      node: 'km4-pve1',
      vmid: 120,
    })
    await vi.waitFor(() => expect(terminal.closes).toHaveLength(1), { timeout: 5000 })
    expect(terminal.text()).toContain('unable to find a serial interface')
    expect(terminal.closes[0]).toMatchObject({
      reason: 'failed',
      error: {
        code: 'console_unavailable',
        message: 'unable to find a serial interface',
        detail: { reason: 'no_serial' },
      },
    })
  })

  it('reports the end when the shell exits, and leaves no socket or timer once disposed mid-session', async () => {
    const api = apiClient()
    const endpoint = await api.consoleEndpoint('km4-pve1')
    const ending = await openTerminal(endpoint, { type: 'node', node: 'km4-pve1' })
    await rootPrompt(ending, 'km4-pve1', rootPassword())
    ending.type('exit\r')
    await vi.waitFor(() => expect(ending.closes).toEqual([{ reason: 'remote' }]))

    const tracker = trackHandles()
    try {
      const busy = await openTerminal(endpoint, { type: 'node', node: 'km4-pve1' })
      await rootPrompt(busy, 'km4-pve1', rootPassword())
      busy.type('seq 200000\r')
      await busy.until((t) => t.includes('\r\n1000\r\n'))
      expect(fleet.sim.consoles()).toHaveLength(1)
      busy.upstream.dispose()
      api.dispose()
      expect(await tracker.settled()).toEqual([])
      expect(busy.closes).toEqual([])
      // PVE's side lets the console go too: its websocket is gone.
      await vi.waitFor(() => expect(fleet.sim.consoles()).toEqual([]))
    } finally {
      tracker.stop()
    }
  })
})
