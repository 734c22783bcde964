import { it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startTestKiosk } from '../support/kiosk';
import { wedgeScan } from '../support/page';
import { FIRST_BASKET } from '../support/demo-codes';
it('dbg', async () => {
  const k = await startTestKiosk();
  const b = await launchChromium();
  const c = await b.newContext();
  const p = await c.newPage();
  p.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  p.on(
    'request',
    (r) =>
      r.url().includes('/api/') && console.log('REQ', r.url().replace(/.*api/, ''), r.postData()),
  );
  await p.goto(k.host.url);
  await p.getByRole('button', { name: 'Camille' }).click();
  await p.getByLabel('Code PIN de Camille').fill('1234');
  await p.getByRole('button', { name: 'Se connecter' }).click();
  await p.getByLabel('Nombre de 20,00 €').fill('1');
  await p.getByRole('button', { name: 'Ouvrir la caisse' }).click();
  await p.getByRole('searchbox').waitFor();
  for (const [i, code] of FIRST_BASKET.scanned.entries()) {
    console.log('SCAN', code);
    await wedgeScan(p, code);
    await p
      .getByRole('list', { name: 'Lignes du ticket' })
      .getByRole('listitem')
      .nth(i)
      .waitFor({ timeout: 5000 })
      .catch(() => console.log('MISSED', i));
  }
  console.log(await p.locator('body').innerText());
  await b.close();
  await k.stop();
  k.remove();
}, 90000);
