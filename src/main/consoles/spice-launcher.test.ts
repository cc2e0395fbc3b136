import { EventEmitter } from 'node:events'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { ViewerProcess } from './spice-launcher'
import { SpiceLauncher, vvFile } from './spice-launcher'

/** spiceproxy's answer as PVE gives it (AccessControl.pm `remote_viewer_config`), CA newlines escaped. */
const answer = {
  type: 'spice',
  title: 'VM 101 - web-1',
  host: 'pvespiceproxy:6750a1b2:101:km4-pve1::0123456789abcdef0123456789abcdef01234567',
  proxy: 'http://127.0.0.1:3128',
  'tls-port': 61101,
  password: 'a1b2c3',
  'host-subject': 'OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=km4-pve1',
  ca: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n',
  'delete-this-file': 1,
  'secure-attention': 'Ctrl+Alt+Ins',
}

const folder = (): string => mkdtempSync(join(tmpdir(), 'pvedesk-spice-test-'))

function viewerIn(dir: string): string {
  const file = join(dir, 'remote-viewer')
  writeFileSync(file, '#!/bin/sh\nexit 0\n')
  chmodSync(file, 0o755)
  return file
}

/** A child process that "starts" at once and exits when told. */
class FakeChild extends EventEmitter implements ViewerProcess {
  unref(): void {}
  exit(): void {
    this.emit('exit', 0, null)
  }
}
function fakeChild(): FakeChild {
  const child = new FakeChild()
  queueMicrotask(() => child.emit('spawn'))
  return child
}

describe('the .vv file', () => {
  it('is PVE’s fields as [virt-viewer] key=value lines, in order, as the GUI writes them', () => {
    const text = vvFile(answer)
    const lines = text.split('\n')
    expect(lines[0]).toBe('[virt-viewer]')
    expect(lines).toContain('tls-port=61101')
    expect(lines).toContain('delete-this-file=1')
    expect(lines).toContain('ca=-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n')
    expect(lines).toHaveLength(Object.keys(answer).length + 2)
  })

  it('refuses an answer that would slip settings of its own into the file', () => {
    expect(() => vvFile({ ...answer, title: 'x\nproxy=http://evil:3128' })).toThrow(/cannot take: title/)
    expect(() => vvFile({ ...answer, ca: { a: 1 } })).toThrow(/cannot take: ca/)
    expect(() => vvFile('no')).toThrow(/viewer settings/)
  })
})

describe('a hostile node’s answer', () => {
  it('never gets a setting PVE does not send into the file: USB redirection, auto-share, update URL, plain port', () => {
    const smuggled = {
      ...answer,
      'enable-usbredir': 1,
      'enable-usb-autoshare': 1,
      'usb-filter': '-1,-1,-1,-1,1',
      'newer-version-url': 'http://evil.example/',
      'secure-channels': '',
      versions: 'linux:0',
      port: 5900,
      'enable-smartcard': 1,
      'bad key=': 'x',
      nested: { a: 1 },
    }
    const text = vvFile(smuggled)
    const keys = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(0, line.indexOf('=')))
    expect(keys).toEqual(Object.keys(answer))
    expect(text).toBe(vvFile(answer))
    for (const word of ['usb', 'newer-version', 'secure-channels', 'versions', 'port=5900', 'smartcard'])
      expect(text).not.toContain(word)
  })

  it('keeps every setting of PVE’s remote_viewer_config', () => {
    const all = {
      ...answer,
      'toggle-fullscreen': 'Shift+F11',
      'release-cursor': 'Ctrl+Alt+R',
    }
    expect(vvFile(all).trimEnd().split('\n')).toHaveLength(Object.keys(all).length + 1)
  })
})

describe('finding remote-viewer', () => {
  it('finds it on PATH, as an absolute path', async () => {
    const dir = folder()
    const viewer = viewerIn(dir)
    const launcher = new SpiceLauncher({ env: () => ({ PATH: `/nonexistent${delimiter}${dir}` }) })
    expect(await launcher.findViewer()).toBe(viewer)
  })

  it('says what to install when it is not there', async () => {
    const launcher = new SpiceLauncher({ env: () => ({ PATH: folder() }) })
    await expect(launcher.findViewer()).rejects.toMatchObject({
      code: 'viewer_missing',
      detail: { program: 'remote-viewer', package: 'virt-viewer' },
    })
  })

  it('never runs one from a relative PATH entry (the folder PVE Desk happens to be started in)', async () => {
    const dir = join(folder(), 'bin')
    mkdirSync(dir)
    viewerIn(dir)
    const launcher = new SpiceLauncher({
      env: () => ({ PATH: `${relative(process.cwd(), dir)}${delimiter}.` }),
    })
    await expect(launcher.findViewer()).rejects.toMatchObject({ code: 'viewer_missing' })
  })

  it('skips a file that is not executable', async () => {
    const dir = folder()
    writeFileSync(join(dir, 'remote-viewer'), 'not a program', { mode: 0o644 })
    const launcher = new SpiceLauncher({ env: () => ({ PATH: dir }) })
    await expect(launcher.findViewer()).rejects.toMatchObject({ code: 'viewer_missing' })
  })
})

describe('launching', () => {
  it('writes the file 0600 in a 0700 folder of its own, starts the viewer detached on it, and removes it when it exits', async () => {
    const base = folder()
    let seen: { command: string; args: readonly string[]; detached: unknown; stdio: unknown } | undefined
    let child: FakeChild | undefined
    let modes: { file: number; dir: number; content: string } | undefined
    const launcher = new SpiceLauncher({
      tmpdir: base,
      removeAfterMs: 60_000,
      spawn: (command, args, options) => {
        seen = { command, args, detached: options.detached, stdio: options.stdio }
        const file = args[0] as string
        modes = {
          file: statSync(file).mode & 0o777,
          dir: statSync(join(file, '..')).mode & 0o777,
          content: readFileSync(file, 'utf8'),
        }
        child = fakeChild()
        return child
      },
    })
    await launcher.launch('/usr/bin/remote-viewer', answer)
    expect(seen).toMatchObject({ command: '/usr/bin/remote-viewer', detached: true, stdio: 'ignore' })
    expect(modes).toEqual({ file: 0o600, dir: 0o700, content: vvFile(answer) })
    const [dir] = launcher.pendingFolders
    expect(dir?.startsWith(base)).toBe(true)
    child?.exit()
    expect(launcher.pendingFolders).toEqual([])
    expect(existsSync(dir ?? '')).toBe(false)
    launcher.dispose()
  })

  it('removes the folder at the latest after its deadline', async () => {
    const deadlines: { run: () => void; ms: number; cancelled: boolean }[] = []
    const launcher = new SpiceLauncher({
      tmpdir: folder(),
      removeAfterMs: 5_000,
      spawn: () => fakeChild(),
      schedule: (run, ms) => {
        const deadline = { run, ms, cancelled: false }
        deadlines.push(deadline)
        return { dispose: () => (deadline.cancelled = true) }
      },
    })
    await launcher.launch('/usr/bin/remote-viewer', answer)
    const [dir] = launcher.pendingFolders
    expect(existsSync(dir ?? '')).toBe(true)
    expect(deadlines.map((d) => d.ms)).toEqual([5_000])
    deadlines[0]?.run()
    expect(existsSync(dir ?? '')).toBe(false)
    expect(launcher.pendingFolders).toEqual([])
    expect(deadlines[0]?.cancelled).toBe(true)
    launcher.dispose()
  })

  it('leaves no folder behind when disposed, or when the viewer cannot start', async () => {
    const base = folder()
    const launcher = new SpiceLauncher({ tmpdir: base, spawn: () => fakeChild() })
    await launcher.launch('/usr/bin/remote-viewer', answer)
    const [dir] = launcher.pendingFolders
    launcher.dispose()
    expect(existsSync(dir ?? '')).toBe(false)

    const failing = new SpiceLauncher({
      tmpdir: base,
      spawn: () => {
        const child = new FakeChild()
        queueMicrotask(() =>
          child.emit('error', Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' })),
        )
        return child
      },
    })
    await expect(failing.launch('/gone/remote-viewer', answer)).rejects.toMatchObject({
      code: 'viewer_missing',
    })
    expect(failing.pendingFolders).toEqual([])
    failing.dispose()
  })
})

describe('how many viewers start', () => {
  const launcherAt = (clock: { now: number }, maxLaunches?: number): SpiceLauncher =>
    new SpiceLauncher({
      now: () => clock.now,
      cooldownMs: 2_000,
      ...(maxLaunches === undefined ? {} : { maxLaunches }),
    })
  const busy = { code: 'conflict', detail: { reason: 'spice_busy' } }

  it('one launch at a time per guest: a second one while the first is under way is refused', () => {
    const clock = { now: 0 }
    const launcher = launcherAt(clock)
    const first = launcher.reserve('ace-prod/qemu/101')
    expect(() => launcher.reserve('ace-prod/qemu/101')).toThrow(expect.objectContaining(busy) as Error)
    // Another guest is not held back by it.
    launcher.reserve('ace-prod/qemu/102').release(false)
    first.release(false)
    // It failed (PVE refused, no viewer): trying again at once is fine.
    launcher.reserve('ace-prod/qemu/101').release(true)
  })

  it('after a viewer started for a guest, another one for it waits the cool-down', () => {
    const clock = { now: 10_000 }
    const launcher = launcherAt(clock)
    launcher.reserve('g').release(true)
    clock.now += 1_999
    expect(() => launcher.reserve('g')).toThrow(expect.objectContaining(busy) as Error)
    clock.now += 1
    expect(() => launcher.reserve('g').release(true)).not.toThrow()
  })

  it('at most a few launches under way in the app, whatever the guests: a renderer cannot start a hundred', () => {
    const launcher = launcherAt({ now: 0 })
    const slots = [1, 2, 3, 4].map((n) => launcher.reserve(`g${n}`))
    let refused = 0
    for (let n = 5; n <= 100; n++) {
      try {
        launcher.reserve(`g${n}`)
      } catch (error) {
        expect(error).toMatchObject(busy)
        refused++
      }
    }
    expect(refused).toBe(96)
    slots[0]?.release(true)
    launcher.reserve('g5').release(false)
    slots[0]?.release(true) // twice: nothing more is freed
    for (const slot of slots.slice(1)) slot.release(false)
    expect([6, 7, 8, 9].map((n) => launcher.reserve(`g${n}`))).toHaveLength(4)
    expect(() => launcher.reserve('g10')).toThrow(expect.objectContaining(busy) as Error)
  })
})
