import { writeFileSync } from 'node:fs';
import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture`): printed EAN-13
 * codes drawn by bwip-js, each held for `framesEach` frames, in the raw YUV4MPEG2 format Chromium
 * reads (written here byte by byte: no ffmpeg needed). Black bars on white, grey chroma.
 */
export async function writeBarcodeVideo(
  path: string,
  codes: readonly string[],
  framesEach = 30,
): Promise<void> {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F15:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const parts: Buffer[] = [header];
  for (const code of codes) {
    const png = PNG.sync.read(
      await bwipjs.toBuffer({ bcid: 'ean13', text: code, scale: 3, height: 20, includetext: true }),
    );
    const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
    const left = Math.floor((WIDTH - png.width) / 2);
    const top = Math.floor((HEIGHT - png.height) / 2);
    for (let y = 0; y < Math.min(png.height, HEIGHT); y += 1) {
      for (let x = 0; x < Math.min(png.width, WIDTH); x += 1) {
        const at = (y * png.width + x) * 4;
        const alpha = (png.data[at + 3] ?? 255) / 255;
        const grey = (png.data[at] ?? 255) * alpha + 255 * (1 - alpha);
        luma[(top + y) * WIDTH + left + x] = Math.round(grey);
      }
    }
    const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
    for (let i = 0; i < framesEach; i += 1) parts.push(frame);
  }
  writeFileSync(path, Buffer.concat(parts));
}
