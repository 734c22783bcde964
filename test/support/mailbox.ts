import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for a test: it takes every mail and keeps it raw, and reads a
 * mail's parts (headers, decoded bodies, attachments by file name).
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export async function startMailbox() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MailPart {
  headers: Record<string, string>;
  body: Buffer;
}

function splitHeaders(text: string): { headers: Record<string, string>; rest: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: end === -1 ? '' : text.slice(end + 4) };
}

/** Every leaf part of a MIME mail, bodies decoded (base64, quoted-printable). */
export function mailParts(raw: string): MailPart[] {
  const { headers, rest } = splitHeaders(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) {
    const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
    const body =
      encoding === 'base64'
        ? Buffer.from(rest.replace(/\s+/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              rest
                .replace(/=\r\n/g, '')
                .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
                  String.fromCharCode(parseInt(hex, 16)),
                ),
              'latin1',
            )
          : Buffer.from(rest, 'latin1');
    return [{ headers, body }];
  }
  return rest
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .flatMap((part) => mailParts(part.replace(/^\r\n/, '')));
}

/** The attachment of a mail by its file name. */
export function attachment(raw: string, filename: string): Buffer | undefined {
  return mailParts(raw).find(
    (part) =>
      (part.headers['content-disposition'] ?? '').includes(`filename=${filename}`) ||
      (part.headers['content-disposition'] ?? '').includes(`filename="${filename}"`),
  )?.body;
}
