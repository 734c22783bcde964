import { TillError } from '../../domain/errors';
import { isValidEan13, isValidEan8 } from '../../domain/barcode';
import type { Db } from '../../db/open';
import * as members from '../../db/members';
import { readTable, type Table } from './table-file';

/** Our columns; `number` is required, the others may be left out (the till keeps what it has). */
export const MEMBER_COLUMNS = [
  'number',
  'name',
  'card',
  'status',
  'household_size',
  'household_names',
  'may_shop_anyway',
  'member_of',
] as const;
type Column = (typeof MEMBER_COLUMNS)[number];

/** Column names of Odoo exports (technical field names) that mean ours. */
export const COLUMN_ALIASES: Record<string, Column> = {
  // Obeesdoo (BEES coop)
  cooperator_register_number: 'number',
  barcode: 'card',
  cooperative_status: 'status',
  child_eater_ids: 'household_names',
  'parent_eater_id/cooperator_register_number': 'member_of',
  // La Louve (coop_membership)
  barcode_base: 'number',
  cooperative_state: 'status',
  force_customer: 'may_shop_anyway',
  'parent_id/barcode_base': 'member_of',
  // Either
  display_name: 'name',
};

export interface MemberImportProblem {
  line: number;
  /** The column as the file names it. */
  column: string;
  message: string;
}

export interface MemberImportResult {
  added: number;
  updated: number;
  /** Status words the till's table lacks: those members may not shop (soft block) until it has them. */
  unknownStatuses: string[];
}

const YES = new Set(['1', 'true', 'yes', 'oui', 'ja', 'vrai', 'x']);
const NO = new Set(['0', 'false', 'no', 'non', 'nee', 'faux']);

const cardProblem = (code: string): string | null => {
  if (!/^[\x21-\x7e]{1,64}$/.test(code)) return 'a card is up to 64 letters or digits, no spaces';
  if (/^\d{13}$/.test(code) && !isValidEan13(code)) return 'this EAN-13 has a wrong check digit';
  if (/^\d{8}$/.test(code) && !isValidEan8(code)) return 'this EAN-8 has a wrong check digit';
  return null;
};

/** Which of the file's columns holds each of ours; two columns for one of ours is a problem. */
function mapColumns(table: Table): Map<Column, string> {
  const mapped = new Map<Column, string>();
  for (const name of table.columns) {
    const column = (MEMBER_COLUMNS as readonly string[]).includes(name)
      ? (name as Column)
      : COLUMN_ALIASES[name];
    if (!column) continue;
    const other = mapped.get(column);
    if (other !== undefined) {
      throw new TillError(
        'import.duplicate_columns',
        `The columns "${other}" and "${name}" both give the member's ${column}: keep one`,
        { columns: `${other}, ${name}` },
      );
    }
    mapped.set(column, name);
  }
  if (!mapped.has('number')) {
    throw new TillError(
      'import.missing_columns',
      'Missing columns: number (or cooperator_register_number, barcode_base)',
      { columns: 'number' },
    );
  }
  return mapped;
}

type StatusWord = { code: string; known: boolean } | { ambiguous: string[] };

/**
 * A status as the coop's table spells it: its code, or a label in any language, any case (an
 * export of labels rather than codes). A label two statuses share names neither.
 */
function statusResolver(db: Db): (word: string) => StatusWord {
  const rules = members.listMemberStatuses(db);
  const byLabel = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const label of Object.values(rule.labels)) {
      const key = label.toLowerCase();
      byLabel.set(key, (byLabel.get(key) ?? new Set()).add(rule.code));
    }
  }
  const byCode = new Map(rules.map((rule) => [rule.code.toLowerCase(), rule.code]));
  return (word) => {
    const key = word.toLowerCase();
    const code = byCode.get(key) ?? byCode.get(key.replace(/[\s-]+/g, '_'));
    if (code !== undefined) return { code, known: true };
    const codes = [...(byLabel.get(key) ?? [])];
    if (codes.length > 1) return { ambiguous: codes };
    return codes[0] === undefined ? { code: word, known: false } : { code: codes[0], known: true };
  };
}

interface Parsed {
  line: number;
  number: string;
  existing: members.Member | undefined;
  name?: string;
  card?: string;
  status?: string;
  eaters?: number;
  eaterNames?: string[];
  mayShopAnyway?: boolean;
  memberOf?: string;
}

type Report = (column: Column, message: string) => void;

interface Context {
  db: Db;
  resolveStatus: (word: string) => StatusWord;
  unknown: Set<string>;
}

/** One row's cells, each checked on its own; what is wrong is reported, what is right kept. */
function parseRow(
  number: string,
  line: number,
  cell: (column: Column) => string | undefined,
  report: Report,
  context: Context,
): Parsed {
  if (number.length > 32) report('number', 'a member number is at most 32 characters');
  const entry: Parsed = { line, number, existing: members.findMemberByNumber(context.db, number) };
  entry.name = cell('name');
  if (entry.name !== undefined && entry.name.length > 200)
    report('name', 'a name is at most 200 characters');
  if (entry.name === undefined && !entry.existing) report('name', 'a new member needs a name');
  entry.card = cell('card');
  const cardError = entry.card === undefined ? null : cardProblem(entry.card);
  if (cardError) report('card', cardError);
  entry.memberOf = cell('member_of');
  const status = cell('status');
  if (status !== undefined) {
    const resolved = context.resolveStatus(status);
    if ('ambiguous' in resolved) {
      report(
        'status',
        `"${status}" is the label of ${resolved.ambiguous.join(' and ')}: give the code`,
      );
    } else if (resolved.code.length > 64) {
      report('status', 'a status is at most 64 characters');
    } else {
      if (!resolved.known) context.unknown.add(resolved.code);
      entry.status = resolved.code;
    }
  } else if (!entry.existing && entry.memberOf === undefined) {
    report('status', 'a new member needs a status');
  }
  const names = cell('household_names');
  if (names !== undefined) {
    entry.eaterNames = names
      .split(/[|;,\n]+/)
      .map((name) => name.trim())
      .filter(Boolean);
  }
  const size = cell('household_size');
  if (size !== undefined) {
    if (!/^\d{1,2}$/.test(size))
      report('household_size', `"${size}" is not a number of people (0 to 99)`);
    else entry.eaters = Number(size);
  }
  const others = entry.eaterNames?.length ?? 0;
  if (entry.eaters !== undefined && others > 0 && entry.eaters < others + 1) {
    report(
      'household_size',
      `a household of ${entry.eaters} cannot hold the member and ${others} other names`,
    );
  }
  const anyway = cell('may_shop_anyway')?.toLowerCase();
  if (anyway !== undefined) {
    if (YES.has(anyway)) entry.mayShopAnyway = true;
    else if (NO.has(anyway)) entry.mayShopAnyway = false;
    else
      report('may_shop_anyway', `"${anyway}" is not yes or no (1/0, true/false, oui/non, ja/nee)`);
  }
  return entry;
}

/**
 * What one row means beside the others and the till's members: an associated person's member
 * exists and is not one too, and no card ends up on two members.
 */
function checkLinks(
  entry: Parsed,
  byNumber: Map<string, Parsed>,
  lineOfCard: Map<string, number>,
  report: Report,
  db: Db,
): void {
  if (entry.memberOf !== undefined) {
    const inFile = byNumber.get(entry.memberOf);
    const inTill = members.findMemberByNumber(db, entry.memberOf);
    // Whether the member named is, once the file is in, an associated person too.
    const associated = inFile
      ? inFile.memberOf !== undefined || (inFile.existing?.memberOf ?? null) !== null
      : (inTill?.memberOf ?? null) !== null;
    if (entry.memberOf === entry.number) {
      report('member_of', 'a member cannot be their own associated person');
    } else if (!inFile && !inTill) {
      report('member_of', `no member has the number ${entry.memberOf}`);
    } else if (associated) {
      report('member_of', `member ${entry.memberOf} is an associated person themselves`);
    }
    const associates = entry.existing
      ? members
          .associatesOf(db, entry.existing.id)
          .filter((number) => byNumber.get(number)?.memberOf === undefined)
      : [];
    if (associates.length > 0) {
      report(
        'member_of',
        `${associates.join(', ')} shop on this member's card: a member with associated persons cannot become one`,
      );
    }
  }
  const card = entry.card;
  if (card === undefined) return;
  const earlier = lineOfCard.get(card);
  if (earlier !== undefined) report('card', `the card ${card} is also on line ${earlier}`);
  lineOfCard.set(card, entry.line);
  // A card may move from a member the file gives another card; not from one it leaves alone.
  const owner = members.findMemberByCard(db, [card]);
  if (owner && owner.number !== entry.number && byNumber.get(owner.number)?.card === undefined) {
    report('card', `the card ${card} is member ${owner.number}'s`);
  }
}

/**
 * Imports members from a CSV file (ours, or an Obeesdoo or La Louve export), all or nothing:
 * every problem is named by line and column and nothing is written unless the whole file is
 * right. Members are matched by number; a member or a column the file leaves out, or an empty
 * cell, keeps what the till has.
 */
export function importMembersCsv(db: Db, bytes: Uint8Array, updatedAt: string): MemberImportResult {
  const table = readTable(bytes);
  const columns = mapColumns(table);
  const context: Context = { db, resolveStatus: statusResolver(db), unknown: new Set() };
  const problems: MemberImportProblem[] = [];
  const reporter =
    (line: number): Report =>
    (column, message) =>
      problems.push({ line, column: columns.get(column) ?? column, message });
  const parsed: Parsed[] = [];
  const lineOfNumber = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (column: Column): string | undefined => {
      const name = columns.get(column);
      const value = name === undefined ? undefined : row.cells.get(name);
      return value === '' ? undefined : value;
    };
    const report = reporter(row.line);
    const number = cell('number');
    if (number === undefined) {
      report('number', 'a member number is required');
      continue;
    }
    const earlier = lineOfNumber.get(number);
    if (earlier !== undefined) report('number', `member ${number} is also on line ${earlier}`);
    lineOfNumber.set(number, row.line);
    parsed.push(parseRow(number, row.line, cell, report, context));
  }
  const byNumber = new Map(parsed.map((entry) => [entry.number, entry]));
  const lineOfCard = new Map<string, number>();
  for (const entry of parsed) checkLinks(entry, byNumber, lineOfCard, reporter(entry.line), db);
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const list = problems.map((p) => `line ${p.line}, ${p.column}: ${p.message}`);
    const error = new TillError(
      'import.invalid',
      `Nothing imported; ${problems.length} problem(s):\n${list.join('\n')}`,
      { problems: problems.length },
    );
    throw Object.assign(error, { problems });
  }
  const unknownStatuses = [...context.unknown].sort();
  return db.transaction(() => write(db, parsed, updatedAt, unknownStatuses)).immediate();
}

function write(
  db: Db,
  parsed: Parsed[],
  updatedAt: string,
  unknownStatuses: string[],
): MemberImportResult {
  let nextId = members.maxMemberId(db) + 1;
  const ids = new Map(parsed.map((entry) => [entry.number, entry.existing?.id ?? nextId++]));
  // A card that moves from one member to another in the same file is free before either is written.
  members.clearMemberCards(
    db,
    parsed.flatMap((entry) =>
      entry.existing && entry.card !== undefined && entry.card !== entry.existing.cardBarcode
        ? [entry.existing.id]
        : [],
    ),
  );
  // Members first, their associated persons after: a person points at a member already written.
  const ordered = [...parsed].sort(
    (a, b) => Number(a.memberOf !== undefined) - Number(b.memberOf !== undefined),
  );
  for (const entry of ordered) {
    const old = entry.existing;
    const names = entry.eaterNames ?? old?.eaterNames ?? [];
    const memberOf =
      entry.memberOf === undefined
        ? (old?.memberOf ?? null)
        : (ids.get(entry.memberOf) ?? members.findMemberByNumber(db, entry.memberOf)?.id ?? null);
    members.upsertMember(db, {
      id: ids.get(entry.number) as number,
      number: entry.number,
      name: entry.name ?? old?.name ?? '',
      cardBarcode: entry.card ?? old?.cardBarcode ?? null,
      status: entry.status ?? old?.status ?? '',
      mayShopOverride: entry.mayShopAnyway ?? old?.mayShopOverride ?? false,
      eaters: entry.eaters ?? (entry.eaterNames ? names.length + 1 : (old?.eaters ?? 1)),
      eaterNames: names,
      memberOf,
      updatedAt,
    });
  }
  const added = parsed.filter((entry) => !entry.existing).length;
  return { added, updated: parsed.length - added, unknownStatuses };
}
