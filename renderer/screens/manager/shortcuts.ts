import { useShortcuts, type ShortcutMap } from '../../input/shortcuts';
import { useTill } from '../../store/context';

/**
 * A manager screen's keys, quiet while the till asks a question (a manager's PIN): Escape then
 * answers the question, it does not leave the screen under it.
 */
export function useManagerShortcuts(map: ShortcutMap, enabled = true): void {
  const asking = useTill('approvals', (state) => state.question !== null);
  useShortcuts(map, enabled && !asking);
}
