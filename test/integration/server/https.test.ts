import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/server';

/** A certificate of our own for 127.0.0.1, as a shop with no domain makes with a local CA. */
function selfSigned(dir: string): { cert: string; key: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
  };
}

describe('signing in over HTTPS', () => {
  let server: TestServer;
  let dir: string;
  let tls: { cert: string; key: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emm-tls-'));
    tls = selfSigned(dir);
    server = await startTestServer('pglite', { https: tls });
    await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: server.admin,
      payload: { name: 'Stan', roles: ['stock'], badge: 'S001', pin: '4321' },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets a Secure cookie, and checks the https Origin', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const post = (origin: string) =>
      new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const body = JSON.stringify({ app: 'hand', badge: 'S001', pin: '4321' });
        const req = request(
          `${server.url}/v1/session`,
          {
            method: 'POST',
            ca: tls.cert,
            headers: { origin, 'content-type': 'application/json' },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                cookie: String(response.headers['set-cookie'] ?? ''),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const plain = await post(server.url.replace('https:', 'http:'));
    expect(plain.status).toBe(403);
    const signedIn = await post(server.url);
    expect(signedIn.status).toBe(201);
    expect(signedIn.cookie).toMatch(
      /^emm_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
  });
});
