/**
 * The page's only door to the till: `window.till`, the TillBridge and nothing else. A sandboxed
 * preload cannot require our modules, so this file is bundled on its own (types only from ../api)
 * and the raw ipcRenderer never reaches the page; listeners get the message, not the IPC event.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TillBridge, TillEventMessage } from '../api';
import { TILL_CALL, TILL_EVENT } from './channels';

contextBridge.exposeInMainWorld('till', {
  call: (name, input) => ipcRenderer.invoke(TILL_CALL, name, input),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, message: TillEventMessage) => listener(message);
    ipcRenderer.on(TILL_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(TILL_EVENT, forward);
    };
  },
} satisfies TillBridge);
