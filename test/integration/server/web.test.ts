import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/server';

/** A stand-in build (two pages, one asset): what is tested is how the server serves it. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'emm-webdir-'));
  for (const page of ['office', 'hand']) {
    mkdirSync(join(dir, page));
    writeFileSync(join(dir, page, 'index.html'), `<!doctype html><title>${page}</title>`);
  }
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(dir, 'secret.txt'), 'outside the assets');
  return dir;
}

describe('the web apps served by the server', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    server = await startTestServer('pglite', { webDir: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /office/ and /hand/ with the strict CSP, nosniff and no-referrer, pages never cached', async () => {
    for (const page of ['office', 'hand']) {
      const response = await server.app.inject({ method: 'GET', url: `/${page}/` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(`<!doctype html><title>${page}</title>`);
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
      const bare = await server.app.inject({ method: 'GET', url: `/${page}` });
      expect(bare.statusCode).toBe(302);
      expect(bare.headers.location).toBe(`/${page}/`);
    }
    const asset = await server.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses `..` and anything outside the build', async () => {
    for (const url of [
      '/assets/../secret.txt',
      '/assets/..%2fsecret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/..%2f..%2fpackage.json',
      '/office/../secret.txt',
      '/secret.txt',
      '/assets/.hidden',
    ]) {
      const response = await server.app.inject({ method: 'GET', url });
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toContain('outside the assets');
      expect(response.body, url).not.toContain('easymymarket');
    }
  });
});

describe('the web apps not built yet', () => {
  it('say how to build them', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'emm-webdir-'));
    const server = await startTestServer('pglite', { webDir: empty });
    try {
      const response = await server.app.inject({ method: 'GET', url: '/office/' });
      expect(response.statusCode).toBe(503);
      expect(response.body).toMatch(/npm run build:web/);
    } finally {
      await server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
