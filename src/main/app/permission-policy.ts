import type { AppUrlCheck } from './origins'

/**
 * The one browser permission PVE Desk grants: full screen, for a VM's screen (noVNC's full-screen button calls
 * `requestFullscreen()`, which Electron routes through the permission handlers as `fullscreen`, and checks as
 * `automatic-fullscreen`; electron/electron#37719), and only to our own renderer. Everything else — camera,
 * microphone, notifications, clipboard reads, geolocation, HID, serial — stays refused.
 */
const GRANTED = new Set(['fullscreen', 'automatic-fullscreen'])

export function isPermissionGranted(
  permission: string,
  requestingUrl: string,
  isAppUrl: AppUrlCheck,
): boolean {
  return GRANTED.has(permission) && isAppUrl(requestingUrl)
}
