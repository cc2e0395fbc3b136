import { Notification } from 'electron'

import type { PveTask } from '../../shared/model/task'
import type { TaskAbout } from '../tasks/task-about'
import { taskNotificationText } from './task-notification-text'

/**
 * An OS notification when a task PVE Desk started ends (the window's toast says it too): the cluster, PVE's
 * worker type, the guest, the node, and PVE's own exit text, which is the reason of a failure.
 */
export function notifyTaskEnded(locale: string): (task: PveTask, about?: TaskAbout) => void {
  return (task, about) => {
    if (!Notification.isSupported()) return
    const text = taskNotificationText(task, locale, about)
    if (text !== undefined) new Notification(text).show()
  }
}
