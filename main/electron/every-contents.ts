/**
 * The rules apply to every web contents the app ever creates (our window, and anything that
 * slips past them), from its creation on, rather than to the one window we remember to set up.
 */
import { app } from 'electron';
import { denyNavigationAway } from './navigation';
import { denyNewWindows } from './new-windows';
import { denyPermissions } from './permissions';
import { denyWebviews } from './webviews';

/** Must run before the first window is created. */
export function secureEveryContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    denyNavigationAway(contents);
    denyNewWindows(contents);
    denyWebviews(contents);
    denyPermissions(contents.session);
  });
}
