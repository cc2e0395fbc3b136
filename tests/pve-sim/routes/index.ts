// Every route the simulated pveproxy serves, in one table.

import { Router } from '../router'
import { ACCESS_ROUTES } from './access'
import { AGENT_ROUTES } from './agent'
import { CLUSTER_ROUTES } from './cluster'
import { CONSOLE_ROUTES } from './consoles'
import { GUEST_ACTION_ROUTES } from './guest-actions'
import { GUEST_ROUTES } from './guests'
import { INVENTORY_ROUTES } from './inventory'
import { NODE_ROUTES } from './nodes'
import { REPLICATION_CONFIG_ROUTES } from './replication-config'
import { STORAGE_ROUTES } from './storage'
import { TASK_ROUTES } from './tasks'

export const API_ROUTER = new Router([
  ...ACCESS_ROUTES,
  ...INVENTORY_ROUTES,
  ...GUEST_ACTION_ROUTES,
  ...GUEST_ROUTES,
  ...TASK_ROUTES,
  ...NODE_ROUTES,
  ...STORAGE_ROUTES,
  ...CLUSTER_ROUTES,
  ...REPLICATION_CONFIG_ROUTES,
  ...CONSOLE_ROUTES,
  ...AGENT_ROUTES,
])
