/**
 * The central server and its command line:
 *   npm run server                              start (HOST, PORT, DATA_DIR, DATABASE_URL, ADMIN_TOKEN)
 *   npm run server -- create-till NAME          a till and its one-time enrolment code
 *   npm run server -- import-products FILE.csv  products, all or nothing
 *   npm run server -- import-members FILE.csv   members, all or nothing
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildApp } from './app';
import { readConfig } from './config';
import { ImportError, importMembers, importProducts } from './csv-import';
import { migrateServer } from './migrate';
import { openStore, type Store } from './store';
import { createTill, ensureAdminToken } from './tills';

const USAGE = `Usage: npm run server [-- <command>]
  (no command)                 start the server
  create-till NAME             create a till and print its one-time enrolment code
  import-products FILE.csv     import products (id,name,name_nl,category,vat,price,unit,barcodes,active)
  import-members FILE.csv      import members (id,number,name,card,status,eaters)
Environment: HOST, PORT (127.0.0.1:8080), DATA_DIR (var/server), DATABASE_URL, ADMIN_TOKEN`;

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
  if (!['create-till', 'import-products', 'import-members'].includes(command) || !argument) {
    err(USAGE);
    return 2;
  }
  const { store } = await openMigrated();
  try {
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
    err(error instanceof ImportError ? error.message : `Failed: ${(error as Error).message}`);
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
