import { Notification } from 'electron'

import type { CaptureFinished } from '../../shared/ipc/domains/inventory'

const WORDS = {
  en: {
    done: 'Inventory snapshot taken',
    doneBody: (name: string, guests: number) => `${name}: ${guests} guests`,
    failed: 'No inventory snapshot was taken',
  },
  fr: {
    done: 'Instantané d’inventaire écrit',
    doneBody: (name: string, guests: number) => `${name} : ${guests} invités`,
    failed: 'Aucun instantané d’inventaire n’a été écrit',
  },
} as const

/** An OS notification when a scheduled inventory snapshot ends (the window's toast says it too). */
export function notifyCaptureFinished(locale: string): (finished: CaptureFinished) => void {
  const words = locale.toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en
  return (finished) => {
    if (!Notification.isSupported()) return
    const notification = finished.ok
      ? new Notification({
          title: words.done,
          body: words.doneBody(finished.file.name, finished.summary.guests),
        })
      : new Notification({ title: words.failed, body: finished.error.message })
    notification.show()
  }
}
