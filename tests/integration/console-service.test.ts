import { appendFileSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it, vi } from 'vitest'

import { RECORD_FILE } from '../../src/main/consoles/console-record'
import type { ConsoleEvent } from '../../src/shared/ipc/domains/console'
import { STREAM_WINDOW } from '../../src/shared/ipc/stream'
import type { ConsoleInfo, ConsoleRecord, ConsoleTarget } from '../../src/shared/model/console'
import { GUEST_ROOT_PASSWORD } from '../pve-sim/consoles/shell-env'
import type { Screen } from '../support/console-desk'
import { attachScreen, startConsoleDesk } from '../support/console-desk'
import { assertNoLeaks, trackHandles } from '../support/leaks'
import { useSimulatorFleet } from '../support/simulator-fleet'

// The console service end to end: the real main services (settings, clusters, consoles, IPC router) against the
// simulator over real TLS and WSS, with windows as in-memory renderers on the real router and stream protocol.

const fleet = useSimulatorFleet({ tickMs: null })

const ESC_RESET = '\u001bc'

/** A running container of ace-prod, and its console target. */
function container(desk: Awaited<ReturnType<typeof startConsoleDesk>>): ConsoleTarget {
  const ct = desk.guest('ace-prod', (g) => g.type === 'lxc' && g.status === 'running')
  return { type: 'lxc', node: ct.node, vmid: ct.vmid }
}

/** A guest console starts at the guest's getty (as on PVE): log in as its root. */
async function login(screen: Screen): Promise<void> {
  await screen.until('login: ')
  screen.type('root\r')
  await screen.until('Password: ')
  screen.type(`${GUEST_ROOT_PASSWORD}\r`)
  await screen.until('# ')
}

const termproxyPosts = (): number =>
  fleet.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/termproxy')).length

async function open(
  desk: Awaited<ReturnType<typeof startConsoleDesk>>,
  renderer: ReturnType<Awaited<ReturnType<typeof startConsoleDesk>>['renderer']>,
  target: ConsoleTarget,
  kind: 'terminal' | 'vnc' = 'terminal',
  clusterId = 'ace-prod',
): Promise<ConsoleInfo> {
  const opened = await renderer.api.consoleOpen({ clusterId, target, kind })
  if (!opened.ok) throw new Error(`open refused: ${JSON.stringify(opened.error)}`)
  expect(opened.value.state).toBe('connecting')
  return desk.reaches(opened.value.consoleId, 'connected')
}

const recordLines = (home: string): ConsoleRecord[] =>
  readFileSync(join(home, RECORD_FILE), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ConsoleRecord)

describe('a console from a window', () => {
  it('opens, attaches, types, reads the output, and closes — and main tells every window', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const window = desk.renderer('w1')
    const events: ConsoleEvent[] = []
    window.api.onConsoleChanged((event) => events.push(event))
    const target = container(desk)
    const info = await open(desk, window, target)
    expect(info).toMatchObject({
      clusterId: 'ace-prod',
      target,
      kind: 'terminal',
      user: 'root@pam',
      reconnects: 0,
    })
    expect(info.consoleId).toMatch(/^[0-9a-f-]{36}$/)
    expect(info.guestName).toBeTruthy()
    expect(info.notice).toBeUndefined()
    const screen = await attachScreen(window, info.consoleId)
    await login(screen)
    expect(desk.info(info.consoleId)?.attached).toBe(true)
    screen.type('echo "bonjour été ─ 🚀"\r')
    await screen.until('bonjour été ─ 🚀\r\n')
    const closed = await window.api.consoleClose({ consoleId: info.consoleId })
    expect(closed.ok).toBe(true)
    await screen.waitEnded()
    expect(desk.services.consoles.list()).toEqual([])
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ kind: 'removed', consoleId: info.consoleId }))
    const states = events.flatMap((e) => (e.kind === 'changed' ? [e.console.state] : []))
    expect(states).toContain('connecting')
    expect(states).toContain('connected')
    // Nothing secret in what the window learnt.
    expect(JSON.stringify(events)).not.toMatch(/PVEVNC|PVEAuthCookie|ticket/i)
  })

  it('a reload keeps the same terminal session: the stream ends, the reloaded window attaches in time and gets the screen back', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const before = desk.renderer('w1')
    const info = await open(desk, before, container(desk))
    const first = await attachScreen(before, info.consoleId)
    await login(first)
    first.type('echo avant-rechargement\r')
    await first.until('avant-rechargement\r\n')
    const posts = termproxyPosts()
    before.goAway() // the window reloads: its renderer and its streams are gone
    await vi.waitFor(() => expect(desk.info(info.consoleId)?.attached).toBe(false))
    const after = desk.renderer('w1-reloaded')
    const listed = await after.api.consoleList({})
    expect(listed.ok && listed.value.map((c) => c.consoleId)).toEqual([info.consoleId])
    const second = await attachScreen(after, info.consoleId)
    await second.until('avant-rechargement')
    expect(second.text().startsWith(ESC_RESET)).toBe(true)
    second.type('echo après\r')
    await second.until('après\r\n')
    expect(desk.info(info.consoleId)).toMatchObject({ state: 'connected', reconnects: 0, attached: true })
    expect(termproxyPosts()).toBe(posts) // the same PVE session, not a new one
  })

  it('a second window attaching takes the console: the first one’s stream ends with conflict (moved)', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const workspace = desk.renderer('workspace')
    const info = await open(desk, workspace, container(desk))
    const inWorkspace = await attachScreen(workspace, info.consoleId)
    await login(inWorkspace)
    const detached = desk.renderer('detached-window')
    const inWindow = await attachScreen(detached, info.consoleId)
    expect(await inWorkspace.waitEnded()).toEqual({
      error: expect.objectContaining({ code: 'conflict', detail: { reason: 'moved' } }) as unknown,
    })
    await inWindow.until('# ')
    inWindow.type('hostname\r')
    await inWindow.until(`${info.guestName ?? ''}\r\n`)
    expect(desk.info(info.consoleId)).toMatchObject({ attached: true, state: 'connected' })
  })

  it('a window that stops reading holds PVE back: main never queues past the window, and nothing is lost', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const window = desk.renderer('w1')
    const info = await open(desk, window, { type: 'node', node: container(desk).node })
    const screen = await attachScreen(window, info.consoleId)
    await screen.until('# ')
    const frames = [...window.frames.values()].at(-1) ?? []
    const posted = (): number => frames.reduce((n, f) => n + (f.t === 'bytes' ? f.data.byteLength : 0), 0)
    screen.stream.pause() // the terminal's write buffer is full: no credit goes back to main
    const before = posted()
    screen.type('seq 300000\r') // about 2 MiB of output, twice the stream's window
    // Main sends what the window allows, then holds PVE back instead of queueing the rest or ending the stream.
    await vi.waitFor(() => expect(posted() - before).toBeGreaterThan(STREAM_WINDOW / 2), { timeout: 10_000 })
    expect(posted() - before).toBeLessThanOrEqual(STREAM_WINDOW)
    expect(frames.some((f) => f.t === 'end')).toBe(false)
    expect(desk.info(info.consoleId)?.state).toBe('connected')
    screen.stream.resume()
    await screen.until('299999\r\n300000\r\n')
    expect(screen.ended()).toBeUndefined()
  })

  it('a renderer that went away closes the consoles it held once the grace period is over', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }], { graceMs: 300 })
    const window = desk.renderer('w1')
    const info = await open(desk, window, container(desk))
    const screen = await attachScreen(window, info.consoleId)
    await login(screen)
    window.goAway()
    const closed = await desk.reaches(info.consoleId, 'closed')
    expect(closed).toMatchObject({ endReason: 'abandoned', attached: false })
    expect(desk.services.router.openCount('w1')).toEqual({ calls: 0, streams: 0, events: 0 })
    const history = await desk.services.consoles.history()
    expect(history[0]).toMatchObject({ consoleId: info.consoleId, endReason: 'abandoned' })
  })

  it('refuses to attach a console id it does not know, and a closed console until it is reconnected', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const window = desk.renderer('w1')
    const guessed = await window.api.openConsoleAttach({ consoleId: '00000000-0000-4000-8000-000000000000' })
    expect(guessed).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const unknownCluster = await window.api.consoleOpen({
      clusterId: 'nowhere',
      target: { type: 'node', node: 'km4-pve1' },
      kind: 'terminal',
    })
    expect(unknownCluster).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // A node shell as root@pam: `exit` ends it on the PVE side (a guest's getty would respawn).
    const node = container(desk).node
    const info = await open(desk, window, { type: 'node', node })
    const screen = await attachScreen(window, info.consoleId)
    await screen.until('# ')
    screen.type('exit\r')
    expect(await desk.reaches(info.consoleId, 'closed')).toMatchObject({ endReason: 'remote' })
    await screen.waitEnded()
    expect(await window.api.openConsoleAttach({ consoleId: info.consoleId })).toMatchObject({
      ok: false,
      error: { code: 'conflict', detail: { reason: 'closed' } },
    })
    const again = await window.api.consoleReconnect({ consoleId: info.consoleId })
    expect(again).toMatchObject({ ok: true, value: { state: 'connecting', reconnects: 1 } })
    await desk.reaches(info.consoleId, 'connected')
    const reattached = await attachScreen(window, info.consoleId)
    await reattached.until('logout') // the scrollback of the first session…
    reattached.type('echo encore\r') // …and a new shell
    await reattached.until('encore\r\n')
  })

  it('limits how many consoles are open at once, in the app and per cluster, with a clear refusal', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }, { id: 'yakro-pve1' }], {
      maxConsoles: 3,
      maxPerCluster: 2,
    })
    const window = desk.renderer('w1')
    const target = container(desk)
    await open(desk, window, target)
    const second = await open(desk, window, target)
    const perCluster = await window.api.consoleOpen({ clusterId: 'ace-prod', target, kind: 'terminal' })
    expect(perCluster).toMatchObject({
      ok: false,
      error: { code: 'conflict', detail: { reason: 'console_limit', limit: '2' } },
    })
    const yakro = {
      type: 'node' as const,
      node: desk.connection('yakro-pve1').config.endpoints[0]?.node ?? '',
    }
    await open(desk, window, yakro, 'terminal', 'yakro-pve1')
    const inApp = await window.api.consoleOpen({ clusterId: 'yakro-pve1', target: yakro, kind: 'terminal' })
    expect(inApp).toMatchObject({
      ok: false,
      error: { code: 'conflict', detail: { reason: 'console_limit', limit: '3' } },
    })
    // A closed console no longer counts.
    await window.api.consoleClose({ consoleId: second.consoleId })
    await open(desk, window, target)
  })

  it('a VNC screen gets a fresh RFB connection for each window that attaches', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const vm = desk.guest('ace-prod', (g) => g.type === 'qemu' && g.status === 'running')
    const window = desk.renderer('w1')
    const vncPosts = (): number =>
      fleet.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/vncproxy')).length
    const postsBefore = vncPosts()
    const info = await open(desk, window, { type: 'qemu', node: vm.node, vmid: vm.vmid }, 'vnc')
    const first = await attachScreen(window, info.consoleId)
    await first.until('RFB 003.008\n')
    first.stream.close()
    await vi.waitFor(() => expect(desk.info(info.consoleId)?.attached).toBe(false))
    const second = await attachScreen(desk.renderer('w2'), info.consoleId)
    await second.until('RFB 003.008\n')
    expect(second.text().startsWith('RFB 003.008\n')).toBe(true)
    // A new connection, but not a reconnect of the console: the record says the first one's screen moved.
    expect(desk.info(info.consoleId)).toMatchObject({ state: 'connected', reconnects: 0 })
    expect(vncPosts() - postsBefore).toBe(2)
    const records = (await desk.services.consoles.history()).filter((r) => r.consoleId === info.consoleId)
    expect(records.map((r) => r.endReason)).toEqual([undefined, 'moved'])
  })
})

describe('consoles and their cluster', () => {
  it('removing the cluster closes its consoles (cluster) and leaves no socket behind', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const tracker = trackHandles()
    try {
      const window = desk.renderer('w1')
      const target = container(desk)
      const terminal = await open(desk, window, target)
      const vm = desk.guest('ace-prod', (g) => g.type === 'qemu' && g.status === 'running')
      const screenOfVm = await open(desk, window, { type: 'qemu', node: vm.node, vmid: vm.vmid }, 'vnc')
      const shown = await attachScreen(window, terminal.consoleId)
      await login(shown)
      // The tracker sees the consoles' sockets (else "none left" below would prove nothing).
      expect(tracker.alive().some((h) => h.startsWith('TCPWRAP'))).toBe(true)
      const removed = await window.api.clusterRemove({ clusterId: 'ace-prod' })
      expect(removed.ok).toBe(true)
      for (const id of [terminal.consoleId, screenOfVm.consoleId])
        expect(desk.info(id)).toMatchObject({ state: 'closed', endReason: 'cluster' })
      await shown.waitEnded()
      await assertNoLeaks(tracker, 'removing the cluster')
      // And reconnecting has nothing to reconnect to.
      expect(await window.api.consoleReconnect({ consoleId: terminal.consoleId })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      })
    } finally {
      tracker.stop()
    }
  })

  it('a rename or a new colour keeps its consoles on the same PVE session; new endpoints close them', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const window = desk.renderer('w1')
    const info = await open(desk, window, container(desk))
    const screen = await attachScreen(window, info.consoleId)
    await login(screen)
    const before = desk.connection('ace-prod')
    const config = desk.services.clusters.get('ace-prod')
    const renamed = await window.api.clusterSave({
      cluster: { ...config, name: 'ACE (prod)', color: '#aa3300' },
    })
    expect(renamed.ok).toBe(true)
    expect(desk.connection('ace-prod')).not.toBe(before) // the connection was rebuilt…
    expect(desk.info(info.consoleId)).toMatchObject({ state: 'connected', reconnects: 0 }) // …the console was not
    screen.type('echo toujours-la\r')
    await screen.until('toujours-la\r\n')
    // The next connection of this console is recorded under the new name. The rebuilt connection reads its
    // privileges first (until then a reconnect is refused as not known yet): the test waits for them, not a race.
    await vi.waitFor(() => expect(desk.connection('ace-prod').permissions).toBeDefined(), { timeout: 10_000 })
    const reconnected = await window.api.consoleReconnect({ consoleId: info.consoleId })
    expect(reconnected).toMatchObject({ ok: true, value: { state: 'connecting', reconnects: 1 } })
    await desk.reaches(info.consoleId, 'connected')
    const records = await desk.services.consoles.history()
    expect(records[0]).toMatchObject({ consoleId: info.consoleId, clusterName: 'ACE (prod)' })
    // Fewer endpoints: where the session goes changed, so its consoles end with the old connection.
    const narrowed = await window.api.clusterSave({
      cluster: { ...desk.services.clusters.get('ace-prod'), endpoints: config.endpoints.slice(0, 1) },
    })
    expect(narrowed.ok).toBe(true)
    expect(desk.info(info.consoleId)).toMatchObject({ state: 'closed', endReason: 'cluster' })
  })

  it('refuses a console without VM.Console or Sys.Console (forbidden), and a read-only cluster still opens one', async () => {
    const auditor = await startConsoleDesk(fleet, [{ id: 'ace-prod', username: 'auditor@pve' }])
    const window = auditor.renderer('w1')
    const target = container(auditor)
    const posts = termproxyPosts()
    for (const request of [
      { clusterId: 'ace-prod', target, kind: 'terminal' as const },
      {
        clusterId: 'ace-prod',
        target: { type: 'node' as const, node: target.node },
        kind: 'terminal' as const,
      },
    ]) {
      const refused = await window.api.consoleOpen(request)
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(termproxyPosts()).toBe(posts) // refused before asking PVE for anything

    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    // Chosen before the save: the saved cluster's new connection may have its rights before its first poll.
    const chosen = container(desk)
    const readOnly = await desk.renderer('w2').api.clusterSave({
      cluster: { ...desk.services.clusters.get('ace-prod'), readOnly: true },
    })
    expect(readOnly.ok).toBe(true)
    await vi.waitFor(() => expect(desk.connection('ace-prod').permissions).toBeDefined())
    await open(desk, desk.renderer('w2'), chosen)
  })

  it('a node shell as another user than root@pam says a login prompt comes, and shows it', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod', username: 'noc@pve' }])
    const window = desk.renderer('w1')
    const node = desk.connection('ace-prod').config.endpoints[0]?.node ?? 'km4-pve1'
    const info = await open(desk, window, { type: 'node', node })
    expect(info).toMatchObject({ user: 'noc@pve', notice: 'login_prompt' })
    const screen = await attachScreen(window, info.consoleId)
    await screen.until('login: ')
  })
})

describe('the record of console sessions', () => {
  it('has one record per connection with who, what, when and how it ended, and survives a torn line', async () => {
    const desk = await startConsoleDesk(fleet, [{ id: 'ace-prod' }])
    const window = desk.renderer('w1')
    const target = container(desk)
    const first = await open(desk, window, target)
    await window.api.consoleClose({ consoleId: first.consoleId })
    const lines = recordLines(desk.home)
    expect(lines).toHaveLength(2) // written when it opened, and again, complete, when it ended
    expect(lines[1]).toMatchObject({
      consoleId: first.consoleId,
      clusterId: 'ace-prod',
      clusterName: 'ace-prod',
      target,
      kind: 'terminal',
      pveUser: 'root@pam',
      localUser: userInfo().username,
      openedAt: first.openedAt,
      endReason: 'user',
    })
    expect(lines[1]?.connectedAt).toBeGreaterThanOrEqual(first.openedAt)
    expect(lines[1]?.endedAt).toBeGreaterThanOrEqual(lines[1]?.connectedAt ?? Infinity)
    // PVE Desk crashed in the middle of a line; the record goes on.
    appendFileSync(join(desk.home, RECORD_FILE), '{"consoleId":"torn","clusterId":"ace')
    const second = await open(desk, window, target)
    const history = await window.api.consoleHistory({})
    expect(history.ok && history.value.map((r) => [r.consoleId, r.endReason])).toEqual([
      [second.consoleId, undefined],
      [first.consoleId, 'user'],
    ])
    // Never what was typed or shown.
    expect(readFileSync(join(desk.home, RECORD_FILE), 'utf8')).not.toMatch(/# |login/)
  })
})
