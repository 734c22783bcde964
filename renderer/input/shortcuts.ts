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
 * While a modal dialog is open only its own keys (`modal`) work: Escape closes the dialog, not
 * the screen behind it.
 */
export function useShortcuts(map: ShortcutMap, enabled = true, modal = false): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (!modal && document.querySelector('[aria-modal="true"]')) return;
      const action = current.current[shortcutOf(event)];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, modal]);
}
