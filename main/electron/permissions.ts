/**
 * The screens need no camera, microphone, notification, geolocation, clipboard reading, HID,
 * serial or USB device: the devices belong to the main process. Every request is refused and
 * every check says no, so nothing is granted silently either.
 */
import type { Session } from 'electron';

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
