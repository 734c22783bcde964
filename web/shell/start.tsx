import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { LOCALES, type Locale } from '../../domain/money';
import type { WebApp } from '../../domain/people';
import { createI18n } from '../../renderer/i18n';
import { LOCALE_KEY, Shell } from './Shell';
import '../../renderer/styles.css';
import './shell.css';

/** The language before anyone signs in: the last one chosen here, else the browser's. */
function firstLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  const found = LOCALES.find((locale) => locale === saved);
  if (found) return found;
  const browser = navigator.language.toLowerCase();
  if (browser.startsWith('nl')) return 'nl-BE';
  if (browser.startsWith('fr')) return 'fr-BE';
  return 'en';
}

/** Starts a web app: its shell, and its pages once someone is signed in. */
export function startShell(app: WebApp, page?: () => ReactNode): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={createI18n(firstLocale())}>
        <Shell app={app} page={page} />
      </I18nextProvider>
    </StrictMode>,
  );
}
