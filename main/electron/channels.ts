/** The two IPC channels between the preload and the main process, named once for both. */
export const TILL_CALL = 'till:call';
export const TILL_EVENT = 'till:event';
