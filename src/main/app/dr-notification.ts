import { Notification } from 'electron'

import type { DrAlert } from '../../shared/model/dr'
import { drNotificationText } from './dr-notification-text'

/**
 * An OS notification for a DR alert the DrService lets through (raised ones, capped per minute: see
 * DrService.onNotify): the operator may not have the DR view open, or the window at all.
 */
export function notifyDrAlert(locale: string): (alert: DrAlert) => void {
  return (alert) => {
    if (!Notification.isSupported()) return
    new Notification(drNotificationText(alert, locale)).show()
  }
}
