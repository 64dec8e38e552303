"""Operations: consistent backups of the database and restoring one."""
