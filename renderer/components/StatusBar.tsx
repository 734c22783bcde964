import type { ReactNode } from 'react';

export interface StatusItem {
  id: string;
  text: string;
  tone: 'ok' | 'warning' | 'error' | 'muted';
}

/** The strip always on screen: who and where, the devices, the print queue, the sync. */
export function StatusBar({
  label,
  heading,
  items,
  actions,
}: {
  label: string;
  heading: string;
  items: readonly StatusItem[];
  actions?: ReactNode;
}) {
  return (
    <header className="status-bar" aria-label={label}>
      <span className="status-bar__heading">{heading}</span>
      <ul className="status-bar__items">
        {items.map((item) => (
          <li key={item.id} className={`status status--${item.tone}`}>
            {item.text}
          </li>
        ))}
      </ul>
      <div className="status-bar__actions">{actions}</div>
    </header>
  );
}
