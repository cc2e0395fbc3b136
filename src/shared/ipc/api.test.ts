import { describe, expect, it } from 'vitest'

import type { BridgeTransport } from './api'
import { buildPveDeskApi } from './api'
import type { EventChannel } from './contract'
import { channelManifest, EVENT_CHANNELS, eventContract, INVOKE_CHANNELS, invokeContract } from './contract'

function fakeTransport(): BridgeTransport & { log: string[]; emit: (e: EventChannel, p: unknown) => void } {
  let handler: (e: string, p: unknown) => void = () => undefined
  const log: string[] = []
  return {
    log,
    emit: (e, p) => {
      handler(e, p)
    },
    invoke: (channel, request, cancellation) => {
      log.push(`invoke ${channel} ${JSON.stringify(request)}${cancellation ? ' cancellable' : ''}`)
      cancellation?.(() => log.push(`cancel ${channel}`))
      return Promise.resolve({ ok: true, value: null })
    },
    openStream: () => Promise.resolve({ ok: false, error: { code: 'internal', message: 'no streams here' } }),
    subscribe: (event) => {
      log.push(`subscribe ${event}`)
    },
    unsubscribe: (event) => {
      log.push(`unsubscribe ${event}`)
    },
    onEvent: (h) => {
      handler = h
    },
  }
}

describe('window.pveDesk built from the contract', () => {
  it('lists exactly the channels the contract defines', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual(Object.keys(invokeContract).sort())
    expect([...EVENT_CHANNELS].sort()).toEqual(Object.keys(eventContract).sort())
  })

  it('has one named method per channel and no generic invoke', () => {
    const api = buildPveDeskApi(fakeTransport(), channelManifest)
    expect(Object.keys(api).sort()).toEqual(
      [
        'appHealth',
        'appInfo',
        'clusterProbe',
        'clusterRealms',
        'clusterRefresh',
        'clusterRemove',
        'clusterSave',
        'clusterSecret',
        'clusterTest',
        'clusterTfa',
        'clusterTrust',
        'consoleClose',
        'consoleHistory',
        'consoleList',
        'consoleOpen',
        'consoleReconnect',
        'consoleSpice',
        'drClearHistory',
        'drHistory',
        'drRefresh',
        'drReport',
        'drSetTargets',
        'drTargets',
        'fleetGet',
        'inventoryCancel',
        'inventoryCapture',
        'inventoryClose',
        'inventoryDetails',
        'inventoryDiff',
        'inventoryExport',
        'inventoryFiles',
        'inventoryKey',
        'inventoryOpen',
        'inventoryPick',
        'inventorySchedule',
        'inventorySetSchedule',
        'onInventoryCaptured',
        'onInventoryProgress',
        'openInventoryUpload',
        'onClusterConfig',
        'onClusterPermissions',
        'onClusterStatus',
        'onDrAlert',
        'onDrChanged',
        'onConsoleChanged',
        'onFleetDelta',
        'openConsoleAttach',
        'guestAction',
        'guestMigrateCheck',
        'guestBackupTargets',
        'guestSnapshots',
        'guestPreferences',
        'guestSetPreferences',
        'bulkPlan',
        'bulkRun',
        'bulkCancel',
        'bulkList',
        'onBulkProgress',
        'taskList',
        'taskLog',
        'taskStop',
        'onTaskDelta',
        'onTaskEnded',
        'panelGuestSummary',
        'panelGuestConfig',
        'panelGuestBackups',
        'panelGuestReplication',
        'panelGuestHa',
        'panelGuestFirewall',
        'panelGuestTasks',
        'panelNodeSummary',
        'panelNodeNetwork',
        'panelNodeStorage',
        'panelNodeDisks',
        'panelNodeCertificates',
        'panelNodeSyslog',
        'panelNodeTasks',
        'panelCluster',
        'panelStorage',
        'workspaceGet',
        'workspaceSet',
      ].sort(),
    )
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true)
    expect('invoke' in api).toBe(false)
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('forwards calls to their channel', async () => {
    const transport = fakeTransport()
    await buildPveDeskApi(transport, channelManifest).clusterRefresh({ clusterId: 'ace-prod' })
    expect(transport.log).toEqual(['invoke cluster:refresh {"clusterId":"ace-prod"}'])
  })

  it('hands a cancellable call its cancel function, and lets go of the caller when the call is over', async () => {
    const transport = fakeTransport()
    const api = buildPveDeskApi(transport, channelManifest)
    const steps: string[] = []
    await api.clusterTest({ cluster: { id: 'c' } } as never, {
      cancellation: (cancel) => {
        steps.push('given')
        cancel()
        return () => steps.push('released')
      },
    })
    expect(transport.log).toEqual([
      'invoke cluster:test {"cluster":{"id":"c"}} cancellable',
      'cancel cluster:test',
    ])
    expect(steps).toEqual(['given', 'released'])
  })

  it('subscribes once per event however many listeners, and unsubscribes with the last one', () => {
    const transport = fakeTransport()
    const api = buildPveDeskApi(transport, channelManifest)
    const seen: unknown[] = []
    const stopA = api.onClusterStatus((s) => seen.push(['a', s]))
    const stopB = api.onClusterStatus((s) => seen.push(['b', s]))
    transport.emit('cluster:status', 1)
    stopA()
    stopA()
    transport.emit('cluster:status', 2)
    stopB()
    transport.emit('cluster:status', 3)
    expect(seen).toEqual([
      ['a', 1],
      ['b', 1],
      ['b', 2],
    ])
    expect(transport.log).toEqual(['subscribe cluster:status', 'unsubscribe cluster:status'])
  })
})
