import { useEffect, useRef, type ReactNode } from 'react';

/** A question that waits for its answer; the focus goes to its first field, else its first button. */
export function Dialog({
  title,
  children,
  describedBy,
}: {
  title: string;
  children: ReactNode;
  describedBy?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first =
      box.current?.querySelector<HTMLElement>('input') ?? box.current?.querySelector('button');
    first?.focus();
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        aria-describedby={describedBy}
      >
        <h2 className="dialog__title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
