import { beforeEach, describe, expect, it } from 'vitest'

import {
  clampHeight,
  DOCK_DEFAULT_HEIGHT,
  DOCK_MIN_HEIGHT,
  storedHeight,
  useTaskDock,
} from './task-dock-store'
import { revealTask } from './task-store'

describe('task dock store', () => {
  beforeEach(() => {
    window.localStorage.clear()
    useTaskDock.setState({ open: false, view: 'failed', filters: { user: 'alice@pve' }, shown: undefined })
  })

  it('reads a stored height edited by hand within bounds, or the default', () => {
    expect(storedHeight(null)).toBe(DOCK_DEFAULT_HEIGHT)
    expect(storedHeight('tall')).toBe(DOCK_DEFAULT_HEIGHT)
    expect(storedHeight('-50')).toBe(DOCK_MIN_HEIGHT)
    expect(storedHeight('1e12')).toBe(4_000)
    expect(storedHeight('333.4')).toBe(333)
  })

  it('keeps the height the user dragged, never below the minimum nor above the window’s share', () => {
    useTaskDock.getState().setHeight(10_000, 600)
    expect(useTaskDock.getState().height).toBe(600)
    expect(window.localStorage.getItem('pvedesk.taskDock.height')).toBe('600')
    useTaskDock.getState().setHeight(12, 600)
    expect(useTaskDock.getState().height).toBe(DOCK_MIN_HEIGHT)
    expect(clampHeight(500, 50)).toBe(DOCK_MIN_HEIGHT)
  })

  it('reveals a task: the dock opens on its log, the filters that could hide it lifted', () => {
    revealTask('c1', 'UPID:n1:00000001:00000001:000003E8:qmstart:100:root@pam:')
    const dock = useTaskDock.getState()
    expect(dock).toMatchObject({
      open: true,
      view: 'recent',
      filters: {},
      shown: { clusterId: 'c1', upid: 'UPID:n1:00000001:00000001:000003E8:qmstart:100:root@pam:' },
    })
    expect(window.localStorage.getItem('pvedesk.taskDock.open')).toBe('true')
  })

  it('sets and clears one filter without touching the others', () => {
    const dock = useTaskDock.getState()
    dock.setFilter('node', 'n1')
    expect(useTaskDock.getState().filters).toEqual({ user: 'alice@pve', node: 'n1' })
    dock.setFilter('user', '')
    expect(useTaskDock.getState().filters).toEqual({ node: 'n1' })
  })
})
