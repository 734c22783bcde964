/** A selling till that holds its database until it is killed: `READY` once it does. */
import { startTill } from '../../../main/index';

startTill({ dbPath: process.argv[2] ?? '', exclusive: true });
process.stdout.write('READY\n');
setInterval(() => undefined, 60_000);
