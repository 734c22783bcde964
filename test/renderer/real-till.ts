/** The till's modules a renderer test runs for real, loaded together (one copy of each). */
export { startTill } from '../../main/index';
export { handle } from '../../main/api';
export { findUserByName } from '../../db/users';
