/**
 * Training mode: volunteers learn on the real till without touching the books. While it is on,
 * the till's operations run on a training copy of the database (a second SQLite file beside the
 * real one, made fresh from its catalogue, members, users and settings), so that no code path can
 * write a practice sale to the real journal, tickets, stock, outbox, Z report or export: they are
 * in another file. Entering and leaving are a manager's acts, journaled in the real journal (no
 * money in them), which is what says whether the till is in training. Leaving deletes the copy. A
 * till restarted in training comes back in training: it never goes back to real selling unseen.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { TillError } from '../domain/errors';
import { copyForTraining, lastTrainingAct } from '../db/training-copy';
import { openDatabase, type Db } from '../db/open';
import * as sessions from '../db/sessions';
import { findUser, setUserLocale, type User } from '../db/users';
import { TillContext } from './till/context';
import type { TillEventListener } from './till/events';
import type { Approval, TrainingSwitch, TrainingView } from './till/operation';
import { openSession } from './till/sessions';

export interface TrainingDeps {
  /** The real database's file: the copy lives beside it. */
  dbPath: string;
  /** The real till's context: its journal records entering and leaving, its PINs approve. */
  real: TillContext;
  clock: () => Date;
  newId: () => string;
  /**
   * This process holds the till (the selling till): it alone makes or removes the copy at start.
   * A second process beside it (a device test) only follows what the journal says.
   */
  owner: boolean;
  /** The training till's events: the devices print its receipts (marked) and the screens follow. */
  onEvent: TillEventListener;
  /** The till went into training or came out: the screens follow who is signed in, and where. */
  changed: (active: boolean) => void;
}

/** The training copy's file, beside the real database. */
export function trainingPath(dbPath: string): string {
  return `${dbPath}-training`;
}

export class Training implements TrainingSwitch {
  private current: { db: Db; ctx: TillContext } | null = null;

  constructor(private readonly deps: TrainingDeps) {}

  /**
   * A till restarted in training comes back in training: the real journal says whether it is
   * (its last training entry). A copy the journal does not back was left by a crash between
   * making it and journaling the start, or between journaling the end and deleting it: removed.
   * A copy lost while the journal says training is made again, empty of practice sales.
   */
  resume(): void {
    const training = lastTrainingAct(this.deps.real.db) === 'start';
    const there = existsSync(trainingPath(this.deps.dbPath));
    if (!this.deps.owner) {
      if (training && there) this.current = this.open();
      return;
    }
    if (!training) {
      this.removeCopy();
      return;
    }
    if (!there) this.makeCopy();
    this.current = this.open();
  }

  /** The context operations run on: the training one while in training, else null. */
  ctx(): TillContext | null {
    return this.current?.ctx ?? null;
  }

  active(): boolean {
    return this.current !== null;
  }

  view(): TrainingView {
    return { active: this.active() };
  }

  start(approval?: Approval): TrainingView {
    const { real } = this.deps;
    const manager = real.requireManager(approval, 'start training');
    if (this.current) {
      throw new TillError('training.already_on', 'The till is in training already', {});
    }
    const user = real.requireUser();
    this.makeCopy();
    let opened: { db: Db; ctx: TillContext } | undefined;
    try {
      opened = this.open();
      opened.ctx.continueRevisionsFrom(real);
      // The volunteer goes on where they were: signed in, the till open, a drawer as counted.
      opened.ctx.user = findUser(opened.db, user.id);
      const realSession = sessions.openSessionRow(real.db);
      openSession(opened.ctx, { counts: realSession?.openingCounts ?? {} });
      this.journal('start', manager);
    } catch (error) {
      opened?.db.close();
      this.removeCopy();
      throw error;
    }
    this.current = opened;
    this.deps.changed(true);
    return this.view();
  }

  end(approval?: Approval): TrainingView {
    const current = this.current;
    if (!current) throw new TillError('training.off', 'The till is not in training', {});
    const user = current.ctx.requireUser();
    const manager = user.role === 'manager' ? user : this.approvingManager(approval);
    this.journal('end', manager, () => {
      // The language the volunteer chose while training stays theirs, selling for real.
      if (user.locale !== null) setUserLocale(this.deps.real.db, user.id, user.locale);
    });
    this.current = null;
    current.db.close();
    this.removeCopy();
    this.deps.real.continueRevisionsFrom(current.ctx);
    // Whoever trained stays signed in, now selling for real.
    this.deps.real.user = findUser(this.deps.real.db, user.id);
    this.deps.changed(false);
    return this.view();
  }

  /** The till stops: the copy stays, for the till to come back in training. */
  close(): void {
    this.current?.db.close();
    this.current = null;
  }

  /** Leaving needs a manager's PIN, checked (and its failures counted) on the real till. */
  private approvingManager(approval: Approval | undefined): User {
    const act = 'end training';
    if (!approval)
      throw new TillError('auth.manager_required', `A manager must approve: ${act}`, { act });
    const manager = this.deps.real.checkPin(approval.userId, approval.pin);
    if (manager.role !== 'manager') {
      throw new TillError('auth.manager_required', `A manager must approve: ${act}`, { act });
    }
    return manager;
  }

  private journal(act: 'start' | 'end', manager: User, also?: () => void): void {
    const { real } = this.deps;
    real.transaction(() => {
      also?.();
      const at = real.now();
      real.record(
        {
          docType: 'training',
          document: {
            act,
            by: manager.id,
            signedInUserId: (this.current?.ctx.user ?? real.user)?.id ?? null,
            sessionId: sessions.openSessionRow(real.db)?.id ?? null,
            at,
          },
        },
        real.newId(),
        at,
      );
    });
  }

  /** Made under another name and renamed once whole: a crash mid-copy leaves no half copy. */
  private makeCopy(): void {
    const path = trainingPath(this.deps.dbPath);
    const making = `${path}-new`;
    this.removeCopy();
    removeDatabaseFiles(making);
    const db = openDatabase(making);
    try {
      copyForTraining(db, this.deps.dbPath);
    } finally {
      db.close();
    }
    renameSync(making, path);
  }

  private open(): { db: Db; ctx: TillContext } {
    const db = openDatabase(trainingPath(this.deps.dbPath));
    const ctx = new TillContext({
      db,
      clock: this.deps.clock,
      newId: this.deps.newId,
      onEvent: this.deps.onEvent,
      training: true,
    });
    return { db, ctx };
  }

  private removeCopy(): void {
    removeDatabaseFiles(trainingPath(this.deps.dbPath));
  }
}

function removeDatabaseFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
}
