import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Queryable } from '../store';
import { PurchasingRefusal } from './orders';

/**
 * How the server mails purchase orders: the coop's SMTP server, set by an admin and kept in the
 * server's own table (never in the settings every till pulls: it holds a password).
 */

export const mailSettingsInput = z
  .object({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535),
    /** true: TLS from the first byte (465); false: STARTTLS when the server offers it (587, 25). */
    secure: z.boolean().default(false),
    username: z.string().min(1).max(200).nullable().default(null),
    password: z.string().min(1).max(200).nullable().default(null),
    sender: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'an e-mail address such as orders@coop.example'),
  })
  .strict();
export type MailSettings = z.infer<typeof mailSettingsInput>;

export async function saveMailSettings(db: Queryable, settings: MailSettings, now: Date) {
  await db.query(
    `INSERT INTO mail_settings (id, host, port, secure, username, password, sender, updated_at)
     VALUES (1, $1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET host = $1, port = $2, secure = $3, username = $4,
       password = $5, sender = $6, updated_at = $7`,
    [
      settings.host,
      settings.port,
      settings.secure,
      settings.username,
      settings.password,
      settings.sender,
      now.toISOString(),
    ],
  );
}

async function mailSettings(db: Queryable): Promise<MailSettings> {
  const [row] = await db.query<MailSettings>(
    'SELECT host, port, secure, username, password, sender FROM mail_settings WHERE id = 1',
  );
  if (!row) {
    throw new PurchasingRefusal(
      'No mail server is set (PUT /v1/purchasing/mail-settings): download the order instead',
    );
  }
  return row;
}

export interface Attachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/** Sends one mail; a server that refuses it is a refusal in its own words (424: the order stays a draft). */
export async function sendMail(
  db: Queryable,
  mail: { to: string; subject: string; text: string; attachments: Attachment[] },
): Promise<void> {
  const settings = await mailSettings(db);
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.username
      ? { auth: { user: settings.username, pass: settings.password ?? '' } }
      : {}),
    connectionTimeout: 15_000,
  });
  try {
    await transport.sendMail({ from: settings.sender, ...mail });
  } catch (error) {
    throw Object.assign(
      new Error(`The mail server did not take the order: ${(error as Error).message}`),
      { statusCode: 424 },
    );
  } finally {
    transport.close();
  }
}
