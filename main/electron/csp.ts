/**
 * The renderer's Content-Security-Policy, sent with every `app://till/` response: its own
 * scripts, styles, fonts and images only (and data: images for the barcodes it draws), no network
 * at all (the till is reached through IPC), no plugins, forms, frames or <base>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
