import { StatusBar, type StatusItem } from '../../components/StatusBar';
import { useWords, type ScreenKey } from '../../i18n';
import { useTill } from '../../store/context';
import type { DeviceStatusView } from '../../bridge/types';
import type { SyncStatusView } from '../../store/status';
import type { ReactNode } from 'react';

const DEVICE_TONE: Readonly<Record<DeviceStatusView['state'], StatusItem['tone']>> = {
  connected: 'ok',
  connecting: 'warning',
  offline: 'error',
  paper_near_end: 'warning',
  paper_out: 'error',
  cover_open: 'error',
  drawer_open: 'ok',
  disabled: 'muted',
};

export function Status({ actions }: { actions?: ReactNode }) {
  const { t } = useWords();
  const devices = useTill('status', (state) => state.devices);
  const sync = useTill('status', (state) => state.sync);
  const printQueue = useTill('status', (state) => state.printQueue);
  const user = useTill('auth', (state) => state.user);
  const named = useTill('auth', (state) => state.settings?.tillName ?? '');
  // The default name ("Till 1", "Till 2"…) in the language on screen; a coop's own name as it is.
  const numbered = /^Till (\d+)$/.exec(named);
  const tillName = numbered ? t('status.tillNumber', { number: Number(numbered[1]) }) : named;

  const items: StatusItem[] = devices
    .filter((device) => device.state !== 'disabled')
    .map((device) => ({
      id: device.device,
      tone: DEVICE_TONE[device.state],
      text: t('status.device', {
        device: t(`device.${device.device}` as ScreenKey),
        state: t(`deviceState.${device.state}` as ScreenKey),
      }),
    }));
  if (printQueue && printQueue.waiting + printQueue.uncertain > 0) {
    items.push({
      id: 'print-queue',
      tone: printQueue.uncertain > 0 ? 'error' : 'warning',
      text:
        printQueue.uncertain > 0
          ? t('printQueue.uncertain', {
              waiting: printQueue.waiting,
              uncertain: printQueue.uncertain,
            })
          : t('printQueue.waiting', { waiting: printQueue.waiting }),
    });
  }
  items.push(syncItem(sync, t));
  const heading = user ? t('status.signedInAs', { till: tillName, name: user.name }) : tillName;
  return <StatusBar label={t('status.label')} heading={heading} items={items} actions={actions} />;
}

function syncItem(sync: SyncStatusView | null, t: ReturnType<typeof useWords>['t']): StatusItem {
  if (sync === null || !sync.enrolled) {
    return { id: 'sync', tone: 'muted', text: t('sync.standalone') };
  }
  if (!sync.online)
    return { id: 'sync', tone: 'warning', text: t('sync.offline', { count: sync.pending }) };
  return {
    id: 'sync',
    tone: sync.pending > 0 ? 'warning' : 'ok',
    text: t('sync.online', { count: sync.pending }),
  };
}
