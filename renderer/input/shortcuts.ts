import { useEffect, useRef } from 'react';

/** A key as written on a button and in aria-keyshortcuts: "F3", "Shift+F8", "Escape". */
export type Shortcut = string;
export type ShortcutMap = Readonly<Partial<Record<Shortcut, () => void>>>;

export function shortcutOf(event: KeyboardEvent): Shortcut {
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return [event.ctrlKey && 'Control', event.altKey && 'Alt', event.shiftKey && 'Shift', key]
    .filter(Boolean)
    .join('+');
}

/**
 * The keys of the screen on show, at the window level: they work wherever the focus is. Only
 * named keys and chords are taken; a plain character always reaches the field being typed in.
 */
export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = current.current[shortcutOf(event)];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
