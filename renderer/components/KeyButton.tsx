import type { ButtonHTMLAttributes } from 'react';

/**
 * A button with the key that does the same, shown on it. The key is announced through
 * aria-keyshortcuts, so the accessible name stays the action's words alone.
 */
export function KeyButton({
  label,
  shortcut,
  tone = 'normal',
  className,
  ...rest
}: {
  label: string;
  /** As the user reads it on the button, e.g. "F3" (also the aria-keyshortcuts value). */
  shortcut?: string;
  tone?: 'normal' | 'primary' | 'danger';
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'>) {
  return (
    <button
      type="button"
      className={['key-button', `key-button--${tone}`, className].filter(Boolean).join(' ')}
      aria-keyshortcuts={shortcut}
      {...rest}
    >
      <span className="key-button__label">{label}</span>
      {shortcut ? (
        <kbd className="key-button__key" aria-hidden="true">
          {shortcut}
        </kbd>
      ) : null}
    </button>
  );
}
