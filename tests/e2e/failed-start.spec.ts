import type { Page, WebSocketRoute } from '@playwright/test'

import { expect, test } from './fixtures'

// The real renderer, bridge and host; only the bridge's socket is routed through Playwright, so that the host's
// answer to the start's `fleet:get` can be turned into the failure main would send, or the host can vanish.

/** Routes the bridge's socket to the real host; `onFleetGet` decides what becomes of each `fleet:get`. */
async function routeBridge(
  page: Page,
  onFleetGet: (page: WebSocketRoute, server: WebSocketRoute, id: number, message: string) => void,
): Promise<void> {
  await page.routeWebSocket(/\/__pvedesk\/ipc$/, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString()
      const parsed = JSON.parse(text) as { t?: string; id?: number; channel?: string }
      if (parsed.t === 'invoke' && parsed.channel === 'fleet:get' && parsed.id !== undefined) {
        onFleetGet(ws, server, parsed.id, text)
      } else server.send(message)
    })
  })
}

const failure = (id: number, code: string, message: string): string =>
  JSON.stringify({ t: 'result', id, result: { ok: false, error: { code, message } } })

test.describe('a start that fails', () => {
  test('shows why, in French, and Retry starts the app', async ({ page, app }) => {
    let calls = 0
    await routeBridge(page, (ws, server, id, message) => {
      calls++
      if (calls === 1) ws.send(failure(id, 'timeout', 'fleet:get did not answer within 30 s'))
      else server.send(message)
    })
    await page.goto(app.url)
    const screen = page.getByRole('alert', { name: 'PVE Desk n’a pas pu démarrer' })
    await expect(screen).toBeVisible()
    await expect(screen).toContainText('Les services de l’application n’ont pas répondu à temps.')
    await expect(screen).toContainText('fleet:get did not answer within 30 s')
    await expect(page.getByText('Connexion aux clusters…')).toHaveCount(0)
    await page.screenshot({ path: 'test-results/failed-start.png' })
    await page.getByRole('button', { name: 'Réessayer' }).click()
    await expect(page.locator('main[data-ready="true"]')).toBeVisible()
    await expect(page.getByRole('tree').getByRole('treeitem', { name: /^Site Km4/ })).toBeVisible()
    expect(calls).toBe(2)
  })

  test('says the app’s services do not answer when the host goes away during the start', async ({
    page,
    app,
  }) => {
    await routeBridge(page, (ws) => {
      void ws.close()
    })
    await page.goto(app.url)
    const screen = page.getByRole('alert', { name: 'PVE Desk n’a pas pu démarrer' })
    await expect(screen).toContainText('Les services de l’application ne répondent pas.')
    await expect(page.getByRole('button', { name: 'Réessayer' })).toBeVisible()
  })
})
