import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { TillBridge, TillEventMessage } from '../../../main/api';
import { contextBridge, ipcRenderer } from '../../support/electron-stand-in';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

/** The preload against a stand-in contextBridge and ipcRenderer: what the page gets, exactly. */

let till: TillBridge;
beforeAll(async () => {
  await import('../../../main/electron/preload');
  till = contextBridge.exposed.get('till') as TillBridge;
});
afterEach(() => ipcRenderer.removeAllListeners());

it('exposes window.till and nothing else, with call and subscribe only', () => {
  expect([...contextBridge.exposed.keys()]).toEqual(['till']);
  expect(Object.keys(till).sort()).toEqual(['call', 'subscribe']);
});

it('call invokes till:call with the operation and its input, and returns the envelope', async () => {
  const envelope = { ok: true, value: { id: 1, name: 'Camille' } };
  ipcRenderer.answer = envelope;
  const result = await till.call('signIn', { userId: 1, pin: '1234' });
  expect(ipcRenderer.invoked.at(-1)).toEqual(['till:call', 'signIn', { userId: 1, pin: '1234' }]);
  expect(result).toEqual(envelope);
});

it('subscribe hands the listener the message alone, never the IPC event, until unsubscribed', () => {
  const heard: unknown[][] = [];
  const unsubscribe = till.subscribe((...args) => heard.push(args));
  const message: TillEventMessage = { event: 'signed_in', payload: { userId: 1 } };
  ipcRenderer.emit('till:event', { sender: ipcRenderer }, message);
  expect(heard).toEqual([[message]]);

  unsubscribe();
  ipcRenderer.emit('till:event', { sender: ipcRenderer }, message);
  expect(heard).toHaveLength(1);
  expect(ipcRenderer.listenerCount('till:event')).toBe(0);
});
