import type { PveDeskApi } from '../../src/shared/ipc/api'
import type { DemoApp } from './fixtures'
import { expect, test } from './fixtures'
import { TasksPage } from './pages/tasks-page'

// Guests this spec changes and gives back as found: sandbox-debian (210, ace-prod, km4-pve2), stopped at start,
// is started from the details pane and stopped again through the control API; its backup is stopped half-way.
// The simulator's foreign tasks (POST /clusters/{id}/tasks) touch no guest.
const SANDBOX = { name: 'sandbox-debian', vmid: 210 }

const clusterId = (app: DemoApp): string => {
  const ace = app.simulator.find((c) => c.name === 'ace-prod')
  if (ace === undefined) throw new Error('no ace-prod in the simulator')
  return ace.id
}

/** A task started outside PVE Desk (another operator), through the simulator's control API: its UPID. */
async function foreignTask(app: DemoApp, spec: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${app.control}/clusters/${clusterId(app)}/tasks`, {
    method: 'POST',
    body: JSON.stringify(spec),
  })
  if (!res.ok) throw new Error(`control tasks: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { upid: string }
  return body.upid
}

test('a guest started from PVE Desk: running in the dock, then OK, its log, the tree row, a toast', async ({
  app,
  fleet,
  page,
}) => {
  const tasks = new TasksPage(page)
  const guest = fleet.guest(SANDBOX.name, SANDBOX.vmid)
  await expect(guest).toHaveAttribute('data-state', 'stopped')
  await guest.click()
  await page
    .getByRole('toolbar', { name: 'Actions' })
    .getByRole('button', { name: /^Démarrer/ })
    .click()

  await tasks.open()
  const row = tasks.row('210 sandbox-debian', 'VM : démarrage')
  await expect(row).toHaveAttribute('data-state', 'running')
  await expect(row).toHaveAttribute('data-mine', 'true')
  await expect(tasks.button).toHaveAccessibleName(/Tâches : \d+ en cours/)
  // The vmid first (a narrow column cuts a long name's end, never the vmid), every cell's whole text on hover.
  await expect(row.getByTestId('task-guest')).toHaveAttribute('title', 'sandbox-debian (210)')
  await fleet.screenshot('tasks-dock-table')
  await row.click()
  await expect(tasks.log.getByTestId('task-upid')).toContainText('km4-pve2')
  await expect(tasks.log.getByTestId('task-upid')).toContainText('VM : démarrage (qmstart)')
  await expect(tasks.log.getByTestId('task-upid')).toContainText('root@pam')

  await expect(row).toHaveAttribute('data-state', 'ok', { timeout: 15_000 })
  await expect(row.getByTestId('task-status')).toHaveText('OK')
  await expect(tasks.log.getByTestId('task-log-lines')).toContainText('TASK OK')
  await expect(guest).toHaveAttribute('data-state', 'running')
  const toast = tasks.toasts.filter({ hasText: 'sandbox-debian (210)' })
  await expect(toast).toHaveAttribute('data-outcome', 'ok')
  await expect(toast).toContainText('Terminée : VM : démarrage · sandbox-debian (210) · km4-pve2')
  await expect(tasks.announcer).toContainText('Terminée : VM : démarrage')
  await fleet.screenshot('tasks-dock')

  // Leave it as found.
  await app.simulate(`/clusters/${clusterId(app)}/guests/${SANDBOX.vmid}/status`, { status: 'stopped' })
  await expect(guest).toHaveAttribute('data-state', 'stopped')
})

test('a task started elsewhere appears; stopping it ends it with PVE’s exit text', async ({
  app,
  fleet,
  page,
}) => {
  const tasks = new TasksPage(page)
  // Ctrl+Shift+Y shows and hides the dock from anywhere.
  await fleet.tree.focus()
  await page.keyboard.press('Control+Shift+Y')
  await expect(tasks.table).toBeVisible()
  await expect(tasks.button).toHaveAttribute('aria-pressed', 'true')
  const upid = await foreignTask(app, { type: 'vzdump', node: 'km4-pve2', user: 'alice@pve', seconds: 600 })
  const row = tasks.row('alice@pve', 'Sauvegarde', 'km4-pve2')
  await expect(row).toHaveAttribute('data-state', 'running')
  await expect(row).toHaveAttribute('data-mine', 'false')
  await expect(row).toHaveAttribute('data-task-key', `${clusterId(app)}/${upid}`)

  // The filters narrow to it: user and status.
  await tasks.filter('Utilisateur', 'alice@pve')
  await tasks.view('En cours')
  await expect(tasks.row()).toHaveCount(1)

  await row.click()
  await expect(tasks.log.getByTestId('task-upid')).toContainText('alice@pve')
  await expect(tasks.log.getByTestId('task-upid')).toContainText(upid)
  await tasks.log.getByRole('button', { name: 'Arrêter' }).click()
  const confirm = page.getByRole('dialog', { name: 'Arrêter cette tâche ?' })
  await expect(confirm).toContainText('« Sauvegarde » sur le nœud km4-pve2 (site Km4, cluster ace-prod)')
  await fleet.screenshot('tasks-stop-confirm')
  await confirm.getByRole('button', { name: 'Arrêter la tâche' }).click()
  await expect(confirm).toBeHidden()

  // Stopped: gone from Running, in Failed with PVE's words.
  await expect(tasks.row()).toHaveCount(0)
  await tasks.view('En échec')
  await expect(row).toHaveAttribute('data-state', 'error')
  // The status is PVE's own exit text, the end of its log's last line.
  const exit = (await row.getByTestId('task-status').innerText()).trim()
  expect(exit).toMatch(/interrupt/)
  await expect(tasks.log.getByTestId('task-log-lines')).toContainText(`TASK ERROR: ${exit}`)
  await expect(tasks.log.getByTestId('task-log-status')).toHaveText(exit)
  await expect(tasks.log.getByRole('button', { name: 'Arrêter' })).toHaveCount(0)
})

test('a backup PVE Desk started and stopped half-way fails with its exit text in a toast; Show log', async ({
  app,
  fleet,
  page,
}) => {
  const tasks = new TasksPage(page)
  const ref = { clusterId: clusterId(app), vmid: SANDBOX.vmid }
  // Started through the bridge the UI uses (the backup dialog is the actions lane's to test).
  const started = await page.evaluate(async (guest) => {
    const api = (window as unknown as { pveDesk?: PveDeskApi }).pveDesk
    if (api === undefined) throw new Error('no bridge')
    const targets = await api.guestBackupTargets({ guest })
    if (!targets.ok || targets.value[0] === undefined) throw new Error('no backup storage')
    const action = {
      kind: 'backup',
      storage: targets.value[0].storage,
      mode: 'stop',
      compress: 'zstd',
    } as const
    const result = await api.guestAction({ guest, action })
    if (!result.ok || result.value.upid === null) throw new Error(JSON.stringify(result))
    return result.value.upid
  }, ref)

  await tasks.open()
  const row = tasks.dock.locator(`[data-task-key="${ref.clusterId}/${started}"]`)
  await expect(row).toHaveAttribute('data-state', 'running')
  await row.click()
  await expect(tasks.log.getByTestId('task-log-lines')).toContainText('INFO: Starting Backup of VM 210')
  await tasks.log.getByRole('button', { name: 'Arrêter' }).click()
  await page
    .getByRole('dialog', { name: 'Arrêter cette tâche ?' })
    .getByRole('button', { name: 'Arrêter la tâche' })
    .click()

  const toast = tasks.toasts.filter({ hasText: 'Sauvegarde · sandbox-debian (210)' })
  await expect(toast).toHaveAttribute('data-outcome', 'error')
  await expect(toast.getByTestId('task-toast-exit')).toHaveText('interrupted by signal')
  await expect(tasks.announcer).toContainText('Échec : Sauvegarde · sandbox-debian (210)')
  // Where, as the dock's rows say it.
  await expect(toast.getByTestId('task-toast-where')).toHaveText('Km4· ace-prod')
  await fleet.screenshot('tasks-failure-toast')
  // Bottom right, on the dock, off the tree; under any dialog (its overlay is what a click there reaches).
  const viewport = page.viewportSize()
  const [toastBox, dockBox] = [await toast.boundingBox(), await tasks.dock.boundingBox()]
  if (toastBox === null || dockBox === null || viewport === null) throw new Error('no boxes')
  expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(dockBox.y)
  expect(toastBox.x + toastBox.width).toBeGreaterThan(viewport.width - 40)
  await page.getByRole('button', { name: 'Clusters', exact: true }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  const onTop = await page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="task-toast"]') !== null,
    { x: toastBox.x + toastBox.width / 2, y: toastBox.y + toastBox.height / 2 },
  )
  expect(onTop).toBe(false)
  await fleet.screenshot('tasks-toast-under-dialog')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()

  // Show log: the dock on that task's log, even with the log closed and the dock hidden.
  await tasks.log.getByRole('button', { name: 'Fermer le journal' }).click()
  await tasks.dock.getByRole('button', { name: 'Masquer les tâches' }).click()
  await expect(tasks.table).toBeHidden()
  await toast.getByRole('button', { name: 'Voir le journal' }).click()
  await expect(toast).toBeHidden()
  await expect(tasks.log.getByTestId('task-log-lines')).toContainText('interrupted by signal')
  await expect(row).toHaveAttribute('aria-selected', 'true')
  await fleet.screenshot('tasks-log')
  // Leave it as found: a backup interrupted may leave its lock behind, as on PVE.
  await app.simulate(`/clusters/${ref.clusterId}/guests/${SANDBOX.vmid}/lock`, { lock: null })
})
