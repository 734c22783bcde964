import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillError } from '../../domain/errors';
import { findMemberByCard, findMemberByNumber } from '../../db/members';
import { runCli } from '../../main/cli/till';
import { importMembersCsv } from '../../main/till/import-members';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => t.close());

const AT = '2026-03-01T00:00:00.000Z';
const utf8 = (text: string) => new TextEncoder().encode(text);
/** What Excel writes on a Belgian Windows: a BOM, `;` and CRLF. */
const excel = (lines: string[]) => utf8(`\ufeff${lines.join('\r\n')}\r\n`);
const importing = (bytes: Uint8Array) => importMembersCsv(t.db, bytes, AT);
const card = (n: number) => ean13(`0420000${String(n).padStart(5, '0')}`);

function refusal(work: () => unknown): TillError & { problems?: unknown } {
  try {
    work();
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a TillError');
}

const allMembers = () => t.db.prepare('SELECT * FROM members ORDER BY id').all();

/** Signs in, opens the till, scans the card: what the till shows of the member. */
function atTheTill(code: string) {
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  if (!t.till.currentSession()) t.till.openSession({ counts: {} });
  return t.till.attachMember({ barcode: code }).member;
}

describe('npm run till -- import-members', () => {
  it('imports our columns from a Belgian Excel file, and the till applies them', async () => {
    const path = join(t.dir, 'members.csv');
    writeFileSync(
      path,
      excel([
        'Number;Name;Card;Status;Household_size;Household_names;May_shop_anyway;Member_of',
        `2001;Sarah Janssens;${card(2001)};up_to_date;3;Lou | Mia;0;`,
        `2002;Bram Claes;${card(2002)};suspended;1;;oui;`,
        `2003;Lou Janssens;${card(2003)};;;;;2001`,
        `1001;Anne Peeters-Dupont;;alert;;;;`,
      ]),
    );
    const out: string[] = [];
    t.db.close();
    const code = await runCli(['import-members', path, '--db', t.path], (line) => out.push(line));
    t.reopen();
    expect(code).toBe(0);
    expect(out).toEqual(['4 members imported (3 new, 1 updated)']);

    expect(findMemberByNumber(t.db, '2001')).toMatchObject({
      name: 'Sarah Janssens',
      eaters: 3,
      eaterNames: ['Lou', 'Mia'],
    });
    // Anne keeps her card (an empty cell leaves it) and her household.
    expect(findMemberByNumber(t.db, '1001')).toMatchObject({
      name: 'Anne Peeters-Dupont',
      cardBarcode: FIXTURE.memberCard,
      status: 'alert',
      eaters: 2,
    });
    expect(atTheTill(card(2002))).toMatchObject({ mayShop: true, mayShopOverride: true });
    // Lou's own card is Sarah's: Sarah's name, status and household.
    expect(atTheTill(card(2003))).toMatchObject({
      number: '2001',
      name: 'Sarah Janssens',
      statusLabel: 'À jour',
      eaters: 3,
    });
  });

  it("imports an Obeesdoo export with BEES coop's words", () => {
    const result = importing(
      utf8(
        [
          'cooperator_register_number,display_name,barcode,cooperative_status,child_eater_ids,parent_eater_id/cooperator_register_number',
          `3001,Bee One,${card(3001)},ok,"Léa Dubois, Tom Dubois",`,
          `3002,Bee Two,${card(3002)},holiday,,`,
          `3003,Bee Three,${card(3003)},resigning,,`,
          `3004,Eater With Card,${card(3004)},,,3002`,
        ].join('\n'),
      ),
    );
    expect(result).toEqual({ added: 4, updated: 0, unknownStatuses: [] });
    expect(atTheTill(card(3001))).toMatchObject({
      status: 'ok',
      mayShop: true,
      eaters: 3,
      eaterNames: ['Léa Dubois', 'Tom Dubois'],
    });
    expect(atTheTill(card(3002))).toMatchObject({ status: 'holiday', block: 'soft' });
    expect(atTheTill(card(3004))).toMatchObject({ number: '3002', status: 'holiday' });
  });

  it("imports a La Louve export with La Louve's words, force_customer and labels", () => {
    const result = importing(
      excel([
        'barcode_base;name;barcode;cooperative_state;force_customer;parent_id/barcode_base',
        `4001;Loup Un;${card(4001)};up_to_date;False;`,
        `4002;Loup Deux;${card(4002)};blocked;True;`,
        `4003;Loup Trois;${card(4003)};Unpayed;False;`,
        `4004;Loup Quatre;${card(4004)};En vacances;False;`,
        `4005;Associée;${card(4005)};not_concerned;False;4003`,
      ]),
    );
    expect(result).toEqual({ added: 5, updated: 0, unknownStatuses: [] });
    expect(atTheTill(card(4002))).toMatchObject({ status: 'blocked', mayShop: true });
    expect(atTheTill(card(4003))).toMatchObject({
      status: 'unpayed',
      mayShop: false,
      block: 'hard',
    });
    expect(atTheTill(card(4004))).toMatchObject({ status: 'vacation', block: 'soft' });
    expect(atTheTill(card(4005))).toMatchObject({ number: '4003', block: 'hard' });
  });

  it('takes a status the till does not know, says so, and the till shows it as unknown', () => {
    const result = importing(utf8(`number,name,status\n5001,Nouvelle,gold\n5002,Autre,gold\n`));
    expect(result.unknownStatuses).toEqual(['gold']);
    expect(findMemberByNumber(t.db, '5001')?.status).toBe('gold');
  });

  it('erases nothing the file leaves out: other members, and the columns it does not have', () => {
    const before = findMemberByNumber(t.db, '1002');
    importing(utf8('number,status\n1001,exempted\n'));
    expect(findMemberByNumber(t.db, '1002')).toEqual(before);
    expect(findMemberByNumber(t.db, '1001')).toMatchObject({
      name: 'Anne Peeters',
      cardBarcode: FIXTURE.memberCard,
      status: 'exempted',
      eaters: 2,
    });
  });

  it('lets two members swap cards in one file', () => {
    importing(utf8(`number,card\n1001,${FIXTURE.suspendedCard}\n1002,${FIXTURE.memberCard}\n`));
    expect(findMemberByCard(t.db, [FIXTURE.memberCard])?.number).toBe('1002');
    expect(findMemberByCard(t.db, [FIXTURE.suspendedCard])?.number).toBe('1001');
  });
});

describe('a member file that is wrong', () => {
  it('is refused as a whole, each problem by its line and column, and changes nothing', () => {
    const before = allMembers();
    const error = refusal(() =>
      importing(
        excel([
          'number;name;card;status;household_size;household_names;may_shop_anyway;member_of',
          `6001;Bonne Ligne;${card(6001)};ok;1;;;`,
          '',
          `6002;;${ean13('042000006002').slice(0, 12)}9;ok;deux;;peut-être;`,
          `6003;"Deux`,
          `lignes";;;2;A|B|C;;`,
          `6001;Doublon;${card(6001)};ok;;;;`,
          `6004;Associé;;;;;;9999`,
          `6005;Associé d'associé;;;;;;1003`,
          `6006;Carte prise;${FIXTURE.suspendedCard};ok;;;;`,
          `1003;Associé;;;;;;1001`,
          `;Sans numéro;;ok;;;;`,
          `6007;Ambigu;;À jour;;;;`,
        ]),
      ),
    );
    expect(error.code).toBe('import.invalid');
    expect(error.message.split('\n').slice(1)).toEqual([
      'line 4, name: a new member needs a name',
      'line 4, card: this EAN-13 has a wrong check digit',
      'line 4, household_size: "deux" is not a number of people (0 to 99)',
      'line 4, may_shop_anyway: "peut-être" is not yes or no (1/0, true/false, oui/non, ja/nee)',
      'line 5, status: a new member needs a status',
      'line 5, household_size: a household of 2 cannot hold the member and 3 other names',
      'line 7, number: member 6001 is also on line 2',
      'line 7, card: the card ' + card(6001) + ' is also on line 2',
      'line 8, member_of: no member has the number 9999',
      'line 9, member_of: member 1003 is an associated person themselves',
      'line 10, card: the card ' + FIXTURE.suspendedCard + " is member 1002's",
      'line 12, number: a member number is required',
      'line 13, status: "À jour" is the label of ok and up_to_date: give the code',
    ]);
    expect(allMembers()).toEqual(before);
  });

  it('refuses to make a member with associated persons an associated person', () => {
    importing(utf8('number,name,status,member_of\n2101,Associée,ok,1001\n'));
    const error = refusal(() => importing(utf8('number,member_of\n1001,1002\n')));
    expect(error.message).toContain(
      "line 2, member_of: 2101 shop on this member's card: a member with associated persons cannot become one",
    );
    // Moving the associated person along in the same file is fine.
    importing(utf8('number,member_of\n1001,1002\n2101,1002\n'));
    expect(findMemberByNumber(t.db, '2101')?.memberOf).toBe(2);
  });

  it('names the columns it needs, or two that say the same', () => {
    expect(refusal(() => importing(utf8('name,status\nX,ok\n'))).code).toBe(
      'import.missing_columns',
    );
    const twice = refusal(() => importing(utf8('number,barcode_base\n1,2\n')));
    expect(twice.code).toBe('import.duplicate_columns');
    expect(twice.message).toContain('"number" and "barcode_base"');
    expect(refusal(() => importing(utf8(''))).code).toBe('import.empty');
  });

  it('is reported by the command line in words, with exit code 1', async () => {
    const path = join(t.dir, 'bad.csv');
    writeFileSync(path, 'number,name,status\n7001,,ok\n');
    const err: string[] = [];
    t.db.close();
    const code = await runCli(
      ['import-members', path, '--db', t.path],
      () => {},
      (line) => err.push(line),
    );
    t.reopen();
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('line 2, name: a new member needs a name');
  });
});

describe("the coop's policy, set from the command line", () => {
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    t.db.close();
    const code = await runCli(
      [...args, '--db', t.path],
      (line) => out.push(line),
      (line) => err.push(line),
    );
    t.reopen();
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('makes a status hard, adds one of its own, and asks for tickets with no member', async () => {
    expect(await cli('member-status', 'suspended', 'hard')).toMatchObject({
      code: 0,
      out: 'suspended: may not shop (hard block)',
    });
    expect(atTheTill(FIXTURE.suspendedCard)).toMatchObject({
      block: 'hard',
      statusLabel: 'Suspendu',
    });

    const missingLabels = await cli('member-status', 'maison', 'shop');
    expect(missingLabels.code).toBe(1);
    expect(missingLabels.err).toContain('"maison" is a new status: give its labels');
    expect((await cli('member-status', 'maison', 'shop', 'Maison', 'Huis', 'House')).code).toBe(0);
    importing(utf8(`number,name,card,status\n8001,Chez Nous,${card(8001)},maison\n`));
    expect(atTheTill(card(8001))).toMatchObject({
      status: 'maison',
      statusKnown: true,
      statusLabel: 'Maison',
      mayShop: true,
    });

    expect((await cli('no-member', 'acknowledge')).code).toBe(0);
    expect((await cli('no-member', 'sometimes')).code).toBe(1);
    const listed = await cli('member-statuses');
    expect(listed.out).toContain('suspended      hard  Suspendu / Geschorst / Suspended');
    expect(listed.out).toContain('maison         shop  Maison / Huis / House');
    expect(listed.out).toContain('Tickets with no member: acknowledge');
  });
});
