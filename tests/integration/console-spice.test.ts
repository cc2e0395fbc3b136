import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import type { FleetGuest } from '../../src/shared/model/fleet'
import type { ConsoleDesk } from '../support/console-desk'
import { startConsoleDesk } from '../support/console-desk'
import { installFakeRemoteViewer } from '../support/fake-remote-viewer'
import { useSimulatorFleet } from '../support/simulator-fleet'

// SPICE in remote-viewer, end to end: spiceproxy on the simulator over real TLS, the .vv file written by main,
// and a fake remote-viewer first on PATH that records the file it was given and whether it was removed.

const fleet = useSimulatorFleet({ tickMs: null })

afterEach(() => {
  vi.unstubAllEnvs()
})

/** The simulator gives VMs tagged windows, test or legacy a SPICE display (qxl); the others have none. */
const spiceTags = (g: FleetGuest): boolean => g.tags.some((t) => ['windows', 'test', 'legacy'].includes(t))
const withSpice = (desk: ConsoleDesk): FleetGuest =>
  desk.guest('ace-prod', (g) => g.type === 'qemu' && g.status === 'running' && spiceTags(g))
const withoutSpice = (desk: ConsoleDesk): FleetGuest =>
  desk.guest('ace-prod', (g) => g.type === 'qemu' && g.status === 'running' && !spiceTags(g))
const targetOf = (g: FleetGuest): { type: 'qemu'; node: string; vmid: number } => ({
  type: 'qemu',
  node: g.node,
  vmid: g.vmid,
})
const spiceProxyPosts = (): number =>
  fleet.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/spiceproxy')).length

/** The `[virt-viewer]` file's settings. */
function settingsOf(content: string): Record<string, string> {
  const [header, ...lines] = content.trimEnd().split('\n')
  expect(header).toBe('[virt-viewer]')
  return Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  )
}

describe('SPICE in remote-viewer', () => {
  it('hands remote-viewer a .vv file of PVE’s fields, 0600 in a 0700 folder, and removes it while the viewer runs', async () => {
    const viewer = installFakeRemoteViewer()
    // The removal deadline fires when the test says, once the viewer said it started: never a race with its start.
    const deadlines: (() => void)[] = []
    const schedule = (run: () => void): { dispose(): void } => {
      deadlines.push(run)
      return { dispose: () => undefined }
    }
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }], { spice: { schedule } })
    const vm = withSpice(desk)
    const answer = await desk.renderer('w1').api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(vm) })
    expect(answer).toEqual({ ok: true, value: { viewer: viewer.program } })
    await vi.waitFor(() => expect(viewer.starts()).toHaveLength(1), { timeout: 10_000 })
    const [start] = viewer.starts()
    if (start === undefined) throw new Error('no viewer started')
    expect(start).toMatchObject({ existed: true, fileMode: '600', folderMode: '700', args: [start.file] })
    expect(start.file.endsWith('.vv')).toBe(true)
    const settings = settingsOf(start.content ?? '')
    expect(settings).toMatchObject({
      type: 'spice',
      // `proxy` is the endpoint's host, as PVE's GUI sends its own (window hostname): PVE adds the port 3128.
      proxy: 'http://127.0.0.1:3128',
      'delete-this-file': '1',
      'host-subject': expect.stringContaining(`CN=${vm.node}`) as unknown,
    })
    expect(settings.host).toMatch(
      new RegExp(`^pvespiceproxy:[0-9a-f]+:${vm.vmid}:${vm.node}:\\d+::[0-9a-f]{40}$`),
    )
    expect(settings['tls-port']).toMatch(/^\d+$/)
    expect(settings.password?.length).toBeGreaterThan(8)
    expect(settings.ca).toContain('\\n') // PVE's CA with its newlines escaped, one line in the file
    expect(settings.title).toContain(String(vm.vmid))
    // Started detached (a session of its own), with nothing for a terminal.
    if (start.session !== undefined) expect(start.session).toBe(start.pid)
    if (start.stdio[0] !== undefined) expect(start.stdio).toEqual(['/dev/null', '/dev/null', '/dev/null'])
    // Removed while it ran, well within the proxy ticket's 40 s; the folder with it.
    expect(viewer.ends()).toEqual([])
    expect(deadlines).toHaveLength(1)
    deadlines[0]?.()
    await vi.waitFor(() => expect(viewer.ends()).toHaveLength(1), { timeout: 15_000 })
    expect(viewer.ends()[0]).toMatchObject({ event: 'gone', folderGone: true })
    expect(viewer.ends()[0]?.afterMs).toBeLessThan(40_000)
    expect(existsSync(dirname(start.file))).toBe(false)
    expect(desk.services.consoles.spiceFolders).toEqual([])
    // The record of console sessions has the launch, and when the viewer closed.
    await vi.waitFor(
      async () => {
        const [record] = await desk.services.consoles.history()
        expect(record).toMatchObject({
          kind: 'spice',
          clusterId: 'ace-prod',
          target: targetOf(vm),
          guestName: vm.name,
          pveUser: 'root@pam',
          endedAt: expect.any(Number) as unknown,
        })
        expect(record?.endedAt).toBeGreaterThanOrEqual(record?.openedAt ?? Infinity)
      },
      { timeout: 10_000 },
    )
  })

  it('a viewer that deletes the file itself (delete-this-file=1) gets its folder removed at once, not at the deadline', async () => {
    const viewer = installFakeRemoteViewer({ deletes: true })
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }], { spice: { removeAfterMs: 60_000 } })
    const answer = await desk
      .renderer('w1')
      .api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(withSpice(desk)) })
    expect(answer.ok).toBe(true)
    await vi.waitFor(() => expect(viewer.starts()).toHaveLength(1), { timeout: 10_000 })
    await vi.waitFor(() => expect(desk.services.consoles.spiceFolders).toEqual([]), { timeout: 10_000 })
    expect(existsSync(dirname(viewer.starts()[0]?.file ?? '/'))).toBe(false)
  })

  it('starts one viewer for a guest however often it is asked at once, and a few at most in the app', async () => {
    const viewer = installFakeRemoteViewer({ deletes: true })
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }], {
      // A clock that stands still: the cool-down below never ends by itself, however slow the machine.
      spice: { maxLaunches: 2, now: () => 1_000 },
    })
    const window = desk.renderer('w1')
    const spiceVms = desk
      .connection('ace-prod')
      .items.filter(
        (i): i is FleetGuest =>
          i.kind === 'guest' && !i.template && i.type === 'qemu' && i.status === 'running' && spiceTags(i),
      )
    expect(spiceVms.length).toBeGreaterThanOrEqual(3)
    const [a, b, c] = spiceVms as [FleetGuest, FleetGuest, FleetGuest]
    const posts = spiceProxyPosts()
    // A compromised renderer asks five times for one VM and once each for two more, all at once.
    const answers = await Promise.all([
      ...[1, 2, 3, 4, 5].map(() => window.api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(a) })),
      window.api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(b) }),
      window.api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(c) }),
    ])
    const ok = answers.filter((x) => x.ok)
    const busy = answers.filter((x) => !x.ok)
    expect(ok).toHaveLength(2) // a's first and b's: two under way at most
    for (const refused of busy)
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'conflict', detail: { reason: 'spice_busy' } },
      })
    expect(answers.map((x) => x.ok)).toEqual([true, false, false, false, false, true, false])
    expect(spiceProxyPosts() - posts).toBe(2)
    await vi.waitFor(() => expect(viewer.starts()).toHaveLength(2), { timeout: 10_000 })
    // Just after its viewer started, the same VM again is a double click, not a second viewer.
    const again = await window.api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(a) })
    expect(again).toMatchObject({ ok: false, error: { detail: { reason: 'spice_busy' } } })
    // c, refused only because two were under way, starts now.
    expect(await window.api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(c) })).toMatchObject({
      ok: true,
    })
    await vi.waitFor(() => expect(desk.services.consoles.spiceFolders).toEqual([]), { timeout: 10_000 })
  })

  it('says remote-viewer is missing and what to install, before asking PVE for a ticket', async () => {
    vi.stubEnv('PATH', mkdtempSync(join(tmpdir(), 'pvedesk-empty-path-')))
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const posts = spiceProxyPosts()
    const answer = await desk
      .renderer('w1')
      .api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(withSpice(desk)) })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'viewer_missing', detail: { program: 'remote-viewer', package: 'virt-viewer' } },
    })
    expect(spiceProxyPosts()).toBe(posts)
  })

  it('a VM without a SPICE display says so (console_unavailable, no_spice), and starts no viewer', async () => {
    const viewer = installFakeRemoteViewer()
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const vm = withoutSpice(desk)
    const answer = await desk.renderer('w1').api.consoleSpice({ clusterId: 'ace-prod', target: targetOf(vm) })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'console_unavailable', detail: { reason: 'no_spice' } },
    })
    expect(answer.ok ? '' : answer.error.message).toContain(String(vm.vmid))
    expect(viewer.starts()).toEqual([])
    expect(desk.services.consoles.spiceFolders).toEqual([])
  })

  it('is refused without VM.Console, and never for a node', async () => {
    installFakeRemoteViewer()
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod', username: 'auditor@pve' }])
    const window = desk.renderer('w1')
    const posts = spiceProxyPosts()
    const refused = await window.api.consoleSpice({
      clusterId: 'ace-prod',
      target: targetOf(withSpice(desk)),
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const node = await window.api.consoleSpice({
      clusterId: 'ace-prod',
      target: { type: 'node', node: withSpice(desk).node },
    })
    expect(node).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(spiceProxyPosts()).toBe(posts)
  })
})
