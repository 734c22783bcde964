import { StatusBar, type StatusItem } from '../../components/StatusBar';
import { useWords, type ScreenKey } from '../../i18n';
import { useTill } from '../../store/context';
import type { DeviceStatusView } from '../../bridge/types';
import type { SyncStatusView } from '../../store/status';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../../domain/receipt-text';

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

/** Each device and each state in words: the compiler checks none is missing. */
const DEVICE_WORDS = {
  scanner: 'device.scanner',
  printer: 'device.printer',
  drawer: 'device.drawer',
  scale: 'device.scale',
  display: 'device.display',
} as const satisfies Record<DeviceStatusView['device'], ScreenKey>;

const STATE_WORDS = {
  connecting: 'deviceState.connecting',
  connected: 'deviceState.connected',
  offline: 'deviceState.offline',
  paper_near_end: 'deviceState.paper_near_end',
  paper_out: 'deviceState.paper_out',
  cover_open: 'deviceState.cover_open',
  drawer_open: 'deviceState.drawer_open',
  disabled: 'deviceState.disabled',
} as const satisfies Record<DeviceStatusView['state'], ScreenKey>;

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
  const timeZone = useTill('auth', (state) => state.settings?.timeZone);

  const items: StatusItem[] = devices
    .filter((device) => device.state !== 'disabled')
    .map((device) => ({
      id: device.device,
      tone: DEVICE_TONE[device.state],
      text: t('status.device', {
        device: t(DEVICE_WORDS[device.device]),
        state: t(STATE_WORDS[device.state]),
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
  items.push(...syncItems(sync, t, timeZone));
  const heading = user ? t('status.signedInAs', { till: tillName, name: user.name }) : tillName;
  return <StatusBar label={t('status.label')} heading={heading} items={items} actions={actions} />;
}

/** The last good sync in the coop's time: the hour alone today, the day too before. */
function since(iso: string, timeZone: string | undefined): string {
  const then = formatDateTime(iso, timeZone);
  const today = formatDateTime(new Date().toISOString(), timeZone);
  return then.slice(0, 10) === today.slice(0, 10) ? then.slice(11) : then;
}

/** The sync in words: not enrolled, online or offline with what waits, and what was refused. */
function syncItems(
  sync: SyncStatusView | null,
  t: ReturnType<typeof useWords>['t'],
  timeZone: string | undefined,
): StatusItem[] {
  if (sync === null || !sync.enrolled) {
    return [{ id: 'sync', tone: 'muted', text: t('sync.standalone') }];
  }
  const items: StatusItem[] = [];
  if (!sync.online) {
    items.push({
      id: 'sync',
      tone: 'warning',
      text:
        sync.lastSyncAt === null
          ? t('sync.offline', { count: sync.pending })
          : t('sync.offlineSince', {
              count: sync.pending,
              time: since(sync.lastSyncAt, timeZone),
            }),
    });
  } else {
    items.push({
      id: 'sync',
      tone: sync.pending > 0 ? 'warning' : 'ok',
      text: t('sync.online', { count: sync.pending }),
    });
  }
  if (sync.forked) {
    // A restored copy of this till's database: its sales wait until the admin has reviewed them.
    items.push({ id: 'sync-forked', tone: 'error', text: t('sync.forked') });
  }
  if (sync.rejected > 0) {
    items.push({
      id: 'sync-rejected',
      tone: 'error',
      text: t('sync.rejected', { count: sync.rejected }),
    });
  }
  return items;
}
