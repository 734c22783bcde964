import { useEffect, useRef } from 'react';

/**
 * Calls `onIdle` once nobody has struck a key, touched or clicked the screen for `seconds`
 * (0: never). A till left signed in on its own is a till anyone may use in that name; the ticket
 * being rung up stays in the till, for the next sign-in.
 */
export function useIdle(seconds: number, onIdle: () => void, enabled = true): void {
  const handler = useRef(onIdle);
  handler.current = onIdle;
  useEffect(() => {
    if (!enabled || seconds <= 0) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const restart = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => handler.current(), seconds * 1000);
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const type of events) window.addEventListener(type, restart, { capture: true });
    restart();
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const type of events) window.removeEventListener(type, restart, { capture: true });
    };
  }, [enabled, seconds]);
}
