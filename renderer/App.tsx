import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyButton } from './components/KeyButton';
import { useWords } from './i18n';
import { useIdle } from './input/idle';
import { useShortcuts } from './input/shortcuts';
import { Checkout } from './screens/checkout/Checkout';
import { ManagerMenu } from './screens/manager/ManagerMenu';
import { managerScreens, type ManagerScreenId } from './screens/manager';
import { OpenSession } from './screens/OpenSession';
import { Banners } from './screens/shell/Banners';
import { Questions } from './screens/shell/Questions';
import { Status } from './screens/shell/Status';
import { Training } from './screens/shell/Training';
import { SignIn } from './screens/SignIn';
import { useStores, useTill } from './store/context';

/** Where the checkout hands over to the manager: the menu, or one of its screens. */
type ManagerRoute = { menu: true } | { screen: ManagerScreenId } | null;

/**
 * The screen follows the till's state: nobody signed in -> sign in; no open session -> count the
 * float; else the checkout, or a manager's screen over it. The status bar and banners stay.
 */
export function App() {
  const { i18n } = useTranslation();
  const { t } = useWords();
  const { auth } = useStores();
  const locale = useTill('auth', (state) => state.locale);
  const loaded = useTill('auth', (state) => state.loaded);
  const user = useTill('auth', (state) => state.user);
  const session = useTill('session', (state) => state.session);
  const [manager, setManager] = useState<ManagerRoute>(null);

  useEffect(() => {
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
  }, [i18n, locale]);
  useEffect(() => {
    if (!user) setManager(null);
  }, [user]);
  useShortcuts({ 'Shift+F1': () => void auth.getState().signOut() }, user !== null);
  const idleSeconds = useTill('auth', (state) => state.settings?.idleSignOutSeconds ?? 0);
  useIdle(idleSeconds, () => void auth.getState().signOut(), user !== null);

  const screen = (() => {
    if (!loaded) return null;
    if (!user) return <SignIn />;
    if (session === undefined) return null;
    // A manager's screen outlives the session it closed: the Z report is read before the float.
    if (session === null && (manager === null || 'menu' in manager)) return <OpenSession />;
    if (manager === null) return <Checkout onManagerMenu={() => setManager({ menu: true })} />;
    if ('menu' in manager) {
      return (
        <ManagerMenu onOpen={(id) => setManager({ screen: id })} onClose={() => setManager(null)} />
      );
    }
    const { Screen } = managerScreens[manager.screen];
    return <Screen onClose={() => setManager(null)} />;
  })();

  return (
    <div className="app">
      <div className="app__top">
        <Status
          actions={
            user ? (
              <KeyButton
                label={t('signIn.signOut')}
                shortcut="Shift+F1"
                onClick={() => void auth.getState().signOut()}
              />
            ) : null
          }
        />
        <Training />
      </div>
      <Banners />
      <main className="screen">{screen}</main>
      <Questions />
    </div>
  );
}
