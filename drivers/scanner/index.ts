import type { ScannerConfig } from '../uri';
import { Scanner, type ScannerOptions } from './driver';

export type { Scanner };

export function createScanner(config: ScannerConfig, options: ScannerOptions = {}): Scanner {
  return new Scanner(config, options);
}
