import { MantineProvider } from '@mantine/core'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { ClusterPanel as ClusterPanelAnswer } from '../../../../../shared/model/infra-panels'
import { initI18n } from '../../../i18n'
import { FakeInfraMain } from '../node/test-infra-main'
import { ClusterPanel } from './ClusterPanel'

const answer = (versions: Record<string, string>, quorate = true): ClusterPanelAnswer => ({
  clusterName: 'oci',
  quorate,
  configVersion: 7,
  nodes: Object.entries(versions).map(([name, version], i) => ({
    name,
    online: true,
    nodeid: i + 1,
    ip: `10.0.0.${11 + i}`,
    version,
    site: name.startsWith('km4') ? 'Km4' : 'Vitib',
  })),
  mixedVersions: new Set(Object.values(versions)).size > 1,
  ha: {
    quorum: 'OK',
    master: { node: 'km4-pve1', state: 'active' },
    lrm: [{ node: 'km4-pve1', state: 'active' }],
    resources: 2,
  },
  totals: {
    nodes: 3,
    nodesOnline: 3,
    guests: 12,
    running: 9,
    cpu: 0.25,
    maxcpu: 64,
    mem: 2 ** 35,
    maxmem: 2 ** 37,
  },
  gaps: [],
})

function show(value: ClusterPanelAnswer | undefined, connected = true): FakeInfraMain {
  const main = new FakeInfraMain()
  if (value === undefined) main.fail('panelCluster', { code: 'unreachable', message: 'connect ECONNREFUSED' })
  else main.answer('panelCluster', () => value)
  window.pveDesk = main.api()
  render(
    <MantineProvider>
      <ClusterPanel clusterId="c1" connected={connected} />
    </MantineProvider>,
  )
  return main
}

describe('cluster panel', () => {
  beforeAll(async () => {
    await initI18n('fr-FR')
  })
  afterEach(() => {
    cleanup()
    delete window.pveDesk
  })

  it('flags mixed versions, naming each version’s nodes, newest first', async () => {
    show(answer({ 'km4-pve1': '9.1.2', 'vitib-pve1': '9.0.11', 'km4-pve2': '9.1.2' }))
    const flag = await screen.findByTestId('cluster-mixed-versions')
    expect(flag.textContent).toBe('Versions mêlées : 9.1.2 sur km4-pve1, km4-pve2 ; 9.0.11 sur vitib-pve1')
    expect(screen.getByTestId('cluster-quorum').textContent).toBe('Quorum atteint')
    expect(screen.getByText('9 en marche sur 12')).toBeTruthy()
  })

  it('says nothing of versions when every node runs the same, and says a lost quorum', async () => {
    const main = show(answer({ 'km4-pve1': '9.1.2', 'km4-pve2': '9.1.2' }, false))
    expect((await screen.findByTestId('cluster-quorum')).textContent).toBe('Pas de quorum')
    expect(screen.queryByTestId('cluster-mixed-versions')).toBeNull()
    expect(main.called('panelCluster')).toEqual([{ clusterId: 'c1' }])
  })

  it('adds no second refusal under the cluster’s own error while it does not answer', async () => {
    // Connected, the refusal shows (so the check below waits long enough to see one).
    show(undefined, true)
    expect(await screen.findByText('connect ECONNREFUSED')).toBeTruthy()
    cleanup()
    const main = show(undefined, false)
    await waitFor(() => expect(main.called('panelCluster')).toHaveLength(1))
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
    expect(screen.queryByTestId('cluster-panel')).toBeNull()
    expect(screen.queryByText('connect ECONNREFUSED')).toBeNull()
  })
})
