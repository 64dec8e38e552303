"""Accounts (tài khoản): the ward admin's page to create, scope, disable and reset users, and login slips."""
