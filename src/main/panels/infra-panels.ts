// The node, cluster and storage panels' reads (what panel-service.ts calls), each in its room under infra/.

export { readCluster } from './infra/cluster'
export {
  readNodeCertificates,
  readNodeDisks,
  readNodeStorage,
  readNodeSyslog,
  readNodeTasks,
} from './infra/node-lists'
export { readNodeNetwork } from './infra/node-network'
export { readNodeSummary } from './infra/node-summary'
export { readStorage } from './infra/storage'
