/**
 * The TillApi over IPC. Only the main frame of our window, showing app://till/, may call: an
 * iframe, a page navigated elsewhere or another window gets a refusal and nothing runs. The name
 * must be an operation and the input is validated by `invoke()`. Results cross as the TillResult
 * envelope, since an Error thrown through `invoke` arrives without its code and values.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { invoke, isOperation, type TillEventMessage, type TillResult } from '../api';
import type { RunningTill } from '../index';
import { TILL_CALL, TILL_EVENT } from './channels';
import { isTrustedUrl } from './trusted-url';

function refusal(code: string, message: string): TillResult<never> {
  return { ok: false, error: { code, message, values: {} } };
}

function fromOurPage(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return (
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame !== null &&
    frame.parent === null &&
    isTrustedUrl(frame.url)
  );
}

export interface TillIpc {
  /** Sends an event to the window's page (nothing once the window is gone). */
  send(message: TillEventMessage): void;
  stop(): void;
}

export function serveTillIpc(running: RunningTill, window: BrowserWindow): TillIpc {
  const send = (message: TillEventMessage) => {
    if (!window.isDestroyed()) window.webContents.send(TILL_EVENT, message);
  };
  ipcMain.handle(
    TILL_CALL,
    async (event, name: unknown, input: unknown): Promise<TillResult<unknown>> => {
      if (!fromOurPage(event, window)) {
        return refusal('ipc.sender', 'Only the till’s own screen may call the till.');
      }
      if (typeof name !== 'string' || !isOperation(name)) {
        return refusal('ipc.unknown_operation', `The till has no operation ${String(name)}.`);
      }
      return invoke(running, name, input ?? {});
    },
  );
  return { send, stop: () => ipcMain.removeHandler(TILL_CALL) };
}
