/**
 * The pty helper the device tests stand on: it must close every descriptor it opens, or a long
 * test run (500 replug cycles) runs out of them and the leak hides the drivers' own.
 */
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startFakeScale } from '../../support/fake-scale';
import { createPtyPair } from '../../support/pty';

const openDescriptors = () => readdirSync('/proc/self/fd').length;

/** Lets libuv finish closing what was destroyed. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the pty helper', () => {
  it('closes every descriptor of its peer readers and of the fake scale', async () => {
    const pair = await createPtyPair();
    try {
      // One reader first: the helper's own lazily opened descriptors are then counted.
      pair.peerReader().close();
      await settle();
      const before = openDescriptors();
      for (let i = 0; i < 10; i++) pair.peerReader().close();
      for (let i = 0; i < 10; i++) startFakeScale(pair).stop();
      await settle();
      expect(openDescriptors()).toBe(before);
    } finally {
      await pair.kill();
    }
  });

  it('still reads what the driver end writes', async () => {
    const pair = await createPtyPair();
    try {
      const reader = pair.peerReader();
      const fd = openSync(pair.device, 'r+');
      writeSync(fd, 'hello');
      closeSync(fd);
      expect((await reader.waitFor((b) => b.length >= 5)).toString()).toBe('hello');
      reader.close();
    } finally {
      await pair.kill();
    }
  });
});
