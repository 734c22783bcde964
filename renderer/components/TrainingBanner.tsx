import type { ReactNode } from 'react';

/**
 * The strip under the status bar while the till is in training mode, on every screen: nothing
 * sold then is a sale, and everyone at the till must see it (the receipts say it too).
 */
export function TrainingBanner({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <div className="training-banner" role="status">
      <strong className="training-banner__text">{text}</strong>
      {action}
    </div>
  );
}
