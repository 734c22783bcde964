import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { pickBridge } from './bridge';
import { createI18n } from './i18n';
import { createStores } from './store';
import { StoresProvider } from './store/context';
import './styles.css';

const stores = createStores(pickBridge());
const i18n = createI18n(stores.auth.getState().locale);
stores.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </I18nextProvider>
  </StrictMode>,
);
