import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { PveDeskApi } from '../../../shared/ipc/api'
import type { Result } from '../../../shared/ipc/errors'
import type { FleetState } from '../../../shared/model/fleet'
import { clusterStateFixture } from '../test-fixtures'
import { refreshCluster, startApp, stopApp } from './actions'
import { useAppStore } from './app-store'
import { useFleetStore } from './fleet-store'

const fleet: FleetState = {
  clusters: [clusterStateFixture('c1', [], { seq: 3, summary: { name: 'ACE', defaultSite: 'Km4' } })],
}
const unreachable: Result<never> = {
  ok: false,
  error: { code: 'unreachable', message: 'the PVE Desk host closed the connection' },
}

/** A bridge whose answers the test chooses; listeners count subscriptions. */
function bridge(fleetGet: () => Promise<Result<FleetState>>): {
  api: PveDeskApi
  subscriptions: () => number
} {
  let subscriptions = 0
  const listen = (): (() => void) => {
    subscriptions++
    return () => undefined
  }
  const api = {
    appInfo: () => Promise.resolve({ ok: true, value: { version: '1', locale: 'fr-FR', host: 'browser' } }),
    appHealth: () => Promise.resolve({ ok: true, value: { keychain: { available: true }, home: '/tmp' } }),
    fleetGet,
    clusterRefresh: vi.fn(() => Promise.resolve(unreachable)),
    onFleetDelta: listen,
    onClusterStatus: listen,
    onClusterConfig: listen,
    onClusterPermissions: listen,
  }
  // The stub implements only what these actions call; the rest of the API is never reached.
  return { api: api as unknown as PveDeskApi, subscriptions: () => subscriptions }
}

describe('store actions', () => {
  beforeEach(() => {
    useAppStore.setState({ startup: { state: 'starting' }, health: undefined, failure: undefined })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
  })
  afterEach(() => {
    stopApp()
    delete window.pveDesk
  })

  it('shows a failed start when fleet:get fails, and starts on retry without subscribing twice', async () => {
    const fleetGet = vi
      .fn<() => Promise<Result<FleetState>>>()
      .mockResolvedValueOnce(unreachable)
      .mockResolvedValueOnce({ ok: true, value: fleet })
    const { api, subscriptions } = bridge(fleetGet)
    window.pveDesk = api
    await startApp()
    expect(useAppStore.getState().startup).toEqual({ state: 'failed', error: unreachable.error })
    expect(useFleetStore.getState().loaded).toBe(false)
    await startApp()
    expect(useAppStore.getState().startup.state).toBe('ready')
    expect(useFleetStore.getState().clusters.c1?.summary.name).toBe('ACE')
    expect(useAppStore.getState().health?.keychain.available).toBe(true)
    expect(subscriptions()).toBe(4)
  })

  it('fails the start, not hangs, when there is no bridge or it throws', async () => {
    await startApp()
    expect(useAppStore.getState().startup).toMatchObject({ state: 'failed', error: { code: 'internal' } })
    window.pveDesk = bridge(() => Promise.reject(new Error('socket gone'))).api
    await startApp()
    expect(useAppStore.getState().startup).toMatchObject({
      state: 'failed',
      error: { code: 'internal', message: 'socket gone' },
    })
  })

  it('records a failed action once, with what was being done', async () => {
    const { api } = bridge(() => Promise.resolve({ ok: true, value: fleet }))
    window.pveDesk = api
    await refreshCluster('c1')
    expect(api.clusterRefresh).toHaveBeenCalledWith({ clusterId: 'c1' })
    expect(useAppStore.getState().failure).toEqual({ action: 'refresh', error: unreachable.error })
  })
})
