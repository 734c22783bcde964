import { useState } from 'react';
import type { ErrorView } from '../../../main/api';
import { KeyButton } from '../../components/KeyButton';
import { useWords, type ScreenKey } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';
import type { Stores } from '../../store';
import { useManagerShortcuts } from './shortcuts';

type Outcome = { ok: true; text: string } | { ok: false; error: ErrorView };
type Words = ReturnType<typeof useWords>;

interface DeviceTest {
  device: 'printer' | 'drawer' | 'scale' | 'display' | 'scanner';
  shortcut: string;
  label: ScreenKey;
  /** Runs the test; resolves to what a manager reads when it worked, or the till's refusal. */
  run(stores: Stores, words: Words): Promise<Outcome | null>;
}

const asOutcome = <T,>(
  result: { ok: true; value: T } | { ok: false; error: ErrorView },
  text: (value: T) => string,
): Outcome => (result.ok ? { ok: true, text: text(result.value) } : result);

const TESTS: readonly DeviceTest[] = [
  {
    device: 'printer',
    shortcut: 'F2',
    label: 'manager.devices.testPrint',
    run: async ({ call }, { t }) =>
      asOutcome(await call('testPrint', {}, { quiet: true }), () => t('manager.devices.printed')),
  },
  {
    device: 'drawer',
    shortcut: 'F3',
    label: 'manager.devices.testDrawer',
    // Opening the drawer is a manager's act, journaled like any other: a cashier is asked a PIN.
    run: async (stores, { t }) => {
      const opened = await callWithApproval(stores, 'openDrawer', {
        reason: t('manager.devices.drawerReason'),
      });
      return opened === undefined ? null : { ok: true, text: t('manager.drawer.opened') };
    },
  },
  {
    device: 'scale',
    shortcut: 'F4',
    label: 'manager.devices.testScale',
    run: async ({ call }, { t, quantity }) =>
      asOutcome(await call('readWeight', {}, { quiet: true }), (grams) =>
        t('manager.devices.weighed', { weight: quantity(grams, true) }),
      ),
  },
  {
    device: 'display',
    shortcut: 'F5',
    label: 'manager.devices.testDisplay',
    run: async ({ call }, { t }) =>
      asOutcome(
        await call(
          'showText',
          { line1: t('manager.devices.displayLine1'), line2: t('manager.devices.displayLine2') },
          { quiet: true },
        ),
        () => t('manager.devices.shown'),
      ),
  },
  {
    device: 'scanner',
    shortcut: 'F6',
    label: 'manager.devices.testScanner',
    run: async ({ call }, { t }) =>
      asOutcome(await call('waitForScan', { timeoutMs: 15_000 }, { quiet: true }), (code) =>
        t('manager.devices.scanned', { code }),
      ),
  },
];

/** Each device with its state and a test, the test's answer in words beside it. */
export function DeviceTests() {
  const words = useWords();
  const { t, errorText } = words;
  const stores = useStores();
  const statuses = useTill('status', (state) => state.devices);
  const [outcomes, setOutcomes] = useState<Partial<Record<DeviceTest['device'], Outcome>>>({});
  const [running, setRunning] = useState<DeviceTest['device'] | null>(null);

  const test = async (entry: DeviceTest) => {
    if (running !== null) return;
    setRunning(entry.device);
    const outcome = await entry.run(stores, words);
    setRunning(null);
    if (outcome) setOutcomes((known) => ({ ...known, [entry.device]: outcome }));
  };
  useManagerShortcuts(
    Object.fromEntries(TESTS.map((entry) => [entry.shortcut, () => void test(entry)])),
  );

  return (
    <section aria-labelledby="devices-title" className="settings__section">
      <h2 id="devices-title">{t('manager.devices.title')}</h2>
      <ul className="device-tests">
        {TESTS.map((entry) => {
          const state = statuses.find((status) => status.device === entry.device)?.state;
          const outcome = outcomes[entry.device];
          return (
            <li key={entry.device} className="device-test">
              <span className="device-test__name">{t(`device.${entry.device}`)}</span>
              <span className="device-test__state">{state ? t(`deviceState.${state}`) : ''}</span>
              <KeyButton
                label={t(entry.label)}
                shortcut={entry.shortcut}
                disabled={running !== null}
                onClick={() => void test(entry)}
              />
              <p
                className={`device-test__outcome${outcome && !outcome.ok ? ' problem' : ' done'}`}
                role="status"
                aria-label={t('manager.devices.outcomeOf', { device: t(`device.${entry.device}`) })}
              >
                {running === entry.device
                  ? t('manager.devices.running')
                  : outcome === undefined
                    ? ''
                    : outcome.ok
                      ? outcome.text
                      : errorText(outcome.error)}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
