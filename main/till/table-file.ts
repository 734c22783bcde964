/** The table reader moved to domain/ so the server reads suppliers' files by the same rules. */
export * from '../../domain/table-file';
