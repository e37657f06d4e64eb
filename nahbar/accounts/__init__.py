"""Provider and staff accounts: sign-in with a second factor, invitations, self-registration (docs/accounts.md)."""
