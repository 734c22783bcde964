/** A selling till that holds its database until it is killed: `READY` once it does. */
import { startTill } from '../../../main/index';

// Held to the end: a till nobody references could be collected, and its lock with it.
const till = startTill({ dbPath: process.argv[2] ?? '', exclusive: true });
process.stdout.write('READY\n');
setInterval(() => till.db.open, 60_000);
