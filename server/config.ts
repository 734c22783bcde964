import { z } from 'zod';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  /** null: the server makes one on its first start, prints it once and keeps only its hash. */
  adminToken: string | null;
  /** PEM files of the coop's certificate and its key: the server then answers over HTTPS. */
  tls: { certFile: string; keyFile: string } | null;
}

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  DATA_DIR: z.string().min(1).default('var/server'),
  DATABASE_URL: z.string().min(1).optional(),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
});

/** The server's settings, from the environment; a wrong value stops the start, in words. */
export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Bad server configuration: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  if ((value.TLS_CERT === undefined) !== (value.TLS_KEY === undefined)) {
    throw new Error('Bad server configuration: TLS_CERT and TLS_KEY go together (both PEM files)');
  }
  return {
    host: value.HOST,
    port: value.PORT,
    dataDir: value.DATA_DIR,
    databaseUrl: value.DATABASE_URL ?? null,
    adminToken: value.ADMIN_TOKEN ?? null,
    tls:
      value.TLS_CERT && value.TLS_KEY ? { certFile: value.TLS_CERT, keyFile: value.TLS_KEY } : null,
  };
}
