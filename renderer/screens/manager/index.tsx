import type { ComponentType } from 'react';
import type { ScreenKey } from '../../i18n';
import { CashMove } from './CashMove';
import { CloseSession } from './CloseSession';
import { OpenDrawer } from './OpenDrawer';
import { Refund } from './Refund';
import { Settings } from './Settings';
import { TrainingMode } from './TrainingMode';
import { XReport } from './XReport';
import './manager.css';

/**
 * The manager's screens, reached from the manager menu (F1). Each entry is what the menu shows
 * (its title and key) and the screen itself; a screen calls `onClose` to go back to the checkout.
 */
export interface ManagerScreenProps {
  onClose: () => void;
}

export interface ManagerScreen {
  title: ScreenKey;
  /** The key in the manager menu (a named key: the scanner's detector holds back characters). */
  shortcut: string;
  Screen: ComponentType<ManagerScreenProps>;
}

export const MANAGER_SCREEN_IDS = [
  'refund',
  'cashMove',
  'openDrawer',
  'xReport',
  'closeSession',
  'settings',
  'training',
] as const;
export type ManagerScreenId = (typeof MANAGER_SCREEN_IDS)[number];

export const managerScreens: Record<ManagerScreenId, ManagerScreen> = {
  refund: { title: 'manager.refund', shortcut: 'F2', Screen: Refund },
  cashMove: { title: 'manager.cashMove', shortcut: 'F3', Screen: CashMove },
  openDrawer: { title: 'manager.openDrawer', shortcut: 'F4', Screen: OpenDrawer },
  xReport: { title: 'manager.xReport', shortcut: 'F5', Screen: XReport },
  closeSession: { title: 'manager.closeSession', shortcut: 'F6', Screen: CloseSession },
  settings: { title: 'manager.settings', shortcut: 'F7', Screen: Settings },
  training: { title: 'manager.training', shortcut: 'F8', Screen: TrainingMode },
};
