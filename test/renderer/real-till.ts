/** The till's modules a renderer test runs for real, loaded together (one copy of each). */
export { startTill } from '../../main/index';
export { invoke } from '../../main/api';
export { findUserByName } from '../../db/users';
