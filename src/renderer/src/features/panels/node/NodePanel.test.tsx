import { MantineProvider } from '@mantine/core'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { NetworkInterface, SyslogPage } from '../../../../../shared/model/infra-panels'
import { initI18n } from '../../../i18n'
import { useTaskDock } from '../../../stores/task-dock-store'
import { taskFixture } from '../../tasks/test-tasks'
import { fakeCanvas } from '../charts/fake-canvas.testing'
import { resetPanelTabs } from '../panel-tab-store'
import { NodePanel } from './NodePanel'
import { FakeInfraMain } from './test-infra-main'

const iface = (name: string, type: string, patch: Partial<NetworkInterface> = {}): NetworkInterface => ({
  iface: name,
  type,
  active: true,
  autostart: true,
  members: [],
  ...patch,
})

const DAY = 86_400

function show(main: FakeInfraMain): void {
  window.pveDesk = main.api()
  render(
    <MantineProvider>
      <NodePanel clusterId="c1" node="km4-pve1" />
    </MantineProvider>,
  )
}

const openTab = (name: string): void => {
  fireEvent.click(screen.getByRole('tab', { name }))
}

describe('node panel', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  beforeEach(resetPanelTabs)
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('shows the network as a hierarchy read from the members: vmbr0 ← bond0 ← eno1, eno2, VLAN 20 on vmbr0', async () => {
    const main = new FakeInfraMain().answer('panelNodeNetwork', () => ({
      interfaces: [
        iface('eno1', 'eth'),
        iface('eno2', 'eth', { active: false }),
        iface('bond0', 'bond', { members: ['eno1', 'eno2'], bondMode: '802.3ad' }),
        iface('vmbr0', 'bridge', { members: ['bond0'], cidr: '10.0.0.11/24', gateway: '10.0.0.1' }),
        iface('vmbr0.20', 'vlan', { vlanId: 20, comments: '<script>alert(1)</script>' }),
      ],
    }))
    show(main)
    openTab('Réseau')
    const table = await screen.findByTestId('node-network')
    const rows = [...table.querySelectorAll('tbody tr')].map(
      (tr) => `${tr.getAttribute('data-depth')}:${tr.getAttribute('data-iface')}`,
    )
    expect(rows).toEqual(['0:vmbr0', '1:bond0', '2:eno1', '2:eno2', '1:vmbr0.20'])
    const bridge = within(table.querySelector('[data-iface="vmbr0"]') as HTMLElement)
    expect(bridge.getByText('10.0.0.11/24')).toBeTruthy()
    expect(bridge.getByText('ports : bond0')).toBeTruthy()
    expect(
      within(table.querySelector('[data-iface="bond0"]') as HTMLElement).getByText(/esclaves : eno1, eno2/),
    ).toBeTruthy()
    // A hostile comment is text, never markup.
    expect(table.querySelector('script')).toBeNull()
    expect(screen.getByText('<script>alert(1)</script>')).toBeTruthy()
    // The tab shown is the only one asking: the summary was left when the network tab opened.
    expect(main.called('panelNodeNetwork')).toEqual([{ clusterId: 'c1', node: 'km4-pve1' }])
  })

  it('colours certificates by days left: red under 15, orange under 30, green beyond, red once expired', async () => {
    const now = Date.now() / 1000
    const main = new FakeInfraMain().answer('panelNodeCertificates', () => ({
      certificates: [
        {
          filename: 'pve-ssl.pem',
          notBefore: now - 100 * DAY,
          notAfter: now + 10 * DAY + 60,
          san: ['km4-pve1'],
        },
        { filename: 'pveproxy-ssl.pem', notBefore: now - DAY, notAfter: now + 20 * DAY + 60, san: [] },
        { filename: 'pve-root-ca.pem', notBefore: now - DAY, notAfter: now + 3000 * DAY, san: [] },
        { filename: 'old.pem', notAfter: now - DAY, san: [] },
      ],
    }))
    show(main)
    openTab('Certificats')
    await screen.findByTestId('node-certificates')
    const tone = (file: string): string | null =>
      document.querySelector(`[data-certificate="${file}"]`)?.getAttribute('data-expiry') ?? null
    expect(tone('pve-ssl.pem')).toBe('critical')
    expect(tone('pveproxy-ssl.pem')).toBe('warning')
    expect(tone('pve-root-ca.pem')).toBe('ok')
    expect(tone('old.pem')).toBe('expired')
    expect(
      within(document.querySelector('[data-certificate="pve-ssl.pem"]') as HTMLElement).getByText(
        'expire dans 10 jours',
      ),
    ).toBeTruthy()
  })

  it('reads the syslog from its tail, then pages back and forth by the limit', async () => {
    const TOTAL = 1_234
    const page = (request: Record<string, unknown>): SyslogPage => {
      const start = Number(request.start)
      const limit = Number(request.limit)
      const lines = []
      for (let n = start + 1; n <= Math.min(start + limit, TOTAL); n++) lines.push({ n, t: `line ${n}` })
      return { lines, total: TOTAL }
    }
    const main = new FakeInfraMain().answer('panelNodeSyslog', page)
    show(main)
    openTab('Journal')
    await waitFor(() =>
      expect(screen.getByTestId('syslog-range').textContent).toBe('lignes 735–1234 sur 1234'),
    )
    const asked = (): [unknown, unknown][] => main.called('panelNodeSyslog').map((r) => [r.start, r.limit])
    // The total is known only from an answer: the first ask reads from 0, the next one the tail.
    expect(asked()).toEqual([
      [0, 500],
      [734, 500],
    ])
    expect(screen.getByRole('button', { name: 'Suivant' })).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Précédent' }))
    await waitFor(() =>
      expect(screen.getByTestId('syslog-range').textContent).toBe('lignes 235–734 sur 1234'),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Début' }))
    await waitFor(() => expect(screen.getByTestId('syslog-range').textContent).toBe('lignes 1–500 sur 1234'))
    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }))
    await waitFor(() =>
      expect(screen.getByTestId('syslog-range').textContent).toBe('lignes 501–1000 sur 1234'),
    )
    expect(asked().slice(2)).toEqual([
      [234, 500],
      [0, 500],
      [500, 500],
    ])
    // (The lines themselves are virtualized: happy-dom lays nothing out, the e2e spec reads them.)
  })

  it('opens a task’s log in the task dock on a click', async () => {
    const task = taskFixture({ node: 'km4-pve1', type: 'vzdump', id: '', vmid: undefined })
    const main = new FakeInfraMain().answer('panelNodeTasks', () => ({ tasks: [task] }))
    show(main)
    openTab('Tâches')
    const table = await screen.findByTestId('node-tasks')
    fireEvent.click(table.querySelector(`[data-upid="${task.upid}"]`) as HTMLElement)
    expect(useTaskDock.getState().open).toBe(true)
    expect(useTaskDock.getState().shown).toEqual({ clusterId: 'c1', upid: task.upid })
  })

  it('shows the load average with two decimals each, as PVE does, in the UI’s language', async () => {
    fakeCanvas()
    const main = new FakeInfraMain().answer('panelNodeSummary', () => ({
      status: { loadavg: [9.3, 8.37, 7] },
      rrd: { timeframe: 'hour', cf: 'AVERAGE', time: [], series: {} },
      packages: [],
      gaps: [],
    }))
    show(main)
    expect(await screen.findByText('9,30 / 8,37 / 7,00')).toBeTruthy()
  })

  it('keeps the last answer with its time when a refresh fails, and says the error', async () => {
    const main = new FakeInfraMain().answer('panelNodeDisks', () => ({
      disks: [{ devpath: '/dev/sda', model: 'SAMSUNG', health: 'PASSED', wearout: 96 }],
    }))
    show(main)
    openTab('Disques')
    await screen.findByTestId('node-disks')
    // PVE's wearout is the life left: 96 % left is 4 % used, as PVE's GUI says.
    expect(screen.getByText(/^4\s%\sutilisé$/)).toBeTruthy()
    main.fail('panelNodeDisks', { code: 'unreachable', message: 'connect ETIMEDOUT 10.0.0.11:8006' })
    fireEvent.click(screen.getByRole('button', { name: 'Actualiser' }))
    const stale = await screen.findByRole('status')
    expect(stale.textContent).toContain('connect ETIMEDOUT 10.0.0.11:8006')
    expect(screen.getByTestId('node-disks').textContent).toContain('SAMSUNG')
  })
})
