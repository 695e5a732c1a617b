"""The description shown at the top of /api/docs/ (drf-spectacular's DESCRIPTION): how a
client gets a token and calls the API with it."""

API_DESCRIPTION = """
REST API of the campaign-planning portal. Every answer is limited to the units the caller
may see, exactly as on the pages.

## Authentication

Requests are authenticated with a personal API token, sent in the `Authorization` header
as `Token <secret>` (a browser already signed in to the portal may also use its session).

1. Sign in to the portal and open **Hồ sơ cá nhân** (`/accounts/profile/`) or
   **Mã truy cập API** (`/accounts/tokens/`) from the user menu.
2. Create a token with a name that says which program uses it. The secret (it starts with
   `ctt_`) is shown **once**: copy it then. Each token expires (30 days by default), dies
   with a deactivated account, and can be revoked on the same page at any time.
3. Call the API with it:

```
curl -H "Authorization: Token ctt_your_secret" http://127.0.0.1:8000/api/v1/units/
```

A program can also exchange a username and password for a token with
`POST /api/v1/auth/login/` and revoke it with `POST /api/v1/auth/logout/`; a missing,
expired or revoked token is answered with 401.
""".strip()
