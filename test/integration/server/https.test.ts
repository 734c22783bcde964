import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../support/tls';
import { startTestServer, type TestServer } from '../../support/server';

describe('signing in over HTTPS', () => {
  let server: TestServer;
  let dir: string;
  let tls: { cert: string; key: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emm-tls-'));
    tls = selfSignedCertificate(dir);
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
