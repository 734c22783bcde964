import { useEffect, useRef, useState, type FormEvent } from 'react';
import { KeyButton } from './KeyButton';

/**
 * One value asked for (a quantity, a price, a discount, a member number), in place of the search:
 * Enter gives it, Escape goes back. `parse` says whether the text is a value; `hint` says how to
 * write one.
 */
export function ValuePrompt({
  label,
  hint,
  invalid,
  confirm,
  cancel,
  onSubmit,
  onCancel,
}: {
  label: string;
  hint: string;
  /** Shown when the text given is not a value. */
  invalid: string;
  confirm: string;
  cancel: string;
  /** false when the text is not a value: the prompt stays, saying so. */
  onSubmit: (text: string) => boolean;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const [refused, setRefused] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRefused(!onSubmit(text));
  };
  return (
    <form className="prompt" onSubmit={submit}>
      <label className="field">
        <span>{label}</span>
        <input
          ref={field}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          aria-invalid={refused}
          aria-describedby="prompt-hint"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onCancel();
          }}
        />
      </label>
      <p
        id="prompt-hint"
        className={refused ? 'prompt__hint prompt__hint--refused' : 'prompt__hint'}
      >
        {refused ? invalid : hint}
      </p>
      <div className="actions">
        <button type="submit" className="key-button key-button--primary" aria-keyshortcuts="Enter">
          <span className="key-button__label">{confirm}</span>
          <kbd className="key-button__key" aria-hidden="true">
            Enter
          </kbd>
        </button>
        <KeyButton label={cancel} shortcut="Escape" onClick={onCancel} />
      </div>
    </form>
  );
}
