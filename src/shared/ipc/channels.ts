/**
 * Channel names alone, without their schemas: what the preload needs to build `window.pveDesk`. Kept apart
 * from `contract.ts` so that the sandboxed preload bundle stays tiny and free of the validation library; the
 * contract is checked against these lists at compile time.
 */
export const CHANNEL_PREFIX = 'pvedesk:'

export const INVOKE_CHANNELS = [
  'app:info',
  'app:health',
  'fleet:get',
  'cluster:refresh',
  'cluster:probe',
  'cluster:realms',
  'cluster:test',
  'cluster:save',
  'cluster:remove',
  'cluster:trust',
  'cluster:secret',
  'cluster:tfa',
] as const
export const EVENT_CHANNELS = [
  'fleet:delta',
  'cluster:status',
  'cluster:config',
  'cluster:permissions',
] as const

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]
export type EventChannel = (typeof EVENT_CHANNELS)[number]
