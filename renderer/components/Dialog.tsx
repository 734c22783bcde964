import { useEffect, useRef, type ReactNode } from 'react';

/** A question that waits for its answer; the focus goes to its first field or button. */
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
    box.current?.querySelector<HTMLElement>('input, select, button')?.focus();
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
