/**
 * Proxmox VE task ids: `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:` (pve-common UPID.pm), with
 * hex fields, a possibly empty id, and the trailing colon. The node in the UPID is where its status and log live.
 */
export interface Upid {
  node: string
  pid: number
  pstart: number
  starttime: number
  type: string
  id: string
  user: string
}

const UPID_RE =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/

export function parseUpid(text: string): Upid | undefined {
  const m = UPID_RE.exec(text)
  if (m === null) return undefined
  const [, node = '', pid = '', pstart = '', starttime = '', type = '', id = '', user = ''] = m
  return {
    node,
    pid: parseInt(pid, 16),
    pstart: parseInt(pstart, 16),
    starttime: parseInt(starttime, 16),
    type,
    id,
    user,
  }
}

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0')

export function formatUpid(u: Upid): string {
  return `UPID:${u.node}:${hex(u.pid, 8)}:${hex(u.pstart, 8)}:${hex(u.starttime, 8)}:${u.type}:${u.id}:${u.user}:`
}
