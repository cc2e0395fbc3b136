import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { _electron as electron, expect, test } from '@playwright/test'

import { electronBinary } from '../../scripts/electron-path'

/**
 * The same app inside a real Electron, where one exists: `ELECTRON_OVERRIDE_DIST_PATH` pointing at an unpacked
 * Electron (the binary cannot be downloaded on every machine). Skipped, saying so, everywhere else.
 */
test.describe('inside Electron', () => {
  test('opens a hardened window whose renderer has window.pveDesk and no Node', async () => {
    const executablePath = electronBinary()
    test.skip(
      executablePath === undefined,
      'SKIPPED: no Electron binary (set ELECTRON_OVERRIDE_DIST_PATH to run)',
    )
    // The demo's composition (out/main/demo-electron.js, the same Electron app as the shipped one): a throw-away
    // home and an in-memory vault, so the test never touches the machine's settings or keychain.
    const env = { ...process.env, PVEDESK_HOME: mkdtempSync(join(tmpdir(), 'pvedesk-electron-')) }
    const app = await electron.launch({
      executablePath,
      args: ['out/main/demo-electron.js', '--no-sandbox'],
      env,
    })
    try {
      const page = await app.firstWindow()
      await expect(page.locator('main[data-ready="true"]')).toBeVisible()
      const probe = await page.evaluate(async () => {
        // Runs in the renderer: globalThis is its window.
        const w = globalThis as unknown as {
          pveDesk: { appInfo(request: object): Promise<{ ok: boolean; value: { host: string } }> }
        }
        const info = await w.pveDesk.appInfo({})
        return {
          host: info.value.host,
          hasProcess: 'process' in globalThis,
          hasRequire: 'require' in globalThis,
        }
      })
      expect(probe).toEqual({ host: 'electron', hasProcess: false, hasRequire: false })
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const web = BrowserWindow.getAllWindows()[0]?.webContents
        return web === undefined ? undefined : { url: web.getURL() }
      })
      expect(prefs?.url).toMatch(/^app:\/\/pvedesk\//)
    } finally {
      await app.close()
    }
  })

  test('the shipped entry ignores PVEDESK_VAULT=memory and keeps to the OS keychain', async () => {
    const executablePath = electronBinary()
    test.skip(
      executablePath === undefined,
      'SKIPPED: no Electron binary (set ELECTRON_OVERRIDE_DIST_PATH to run)',
    )
    const env = {
      ...process.env,
      PVEDESK_HOME: mkdtempSync(join(tmpdir(), 'pvedesk-electron-')),
      PVEDESK_VAULT: 'memory',
      // No Secret Service: the OS keychain says it is unavailable, where a memory vault would always say yes.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/pvedesk-test-bus',
    }
    const app = await electron.launch({ executablePath, args: ['.', '--no-sandbox'], env })
    try {
      const page = await app.firstWindow()
      await expect(page.locator('main[data-ready="true"]')).toBeVisible()
      const keychain = await page.evaluate(async () => {
        const w = globalThis as unknown as {
          pveDesk: {
            appHealth(request: object): Promise<{ ok: boolean; value: { keychain: { available: boolean } } }>
          }
        }
        return (await w.pveDesk.appHealth({})).value.keychain
      })
      expect(keychain.available).toBe(false)
    } finally {
      await app.close()
    }
  })
})
