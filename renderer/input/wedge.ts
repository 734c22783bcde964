import { useEffect, useRef } from 'react';
import {
  createWedgeDetector,
  DEFAULT_WEDGE_OPTIONS,
  type WedgeKeyEvent,
  type WedgeResult,
} from '../../domain/keyboard-wedge';

/**
 * A keyboard-wedge scanner anywhere on the screen: its fast keys and Enter become `onScan(code)`
 * and never reach a field; a person's keys are held a few milliseconds, then typed into the
 * field that has the focus, as if nothing had happened.
 */
export function useWedgeScanner(
  onScan: (code: string) => void,
  options: {
    enabled?: boolean;
    /** Where a person's typing goes when no text field has the focus (the search). */
    typingField?: () => HTMLInputElement | null;
  } = {},
): void {
  const { enabled = true } = options;
  const handler = useRef(onScan);
  handler.current = onScan;
  const typingField = useRef(options.typingField);
  typingField.current = options.typingField;
  useEffect(() => {
    if (!enabled) return;
    const detector = createWedgeDetector();
    let timer: ReturnType<typeof setTimeout> | null = null;

    const apply = (result: WedgeResult, event: KeyboardEvent | null) => {
      if (result.kind === 'scan') {
        event?.preventDefault();
        event?.stopImmediatePropagation();
        handler.current(result.code);
      } else if (result.kind === 'pending') {
        event?.preventDefault();
        event?.stopImmediatePropagation();
      } else {
        replay(result.keys, typingField.current?.());
        if (!result.passThrough) {
          event?.preventDefault();
          event?.stopImmediatePropagation();
        }
      }
      if (timer !== null) clearTimeout(timer);
      timer = detector.hasPending()
        ? setTimeout(() => {
            timer = null;
            apply(detector.flush(performance.now()), null);
          }, DEFAULT_WEDGE_OPTIONS.maxGapMs + 5)
        : null;
    };

    const onKeyDown = (event: KeyboardEvent) => {
      // A chord is a person (Ctrl+A, Alt+F4…), and so is a key repeat.
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || event.isComposing) {
        replay(detector.reset(), typingField.current?.());
        return;
      }
      apply(detector.push({ key: event.key, time: event.timeStamp }), event);
    };
    const onFocusChange = () => replay(detector.reset(), typingField.current?.());

    window.addEventListener('keydown', onKeyDown, { capture: true });
    window.addEventListener('focusin', onFocusChange);
    return () => {
      if (timer !== null) clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.removeEventListener('focusin', onFocusChange);
    };
  }, [enabled]);
}

/**
 * Types the held keys into the focused text field, the way the keys would have; with no text
 * field focused, into `fallback` (focused then), so that typing on the checkout searches.
 */
function replay(keys: readonly WedgeKeyEvent[], fallback?: HTMLInputElement | null): void {
  if (keys.length === 0) return;
  let field = document.activeElement;
  if (!isTextField(field) && fallback) {
    fallback.focus();
    field = fallback;
  }
  const text = keys.map((key) => key.key).join('');
  if (isTextField(field)) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    const value = field.value.slice(0, start) + text + field.value.slice(end);
    // React follows the native setter and the input event, not a plain assignment.
    const prototype = Object.getPrototypeOf(field) as object;
    Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
    if (field.type === 'text' || field.type === 'search' || field.type === 'password') {
      field.setSelectionRange(start + text.length, start + text.length);
    }
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

function isTextField(element: Element | null): element is HTMLInputElement | HTMLTextAreaElement {
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  return (
    element instanceof HTMLInputElement &&
    !element.readOnly &&
    !element.disabled &&
    ['text', 'search', 'password', 'number', 'tel'].includes(element.type)
  );
}
