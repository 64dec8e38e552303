"""Papers the ward can edit: legal bases per rule set, the ward's paper settings, and .docx rendering."""
