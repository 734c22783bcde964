import { useRef, useState, type FormEvent } from 'react';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords } from '../../renderer/i18n';
import { useWedgeScanner } from '../../renderer/input/wedge';
import { Camera } from './Camera';

export type ScanSource = 'wedge' | 'camera' | 'typed';

/**
 * Where a code comes in: a keyboard-wedge scanner anywhere on the screen (the till's rules), the
 * camera, or the volunteer typing a code or a name in the field.
 */
export function ScanBar({ onCode }: { onCode: (text: string, source: ScanSource) => void }) {
  const { t } = useWords();
  const [text, setText] = useState('');
  const [camera, setCamera] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useWedgeScanner((code) => onCode(code, 'wedge'), { typingField: () => field.current });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    onCode(text.trim(), 'typed');
    setText('');
  };

  return (
    <div className="hand-scan">
      <form className="hand-scan__form" onSubmit={submit}>
        <label className="field hand-scan__field">
          <span>{t('web.hand.code')}</span>
          <input
            ref={field}
            name="code"
            type="search"
            autoComplete="off"
            enterKeyHint="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <div className="hand-scan__buttons">
          <KeyButton type="submit" tone="primary" label={t('web.hand.find')} />
          {camera ? null : (
            <KeyButton label={t('web.hand.camera')} onClick={() => setCamera(true)} />
          )}
        </div>
      </form>
      {camera ? (
        <Camera onCode={(code) => onCode(code, 'camera')} onClose={() => setCamera(false)} />
      ) : null}
    </div>
  );
}
