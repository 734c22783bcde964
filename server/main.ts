/**
 * The central server and its command line:
 *   npm run server                              start (HOST, PORT, DATA_DIR, DATABASE_URL, ADMIN_TOKEN)
 *   npm run server -- create-till NAME          a till and its one-time enrolment code
 *   npm run server -- create-admin NAME         the first admin (password: ADMIN_PASSWORD, stdin or prompt)
 *   npm run server -- import-products FILE.csv  products, all or nothing
 *   npm run server -- import-members FILE.csv   members, all or nothing
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { buildApp, parseWith } from './app';
import { PersonTakenError, createPerson, personSchemas } from './people';
import { readConfig } from './config';
import { ImportError, importMembers, importProducts } from './csv-import';
import { migrateServer } from './migrate';
import { openStore, type Store } from './store';
import { createTill, ensureAdminToken } from './tills';

const USAGE = `Usage: npm run server [-- <command>]
  (no command)                 start the server
  create-till NAME             create a till and print its one-time enrolment code
  create-admin NAME            create an admin person; the password is read from ADMIN_PASSWORD,
                               else from standard input (one line), else asked for
  import-products FILE.csv     import products (id,name,name_nl,category,vat,price,unit,barcodes,active)
  import-members FILE.csv      import members (id,number,name,card,status,eaters)
Environment: HOST, PORT (127.0.0.1:8080), DATA_DIR (var/server), DATABASE_URL, ADMIN_TOKEN,
  TLS_CERT and TLS_KEY (PEM files: HTTPS)`;

async function openMigrated(): Promise<{ store: Store; config: ReturnType<typeof readConfig> }> {
  const config = readConfig(process.env);
  const store = await openStore(config);
  try {
    await migrateServer(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { store, config };
}

async function serve(): Promise<void> {
  const { store, config } = await openMigrated();
  const admin = await ensureAdminToken(store, config.adminToken);
  if (admin.created) {
    // Printed this once: only its hash is kept.
    process.stdout.write(
      `\nAdmin token (shown once, keep it safe; set ADMIN_TOKEN to choose your own):\n  ${admin.created}\n\n`,
    );
  }
  const app = await buildApp({
    store,
    adminTokenHash: admin.hash,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    ...(config.tls
      ? {
          https: {
            cert: readFileSync(config.tls.certFile),
            key: readFileSync(config.tls.keyFile),
          },
        }
      : {}),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing the requests in flight');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { store: store.kind, dataDir: store.kind === 'pglite' ? config.dataDir : undefined },
    'EasyMyMarket server ready',
  );
}

/**
 * The first admin's password: from ADMIN_PASSWORD (scripts), else one line of standard input
 * (`echo … | npm run server -- create-admin NAME`), else asked for at the terminal, unechoed.
 */
async function readPassword(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.ADMIN_PASSWORD) return env.ADMIN_PASSWORD;
  const terminal = Boolean(process.stdin.isTTY);
  if (terminal) process.stdout.write('Password (at least 10 characters, not shown): ');
  // The terminal's own echo off while the password is typed.
  if (terminal) spawnSync('stty', ['-echo'], { stdio: 'inherit' });
  try {
    const lines = createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      lines.close();
      return line;
    }
  } finally {
    if (terminal) {
      spawnSync('stty', ['echo'], { stdio: 'inherit' });
      process.stdout.write('\n');
    }
  }
  throw new Error('No password given: set ADMIN_PASSWORD or write it on standard input');
}

export async function runServerCli(
  argv: string[],
  out = console.log,
  err = console.error,
): Promise<number> {
  const [command, argument] = argv;
  if (!command) {
    await serve();
    return -1;
  }
  if (command === '--help' || command === '-h') {
    out(USAGE);
    return 0;
  }
  if (
    !['create-till', 'create-admin', 'import-products', 'import-members'].includes(command) ||
    !argument
  ) {
    err(USAGE);
    return 2;
  }
  // Read before the database opens: a prompt must not hold the embedded database's lock.
  const password = command === 'create-admin' ? await readPassword(process.env) : null;
  const { store } = await openMigrated();
  try {
    if (command === 'create-admin') {
      const input = parseWith(personSchemas.create, {
        name: argument,
        roles: ['admin'],
        password,
      });
      const person = await createPerson(store, input, { other: 'command_line' }, new Date());
      out(`Admin ${person.id} "${person.name}" created: sign in at /office/ with this name.`);
      return 0;
    }
    if (command === 'create-till') {
      const { till, enrolmentCode, expiresAt } = await createTill(store, argument, new Date());
      out(`Till ${till.id} "${till.name}" created.`);
      out(`Enrolment code (once, until ${expiresAt}): ${enrolmentCode}`);
      out(`On the till: npm run till -- enrol http://SERVER:8080 ${enrolmentCode}`);
      return 0;
    }
    const text = readFileSync(argument, 'utf8');
    const result =
      command === 'import-products'
        ? await importProducts(store, text, new Date())
        : await importMembers(store, text);
    out(
      `Imported ${Object.entries(result)
        .map(([what, n]) => `${n} ${what}`)
        .join(', ')}.`,
    );
    return 0;
  } catch (error) {
    err(
      error instanceof ImportError || error instanceof PersonTakenError
        ? error.message
        : `Failed: ${(error as Error).message}`,
    );
    return 1;
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runServerCli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
