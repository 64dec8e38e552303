"""Users, roles, TDP scopes, login and API tokens."""
