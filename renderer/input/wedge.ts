import { useEffect, useRef } from 'react';
import { createWedgeDetector, isCharacterKey } from '../../domain/keyboard-wedge';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** Where a key's character landed: the text field it typed into (none: nowhere), as it was. */
interface Landing {
  field: TextField | null;
  value: string;
  start: number;
  end: number;
}

/**
 * A keyboard-wedge scanner anywhere on the screen. Every key reaches the focused field at once;
 * when Enter ends a burst that reads as a scan (domain/keyboard-wedge.ts), the scan's characters
 * are taken back out of the field they typed into, the Enter is swallowed and `onScan(code)` is
 * called. With no text field focused, a character goes to `typingField` (the search), focused
 * before the key types, so that typing on the checkout searches.
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
    const detector = createWedgeDetector<Landing>();

    const onKeyDown = (event: KeyboardEvent) => {
      // A chord is a person (Ctrl+A, Alt+F4…), and so is a key repeat.
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || event.isComposing) {
        detector.reset();
        return;
      }
      let field = textField(document.activeElement);
      if (field === null && isCharacterKey(event.key)) {
        const fallback = typingField.current?.();
        if (fallback && textField(fallback)) {
          // Focused during the keydown, the field is where the key's character goes.
          fallback.focus();
          field = fallback;
        }
      }
      const landing: Landing = field
        ? {
            field,
            value: field.value,
            start: field.selectionStart ?? field.value.length,
            end: field.selectionEnd ?? field.value.length,
          }
        : { field: null, value: '', start: 0, end: 0 };
      const result = detector.push({ key: event.key, time: event.timeStamp }, landing);
      if (result.kind !== 'scan') return;
      event.preventDefault();
      event.stopImmediatePropagation();
      takeBack(result.code, result.notes);
      handler.current(result.code);
    };

    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled]);
}

/**
 * Takes a scan's characters back out of each field they typed into: the field gets back the text
 * it had before the first of them, when it holds exactly that text with the characters typed in
 * (anything else changed it meanwhile: it is left alone).
 */
function takeBack(code: string, landings: readonly Landing[]): void {
  const fields = new Set(landings.flatMap((landing) => (landing.field ? [landing.field] : [])));
  for (const field of fields) {
    const first = landings.find((landing) => landing.field === field);
    if (!first) continue;
    const typed = [...code].filter((_, index) => landings[index]?.field === field).join('');
    const before = first.value;
    const withScan = before.slice(0, first.start) + typed + before.slice(first.end);
    if (field.value !== withScan) continue;
    setValue(field, before);
    if (field.type === 'text' || field.type === 'search' || field.type === 'password') {
      field.setSelectionRange(first.start, first.end);
    }
  }
}

/** A field's text, as typing would set it: React follows the native setter and the input event. */
function setValue(field: TextField, value: string): void {
  const prototype = Object.getPrototypeOf(field) as object;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function textField(element: Element | null): TextField | null {
  if (element instanceof HTMLTextAreaElement) {
    return !element.readOnly && !element.disabled ? element : null;
  }
  return element instanceof HTMLInputElement &&
    !element.readOnly &&
    !element.disabled &&
    ['text', 'search', 'password', 'number', 'tel'].includes(element.type)
    ? element
    : null;
}
