import { expect, it } from 'vitest';
import { isTrustedUrl } from '../../../main/electron/trusted-url';

it('trusts the renderer on app://till/ and its files', () => {
  expect(isTrustedUrl('app://till/')).toBe(true);
  expect(isTrustedUrl('app://till/assets/index.js')).toBe(true);
});

it.each([
  'https://evil.example/?next=app://till',
  'https://evil.example/app://till/',
  'app://till.evil.example/',
  'app://evil/?host=till',
  'app://till@evil/',
  'app://evil@till/',
  'app://till:8080/',
  'file:///app/till/index.html',
  'http://till/',
  'devtools://devtools/bundled/app://till/',
  'not a url',
  '',
])('does not trust %j', (url) => {
  expect(isTrustedUrl(url)).toBe(false);
});
