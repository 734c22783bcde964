/**
 * The layers' import rules are allow-lists (eslint.config.js): a package a layer does not list
 * is refused, whatever it is; its own files and the packages it lists pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The import rules' complaints about one line of code in a file at `path`. */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('each layer imports only the packages it lists', () => {
  it.each([
    ['domain/x.ts', "import Fastify from 'fastify';"],
    ['domain/x.ts', "import pg from 'pg';"],
    ['domain/x.ts', "import { useState } from 'react';"],
    ['domain/x.ts', "import { readFileSync } from 'node:fs';"],
    ['domain/x.ts', "import { createHash } from 'crypto';"],
    ['domain/x.ts', "import { openDatabase } from '../db/open';"],
    ['db/x.ts', "import Fastify from 'fastify';"],
    ['drivers/x.ts', "import Database from 'better-sqlite3';"],
    ['server/x.ts', "import { SerialPort } from 'serialport';"],
    ['renderer/x.ts', "import { z } from 'zod';"],
    ['renderer/x.ts', "import Database from 'better-sqlite3';"],
    ['main/till/x.ts', "import Fastify from 'fastify';"],
    ['main/till/x.ts', "import { startKiosk } from '../kiosk/host';"],
    ['main/sync/x.ts', "import { app } from 'electron';"],
    ['main/kiosk/x.ts', "import { app } from 'electron';"],
  ])('%s refuses %s', async (path, code) => {
    expect(await refusals(path, code)).not.toEqual([]);
  });

  it.each([
    ['domain/x.ts', "import { z } from 'zod';"],
    ['domain/x.ts', "import { parse } from 'csv-parse/sync';"],
    ['domain/x.ts', "import { cents } from './money';"],
    ['db/x.ts', "import Database from 'better-sqlite3';"],
    ['server/x.ts', "import Fastify from 'fastify';"],
    ['renderer/x.ts', "import { useState } from 'react';"],
    ['renderer/x.ts', "import { createStore } from 'zustand/vanilla';"],
    ['main/kiosk/x.ts', "import Fastify from 'fastify';"],
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['main/till/x.ts', "import { openDatabase } from '../../db/open';"],
  ])('%s lets %s through', async (path, code) => {
    expect(await refusals(path, code)).toEqual([]);
  });
});
